import type { DocumentFormat, FileSource, Verdict } from "../db/schema/index.ts";
import { readEInvoice, type EInvoiceReading, type StoredEInvoice } from "../einvoice/index.ts";
import { MIN_DOCUMENT_IMAGE_PIXELS } from "../limits.ts";
import { imageHeader } from "../formats/images.ts";
import { checkPdfStructure } from "../pdf/structure.ts";
import { readPdfObjects } from "../pdf/objects.ts";
import { firstFinding } from "./rules/index.ts";
import { sniff } from "../formats/sniff.ts";
import { kindOf, reason, reasonColumns, type Reason, type ReasonCode } from "../reasons/catalogue.ts";

export interface Decision {
  verdict: Verdict;
  detectedType: string;
  reasonCode: ReasonCode | null;
  reasonParams: Record<string, unknown> | null;
  /** The reason in English, stored beside its code for logs. */
  reason: string | null;
  format: DocumentFormat | null;
  scanner: string | null;
  signature: string | null;
  /** What an e-invoice said (StoredEInvoice as JSON), for a document that is one. */
  einvoice: string | null;
}

function storedEInvoice({ embeddedXml: _bytes, ...reading }: EInvoiceReading): string {
  return JSON.stringify(reading satisfies StoredEInvoice);
}

/** The built-in rules, named in inbox items as the scanner that fired. */
export const BUILT_IN = "built-in rules";

/** A file as the scan step knows it. */
export interface ScanSubject {
  bytes: Uint8Array;
  /** The name as the sender wrote it; the rules on names look at this one. */
  originalName: string;
  source: FileSource;
}

/**
 * Decides, from the bytes, what a file is and whether it may be imported:
 * first the built-in rules (src/scan/rules/), any of which makes it
 * `malicious`; then damaged files are `invalid`, types we do not import
 * `unsupported`, documents (PDF, image, e-invoice XML) import, and
 * office/text files can accompany an invoice.
 */
export async function decide({ bytes, originalName, source }: ScanSubject): Promise<Decision> {
  const detected = await sniff(bytes);
  const pdf = detected.family === "pdf" ? await readPdfObjects(bytes) : null;
  const decision = (verdict: Verdict, why: Reason | null, extra: Partial<Decision> = {}): Decision => ({
    verdict,
    detectedType: detected.mime,
    ...(why ? reasonColumns(why) : { reasonCode: null, reasonParams: null, reason: null }),
    format: null,
    scanner: verdict === "malicious" ? BUILT_IN : null,
    signature: null,
    einvoice: null,
    ...extra,
  });
  /** A file that is not imported, with the verdict its reason's kind says. */
  const refused = (why: Reason) => decision(kindOf(why.code) as Verdict, why);

  // An order (Order-X, UBL Order) looks like an e-invoice and is not one: never a purchase invoice, alone or beside one.
  const notAnInvoice = (document: { description: string; attachment: string | null } | undefined) =>
    refused(reason("NOT_AN_INVOICE", { document: document?.description ?? "order", attachment: document?.attachment ?? null }));

  const finding = await firstFinding({ bytes, detected, originalName, source, pdf });
  if (finding) return decision("malicious", finding);

  switch (detected.family) {
    case "pdf": {
      const structure = checkPdfStructure(bytes);
      if (!structure.ok) return refused(reason("PDF_DAMAGED", { problem: structure.problem }));
      // An owner password only restricts printing or copying: such a file opens without a password, and
      // its plain dictionaries were all checked, unless it keeps object streams or files encrypted.
      const encryption = pdf!.encryption;
      if (encryption?.opensWithoutPassword === false) return refused(reason("PDF_ENCRYPTED", { how: "password" }));
      if (encryption?.opensWithoutPassword === null) return refused(reason("PDF_ENCRYPTED", { how: "unknown_handler" }));
      if (encryption && encryption.unchecked.length > 0) return refused(reason("PDF_ENCRYPTED", { how: "unchecked", unchecked: encryption.unchecked }));
      // A hybrid PDF (Factur-X, ZUGFeRD, XRechnung) carries its invoice as XML; any other PDF is a plain one.
      const einvoice = readEInvoice(bytes);
      if (einvoice.kind === "einvoice") return decision("document", null, { format: einvoice.reading.format, einvoice: storedEInvoice(einvoice.reading) });
      if (einvoice.kind === "not_einvoice" && einvoice.documentKind === "order") return notAnInvoice(einvoice.document);
      // Its XML lost, the PDF still shows the invoice to a person: imported as a plain PDF, never silently.
      if (einvoice.kind === "unreadable" && einvoice.reason !== "encrypted" && einvoice.attachment !== undefined) {
        return decision("document", reason("EMBEDDED_XML_UNREADABLE", { attachment: einvoice.attachment, detail: einvoice.message }), { format: "pdf" });
      }
      return decision("document", null, { format: "pdf" });
    }
    case "image": {
      const header = imageHeader(detected.ext, bytes);
      if (!header) return refused(reason("IMAGE_DAMAGED", { type: detected.ext.toUpperCase() }));
      if (header.width < MIN_DOCUMENT_IMAGE_PIXELS && header.height < MIN_DOCUMENT_IMAGE_PIXELS) {
        return refused(reason("IMAGE_TOO_SMALL", { width: header.width, height: header.height }));
      }
      return decision("document", null, { format: "image" });
    }
    case "xml": {
      // readEInvoice parses every XML whole (without DOCTYPE, within limits): it also says whether it is well-formed.
      const einvoice = readEInvoice(bytes);
      if (einvoice.kind === "einvoice") return decision("document", null, { format: einvoice.reading.format, einvoice: storedEInvoice(einvoice.reading) });
      if (einvoice.kind === "unreadable") {
        return einvoice.reason === "malformed"
          ? refused(reason("XML_MALFORMED", { detail: einvoice.message.replace(/^The XML is not well-formed: /, "") }))
          : refused(reason("XML_UNREADABLE", { detail: einvoice.message }));
      }
      if (einvoice.documentKind === "order") return notAnInvoice(einvoice.document);
      // Other XML can accompany an invoice (a delivery note, a timesheet), like an office file.
      return decision("companion", einvoice.root ? reason("XML_NOT_AN_INVOICE", { root: einvoice.root }) : null);
    }
    case "office":
    case "text":
      return decision("companion", null);
    case "html":
      return refused(reason("HTML_FILE"));
    case "svg":
      return refused(reason("SVG_FILE"));
    case "archive":
      return refused(reason("ARCHIVE_UNSUPPORTED", { type: detected.ext.toUpperCase() }));
    case "email":
      return refused(reason("EMAIL_FILE", { how: detected.ext === "msg" ? "outlook_msg" : "unopened" }));
    default:
      return refused(reason("UNKNOWN_TYPE", detected.ext === "bin" ? { type: null, mime: null } : { type: detected.ext.toUpperCase(), mime: detected.mime }));
  }
}
