import type { DocumentFormat, FileSource, Verdict } from "../db/schema/index.ts";
import { readEInvoice, type EInvoiceReading, type StoredEInvoice } from "../einvoice/index.ts";
import { MIN_DOCUMENT_IMAGE_PIXELS } from "../limits.ts";
import { imageHeader } from "../formats/images.ts";
import { checkPdfStructure } from "../pdf/structure.ts";
import { readPdfObjects } from "../pdf/objects.ts";
import { firstFinding } from "./rules/index.ts";
import { sniff, type Detected } from "../formats/sniff.ts";

export interface Decision {
  verdict: Verdict;
  detectedType: string;
  reasonCode: string | null;
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
  const decision = (verdict: Verdict, reasonCode: string | null, reason: string | null, extra: Partial<Decision> = {}): Decision => ({
    verdict,
    detectedType: detected.mime,
    reasonCode,
    reason,
    format: null,
    scanner: verdict === "malicious" ? BUILT_IN : null,
    signature: null,
    einvoice: null,
    ...extra,
  });

  // An order (Order-X, UBL Order) looks like an e-invoice and is not one: never a purchase invoice, alone or beside one.
  const notAnInvoice = (message: string) => decision("unsupported", "NOT_AN_INVOICE", `${message} Orders are not imported as purchase invoices.`);

  const finding = await firstFinding({ bytes, detected, originalName, source, pdf });
  if (finding) return decision("malicious", finding.code, finding.reason);

  switch (detected.family) {
    case "pdf": {
      const structure = checkPdfStructure(bytes);
      if (!structure.ok) return decision("invalid", "PDF_DAMAGED", `The PDF is damaged: ${structure.problem}.`);
      // An owner password only restricts printing or copying: such a file opens without a password, and
      // its plain dictionaries were all checked, unless it keeps object streams or files encrypted.
      const encryption = pdf!.encryption;
      if (encryption?.opensWithoutPassword === false) {
        return decision("invalid", "PDF_ENCRYPTED", "The PDF is protected by a password, so it can be neither read nor checked; ask the sender for an unprotected copy.");
      }
      if (encryption?.opensWithoutPassword === null) {
        return decision("invalid", "PDF_ENCRYPTED", "The PDF is encrypted in a way the checks do not know (certificates, or a product's own), so it cannot be checked; ask the sender for an unprotected copy.");
      }
      if (encryption && encryption.unchecked.length > 0) {
        return decision("invalid", "PDF_ENCRYPTED", `The PDF is encrypted, which keeps ${encryption.unchecked.join(" and ")} from the checks; ask the sender for an unprotected copy.`);
      }
      // A hybrid PDF (Factur-X, ZUGFeRD, XRechnung) carries its invoice as XML; any other PDF is a plain one.
      const einvoice = readEInvoice(bytes);
      if (einvoice.kind === "einvoice") return decision("document", null, null, { format: einvoice.reading.format, einvoice: storedEInvoice(einvoice.reading) });
      if (einvoice.kind === "not_einvoice" && einvoice.documentKind === "order") return notAnInvoice(einvoice.message);
      return decision("document", null, null, { format: "pdf" });
    }
    case "image": {
      const header = imageHeader(detected.ext, bytes);
      if (!header) return decision("invalid", "IMAGE_DAMAGED", `The ${detected.ext.toUpperCase()} image is damaged: its header does not decode.`);
      if (header.width < MIN_DOCUMENT_IMAGE_PIXELS && header.height < MIN_DOCUMENT_IMAGE_PIXELS) {
        return decision("ignored", "IMAGE_TOO_SMALL", `The image is ${header.width}×${header.height} pixels, too small to be an invoice (a logo or an icon).`);
      }
      return decision("document", null, null, { format: "image" });
    }
    case "xml": {
      // readEInvoice parses every XML whole (without DOCTYPE, within limits): it also says whether it is well-formed.
      const einvoice = readEInvoice(bytes);
      if (einvoice.kind === "einvoice") return decision("document", null, null, { format: einvoice.reading.format, einvoice: storedEInvoice(einvoice.reading) });
      if (einvoice.kind === "unreadable") {
        return einvoice.reason === "malformed" ? decision("invalid", "XML_MALFORMED", einvoice.message) : decision("invalid", "XML_UNREADABLE", einvoice.message);
      }
      if (einvoice.documentKind === "order") return notAnInvoice(einvoice.message);
      // Other XML can accompany an invoice (a delivery note, a timesheet), like an office file.
      return decision("companion", null, einvoice.message);
    }
    case "office":
    case "text":
      return decision("companion", null, null);
    case "html":
      return decision("unsupported", "HTML_FILE", "It is a web page (HTML), not an invoice document.");
    case "svg":
      return decision("unsupported", "SVG_FILE", "It is an SVG drawing, which is not imported as an invoice.");
    case "archive":
      return decision("unsupported", "ARCHIVE_UNSUPPORTED", `It is a ${detected.ext.toUpperCase()} archive; only ZIP archives are opened. Send the files themselves or a ZIP.`);
    case "email":
      return decision("unsupported", "EMAIL_FILE", detected.ext === "msg" ? "It is an Outlook .msg item; forward the mail itself, or as an attachment in .eml form." : "It is a mail that could not be opened.");
    default:
      return decision("unsupported", "UNKNOWN_TYPE", `Its type (${describe(detected)}) cannot be imported; invoices are imported from PDF, image and e-invoice XML files.`);
  }
}

function describe(detected: Detected): string {
  return detected.ext === "bin" ? "unknown binary data" : `${detected.ext.toUpperCase()}, ${detected.mime}`;
}
