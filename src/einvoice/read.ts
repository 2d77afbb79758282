import { CII_SKIPPED, isCiiInvoice, readCii } from "./cii.ts";
import { MAX_XML_BYTES } from "./limits.ts";
import { businessDocument, ORDER_SKIPPED, type BusinessDocument } from "./orders.ts";
import { indexOfAscii } from "../bytes.ts";
import { attachments, type Attachment } from "../pdf/attachments.ts";
import { PdfDocument } from "../pdf/document.ts";
import type { EInvoiceFormat, EInvoiceResult, InvoiceXmlReading } from "./types.ts";
import { isUblInvoice, readUbl, UBL_SKIPPED } from "./ubl.ts";
import { EncryptedPdf, Unreadable } from "../formats/unreadable.ts";
import { parseXml, type XmlNotes } from "./xml.ts";
import { designatedInvoiceFile } from "./xmp.ts";

const SKIPPED = new Set([...UBL_SKIPPED, ...CII_SKIPPED, ...ORDER_SKIPPED]);

/**
 * The names under which hybrid PDFs embed their invoice, in order of
 * preference when the XMP metadata designates none: Factur-X and ZUGFeRD
 * 2.1+, the ZUGFeRD 2.1 XRECHNUNG profile, ZUGFeRD 2.0 and 1.0 (matched
 * without regard to case, so `ZUGFeRD-invoice.xml` too).
 */
const INVOICE_ATTACHMENT_NAMES = ["factur-x.xml", "xrechnung.xml", "zugferd-invoice.xml"];

/** The name under which Order-X hybrid PDFs embed their order: read only to say what the PDF is instead of an invoice. */
const ORDER_ATTACHMENT_NAMES = ["order-x.xml"];

/**
 * Recognises and reads an e-invoice from a file's bytes: a UBL or CII XML, or
 * a PDF with an embedded invoice XML. Never throws: hostile or damaged input
 * gives `unreadable`, and everything it costs is bounded by limits.ts.
 */
export function readEInvoice(bytes: Uint8Array): EInvoiceResult {
  try {
    if (indexOfAscii(bytes, "%PDF-", 0, 1024) !== -1) return readPdf(bytes);
    if (looksLikeXml(bytes)) return readXml(bytes);
    return { kind: "not_einvoice", message: "The file is neither a PDF nor XML." };
  } catch (error) {
    if (error instanceof EncryptedPdf) {
      return { kind: "unreadable", reason: "encrypted", opensWithoutPassword: error.opensWithoutPassword, message: error.message };
    }
    if (error instanceof Unreadable && error.reason !== "encrypted") {
      const attachment = error instanceof UnreadableAttachment ? { attachment: error.attachment } : {};
      return { kind: "unreadable", reason: error.reason, message: error.message, ...attachment };
    }
    // Input no rule foresaw (a stack overflow, a bug): the file is not read, and the caller is never thrown at.
    console.error("readEInvoice failed unexpectedly", error);
    return { kind: "unreadable", reason: "malformed", message: "The file could not be read." };
  }
}

/**
 * How `format` is chosen, first rule that applies:
 * 1. an XRechnung specification identifier (BT-24 names xrechnung) -> `xrechnung`, in any syntax or container;
 * 2. a stand-alone XML -> `ubl` or `cii` by its syntax, except a ZUGFeRD 1.0 CrossIndustryDocument -> `zugferd`;
 * 3. in a PDF: UBL -> `ubl`; ZUGFeRD 1.0 syntax or an attachment named zugferd-invoice.xml (ZUGFeRD 1.0/2.0) -> `zugferd`;
 *    any other CII (factur-x.xml, ZUGFeRD 2.1+) -> `facturx`.
 */
function chooseFormat(reading: InvoiceXmlReading, attachmentName: string | null): EInvoiceFormat {
  if (/xrechnung/i.test(reading.customizationId ?? "")) return "xrechnung";
  if (reading.syntax === "zugferd1") return "zugferd";
  if (attachmentName === null || reading.syntax === "ubl") return reading.syntax;
  return baseName(attachmentName) === "zugferd-invoice.xml" ? "zugferd" : "facturx";
}

function looksLikeXml(bytes: Uint8Array): boolean {
  const [a, b] = bytes;
  if ((a === 0xfe && b === 0xff) || (a === 0xff && b === 0xfe) || (a === 0x00 && b === 0x3c) || (a === 0x3c && b === 0x00)) return true;
  let i = a === 0xef && b === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && i < 1024 && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c;
}

interface XmlContent {
  /** The invoice, or null when the root is no invoice. */
  reading: InvoiceXmlReading | null;
  /** The other business document it is, if it is one. */
  other: BusinessDocument | null;
  /** The root element, for messages. */
  root: string;
}

/** What an XML document holds. Throws Unreadable. */
function readDocumentXml(bytes: Uint8Array): XmlContent {
  const notes: XmlNotes = {};
  const root = parseXml(bytes, SKIPPED, notes);
  const read = isUblInvoice(root) ? readUbl(root) : isCiiInvoice(root) ? readCii(root) : null;
  const reading = read && notes.unknownEncoding ? { ...read, unknownEncoding: notes.unknownEncoding } : read;
  return { reading, other: reading ? null : businessDocument(root), root: `${root.name} (${root.ns || "no namespace"})` };
}

function readXml(bytes: Uint8Array): EInvoiceResult {
  const { reading, other, root } = readDocumentXml(bytes);
  if (other) {
    return { kind: "not_einvoice", documentKind: other.kind, document: { description: other.description, attachment: null }, message: `The XML is ${withArticle(other.description)}, not an invoice.` };
  }
  if (!reading) return { kind: "not_einvoice", root, message: `The XML is not an invoice: its root element is ${root}.` };
  return { kind: "einvoice", reading: { ...reading, format: chooseFormat(reading, null) } };
}

/** A PDF attachment meant to hold the invoice (or an order) that cannot be read, while the PDF itself can. */
class UnreadableAttachment extends Unreadable {
  override name = "UnreadableAttachment";
  constructor(
    readonly attachment: string,
    cause: Unreadable,
  ) {
    super(cause.reason, `The PDF's ${attachment} cannot be read. ${cause.message}`);
  }
}

/** An attachment decoded and read. Throws UnreadableAttachment. */
function readAttachment(document: PdfDocument, file: Attachment): { xml: Uint8Array; content: XmlContent } {
  try {
    const xml = document.decode(file.stream, MAX_XML_BYTES);
    return { xml, content: readDocumentXml(xml) };
  } catch (error) {
    throw error instanceof Unreadable ? new UnreadableAttachment(file.name, error) : error;
  }
}

/** Hostile content refuses the whole file; other damage in an attachment leaves the rest of the file to read. */
function isHostile(error: Unreadable): boolean {
  return error.reason === "unsafe" || error.reason === "too_large";
}

function readPdf(bytes: Uint8Array): EInvoiceResult {
  const document = PdfDocument.open(bytes);
  const files = attachments(document);
  // The XMP metadata only decides between attachments: a lone factur-x.xml leaves nothing to decide.
  const alone = files.length === 1 && INVOICE_ATTACHMENT_NAMES.includes(baseName(files[0]!.name));
  const candidates = invoiceCandidates(files, alone ? null : designatedInvoiceFile(document));
  let firstProblem: UnreadableAttachment | undefined;
  let other: { name: string; document: BusinessDocument } | undefined;
  for (const file of candidates) {
    let found: ReturnType<typeof readAttachment>;
    try {
      found = readAttachment(document, file);
    } catch (error) {
      if (!(error instanceof UnreadableAttachment) || isHostile(error)) throw error;
      firstProblem ??= error;
      continue;
    }
    const { xml, content } = found;
    if (content.reading) {
      // A copy: an uncompressed attachment is a view into the whole PDF, which the caller should be free to drop.
      return {
        kind: "einvoice",
        reading: { ...content.reading, format: chooseFormat(content.reading, file.name), embeddedXml: { name: file.name, bytes: xml.slice() } },
      };
    }
    if (content.other) other ??= { name: file.name, document: content.other };
  }
  if (firstProblem) throw firstProblem;
  other ??= embeddedOrder(document, files.filter((file) => !candidates.includes(file)));
  if (other) {
    return {
      kind: "not_einvoice",
      documentKind: other.document.kind,
      document: { description: other.document.description, attachment: other.name },
      message: `The PDF embeds ${other.name}, ${withArticle(other.document.description)}, not an invoice.`,
    };
  }
  if (candidates.length > 0) {
    return { kind: "not_einvoice", message: `The PDF embeds ${candidates.map((f) => f.name).join(", ")}, but it holds no invoice.` };
  }
  const others = files.filter((f) => /\.xml$/i.test(f.name)).map((f) => f.name);
  return {
    kind: "not_einvoice",
    message: others.length ? `The PDF embeds ${others.join(", ")}, which is not an invoice XML.` : "The PDF has no embedded invoice XML.",
  };
}

/** The order an Order-X PDF embeds, if any. A damaged one only leaves the PDF a plain one: no invoice was meant. */
function embeddedOrder(document: PdfDocument, files: Attachment[]): { name: string; document: BusinessDocument } | undefined {
  for (const file of files.filter((f) => ORDER_ATTACHMENT_NAMES.includes(baseName(f.name)))) {
    let content: XmlContent;
    try {
      content = readAttachment(document, file).content;
    } catch (error) {
      if (!(error instanceof Unreadable) || isHostile(error)) throw error;
      continue;
    }
    if (content.other) return { name: file.name, document: content.other };
  }
  return undefined;
}

/** The attachments that may hold the invoice: the designated one first, then those named as in INVOICE_ATTACHMENT_NAMES. */
function invoiceCandidates(files: Attachment[], designated: string | null): Attachment[] {
  const rank = (file: Attachment): number | null => {
    const name = baseName(file.name);
    if (designated !== null && name === baseName(designated)) return 0;
    const known = INVOICE_ATTACHMENT_NAMES.indexOf(name);
    return known === -1 ? null : known + 1;
  };
  return files
    .map((file) => ({ file, rank: rank(file) }))
    .filter((candidate): candidate is { file: Attachment; rank: number } => candidate.rank !== null)
    .sort((a, b) => a.rank - b.rank)
    .map((candidate) => candidate.file);
}

function withArticle(description: string): string {
  // "an Order-X order", "a UBL Order": an initialism starting with U is read "you".
  return `${/^([AEIO]|U[a-z])/i.test(description) && !/^U[A-Z]/.test(description) ? "an" : "a"} ${description}`;
}

function baseName(name: string): string {
  return name.split(/[\\/]/).at(-1)!.trim().toLowerCase();
}
