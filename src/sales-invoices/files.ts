import type { SalesInvoiceXmlSyntax } from "../db/schema/index.ts";
import { readEInvoice } from "../einvoice/index.ts";
import { checkPdfStructure } from "../pdf/structure.ts";
import { englishReason, reason } from "../reasons/catalogue.ts";

/**
 * Checks of the files an account uploads with a sales invoice: its
 * customer's software will read them, so they must be what they claim, and
 * an e-invoice (the XML, or the one a Factur-X/ZUGFeRD PDF carries) must be
 * of the invoice the metadata describes.
 */


/** "The XML is not..." -> "the XML is not...", to follow "cannot be sent: ". */
function sentencePart(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1).replace(/\.$/, "");
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const numberMismatch = (found: string | null, expected: string) =>
  `is invoice ${found ?? "(without number)"}, but the metadata says ${expected}: upload the matching files`;

export function checkPdf(bytes: Uint8Array, number: string): Checked<null> {
  const structure = checkPdfStructure(bytes);
  if (!structure.ok) return { ok: false, problem: `it is not a PDF that opens (${sentencePart(englishReason(reason("PDF_DAMAGED", { problem: structure.problem })))})` };
  const embedded = readEInvoice(bytes);
  if (embedded.kind === "einvoice" && embedded.reading.invoice.number !== number) {
    return { ok: false, problem: `its embedded e-invoice (${embedded.reading.format}) ${numberMismatch(embedded.reading.invoice.number, number)}` };
  }
  return { ok: true, value: null };
}

/** The e-invoice XML: well-formed, without DOCTYPE, a UBL or CII invoice carrying `number`. */
export function checkEinvoiceXml(bytes: Uint8Array, number: string): Checked<SalesInvoiceXmlSyntax> {
  if (checkPdfStructure(bytes).ok) return { ok: false, problem: "it is a PDF: give the e-invoice XML here, and a Factur-X or ZUGFeRD PDF as file" };
  const result = readEInvoice(bytes);
  if (result.kind !== "einvoice") return { ok: false, problem: sentencePart(result.message) };
  if (result.reading.invoice.number !== number) return { ok: false, problem: `it ${numberMismatch(result.reading.invoice.number, number)}` };
  return { ok: true, value: result.reading.syntax === "ubl" ? "ubl" : "cii" };
}
