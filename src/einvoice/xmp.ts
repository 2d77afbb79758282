import { Unreadable } from "../formats/unreadable.ts";
import type { PdfDocument } from "../pdf/document.ts";
import { MAX_XMP_BYTES } from "../pdf/limits.ts";
import { PdfStream } from "../pdf/values.ts";
import { parseXml, qualifiedName, textOf, type XmlElement } from "./xml.ts";

/** The XMP schemas in which Factur-X, ZUGFeRD 1.0/2.0 and XRechnung PDFs name their invoice attachment. */
const INVOICE_XMP_NAMESPACES = [
  "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
  "urn:zugferd:pdfa:CrossIndustryDocument:invoice:2p0#",
  "urn:ferd:pdfa:CrossIndustryDocument:invoice:1p0#",
];

/**
 * The attachment the PDF's XMP metadata designates as its invoice
 * (fx:DocumentFileName and its ZUGFeRD twins), or null. Metadata that cannot
 * be read safely is ignored: it only helps choose between attachments.
 */
export function designatedInvoiceFile(document: PdfDocument): string | null {
  const metadata = document.lookup(document.catalog(), "Metadata");
  if (!(metadata instanceof PdfStream)) return null;
  let root: XmlElement;
  try {
    root = parseXml(document.decode(metadata, MAX_XMP_BYTES));
  } catch (error) {
    if (error instanceof Unreadable) return null;
    throw error;
  }
  const pending = [root];
  for (let element = pending.pop(); element; element = pending.pop()) {
    for (const ns of INVOICE_XMP_NAMESPACES) {
      const name = element.ns === ns && element.name === "DocumentFileName" ? textOf(element) : element.attributes[qualifiedName(ns, "DocumentFileName")]?.trim();
      if (name) return name;
    }
    pending.push(...element.children);
  }
  return null;
}
