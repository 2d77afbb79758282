import type { DocumentFormat, InboxKind, Outcome, Verdict } from "../db/schema/index.ts";
import { buyerVatMismatch, sameInvoice, type EInvoiceReading, type InvoiceData, type MandatoryField } from "../einvoice/index.ts";
import { isReasonCode, kindOf, reason, reasonColumns, type Reason, type ReasonCode } from "../reasons/catalogue.ts";
import { derivedId } from "../ids.ts";
import { MAX_INBOX_ITEMS_PER_MAIL } from "../limits.ts";

/** A decided file, as the plan needs it. */
export interface PlanFile {
  id: string;
  position: number;
  name: string;
  sha256: string;
  verdict: Verdict;
  format: DocumentFormat | null;
  /** What the file's e-invoice says, when it is (or embeds) one. */
  einvoice: Pick<EInvoiceReading, "invoice" | "missing" | "unknownEncoding"> | null;
  reasonCode: string | null;
  reasonParams: Record<string, unknown> | null;
  /** The reason in English; the only record of it on rows written before the catalogue. */
  reason: string | null;
  /** For a file an invoice carries (a supporting document): the file that carries it; it is an appendix of that file's invoice, never an invoice itself. */
  parentId?: string | null;
  /**
   * A person's choice (reclassify): `invoice`, a purchase invoice of its own;
   * a purchase invoice id, an appendix of that invoice of the mail; null, as planned.
   */
  placement?: string | null;
}

export interface PlanInput {
  messageId: string;
  sender: string;
  files: PlanFile[];
  /** Hashes of main files already imported for the account from other mails. */
  importedElsewhere: Set<string>;
  /** Pictures that are not invoices (logos, banners) were among the parts the mail held and skipped. */
  skippedPictures: boolean;
  /** Something about the mail as a whole (unreadable, too many files, encrypted, a report, a forwarding confirmation). */
  notice: { kind: InboxKind; code: string; params: Record<string, unknown> | null; reason: string } | null;
  /** The account's own VAT number, which an e-invoice's buyer should carry. */
  accountVatNumber: string | null;
}

export interface PlannedInvoice {
  id: string;
  file: PlanFile;
  appendices: PlanFile[];
  /** The e-invoice data of the invoice (from its main file, or from the XML paired with it). */
  invoice: InvoiceData | null;
  /** BUYER_VAT_MISMATCH, XML_ENCODING_UNKNOWN, and MISSING_<FIELD> for each mandatory field the e-invoice lacks; EMBEDDED_XML_UNREADABLE when it has none because its XML cannot be read. */
  warnings: ReasonCode[];
}

export interface PlannedInboxItem {
  id: string;
  kind: InboxKind;
  reasonCode: string;
  reasonParams: Record<string, unknown> | null;
  /** In English, stored beside the code (src/reasons/). */
  reason: string;
  fileId: string | null;
}

export interface CompletionPlan {
  invoices: PlannedInvoice[];
  inbox: PlannedInboxItem[];
  /** For every file: the purchase invoice it is, or belongs to, or null. */
  links: Map<string, string | null>;
  outcome: Exclude<Outcome, "processing">;
}

const FLAGGED: Verdict[] = ["invalid", "unsupported", "malicious", "scan_failed"];
/** Inbox items that inform and ask for nothing: they never make a mail flagged. */
const INFORMATIONAL: InboxKind[] = ["no_attachment", "forwarding_confirmation", "report"];

/** Which file of a pair is the invoice: a hybrid PDF carries both, then the structured XML, then a PDF, then an image. */
const MAIN_RANK: Record<DocumentFormat, number> = { facturx: 0, zugferd: 0, xrechnung: 1, ubl: 1, cii: 1, pdf: 2, image: 3 };
const isStructured = (f: PlanFile) => f.format !== null && f.format !== "pdf" && f.format !== "image";
const stem = (name: string) => name.toLowerCase().replace(/\.[^.]*$/, "");

/**
 * Decides what a mail whose files are all scanned comes to: which files
 * become purchase invoices, which are their appendices, which go to the
 * inbox and why, and the mail's outcome. Pure, so that running it twice
 * (a redelivered queue message) plans the same rows, with the same ids.
 */
export function planCompletion(input: PlanInput): CompletionPlan {
  const links = new Map<string, string | null>(input.files.map((f) => [f.id, null]));
  const fileItems: PlannedInboxItem[] = [];
  const sorted = [...input.files].sort((a, b) => a.position - b.position);
  // Carried files follow their carrier; only the mail's own files are paired and planned as invoices.
  const files = sorted.filter((f) => !f.parentId);
  const carried = sorted.filter((f) => f.parentId);

  const seen = new Set<string>();
  const fresh: PlanFile[] = [];
  let duplicates = 0;
  for (const file of files.filter((f) => f.verdict === "document")) {
    if (input.importedElsewhere.has(file.sha256) || seen.has(file.sha256)) duplicates++;
    else fresh.push(file);
    seen.add(file.sha256);
  }

  // What a person placed is set apart: a file made an invoice of its own is paired with nothing,
  // a file made an appendix joins its invoice once the invoices are known.
  const ownInvoice = fresh.filter((f) => f.placement === "invoice");
  const placedAsAppendix = files.filter((f) => (f.verdict === "document" ? fresh.includes(f) : f.verdict === "companion") && isInvoiceId(f.placement));
  const paired = fresh.filter((f) => !ownInvoice.includes(f) && !placedAsAppendix.includes(f));
  const firstPosition = (group: PlanFile[]) => Math.min(...group.map((f) => f.position));
  const groups = [...pairDocuments(paired), ...ownInvoice.map((f) => [f])].sort((a, b) => firstPosition(a) - firstPosition(b));
  const invoices: PlannedInvoice[] = groups.map((group) => {
    const [main, ...rest] = [...group].sort((a, b) => MAIN_RANK[a.format!] - MAIN_RANK[b.format!] || a.position - b.position);
    const einvoice = [main!, ...rest].find((f) => f.einvoice)?.einvoice ?? null;
    return { id: derivedId("purchaseInvoice", main!.id), file: main!, appendices: rest, invoice: einvoice?.invoice ?? null, warnings: warningsOf(einvoice, group, input.accountVatNumber) };
  });
  const placed = new Set<PlanFile>();
  for (const file of placedAsAppendix) {
    const target = placedTarget(file, invoices, files);
    if (target) {
      target.appendices.push(file);
      placed.add(file);
    } else if (file.verdict === "document") {
      // Its invoice is gone: a document stands as an invoice of its own again.
      const own = ownInvoiceOf(file, input.accountVatNumber);
      const at = invoices.findIndex((i) => i.file.position > file.position);
      invoices.splice(at === -1 ? invoices.length : at, 0, own);
      placed.add(file);
    }
  }

  const companions = files.filter((f) => f.verdict === "companion" && !placed.has(f));
  if (invoices.length > 0) {
    // Office and text files that come with invoices belong to the first of them.
    invoices[0]!.appendices.push(...companions);
  } else {
    for (const file of companions) {
      const note = file.reasonCode && file.reasonParams ? { code: file.reasonCode, params: file.reasonParams } : null;
      fileItems.push({ ...itemOf(reason("NO_INVOICE_WITH_APPENDIX", { name: file.name, note })), id: derivedId("inboxItem", file.id), fileId: file.id });
    }
  }
  for (const file of carried.filter((f) => f.verdict === "document" || f.verdict === "companion")) {
    invoices.find((i) => i.file.id === file.parentId || i.appendices.some((a) => a.id === file.parentId))?.appendices.push(file);
  }
  for (const invoice of invoices) for (const file of [invoice.file, ...invoice.appendices]) links.set(file.id, invoice.id);

  for (const file of sorted.filter((f) => FLAGGED.includes(f.verdict))) {
    fileItems.push({
      id: derivedId("inboxItem", file.id),
      kind: file.verdict as InboxKind,
      reasonCode: file.reasonCode ?? "UNSPECIFIED",
      reasonParams: file.reasonParams,
      reason: file.reason ?? "",
      fileId: file.id,
    });
  }

  const position = new Map(sorted.map((f) => [f.id, f.position]));
  fileItems.sort((a, b) => position.get(a.fileId!)! - position.get(b.fileId!)!);
  const inbox = capItems(fileItems, MAX_INBOX_ITEMS_PER_MAIL - (input.notice ? 1 : 0), input.messageId);

  const nothingTaken = invoices.length === 0 && duplicates === 0 && inbox.length === 0;
  if (input.notice) {
    const { kind, code, params, reason: sentence } = input.notice;
    inbox.push({ id: derivedId("inboxItem", input.messageId), kind, reasonCode: code, reasonParams: params, reason: sentence, fileId: null });
  } else if (nothingTaken) {
    const noAttachment = reason("NO_ATTACHMENT", { sender: input.sender, smallImagesOnly: files.length > 0 || input.skippedPictures });
    inbox.push({ ...itemOf(noAttachment), id: derivedId("inboxItem", input.messageId), fileId: null });
  }

  const flagged = inbox.some((item) => !INFORMATIONAL.includes(item.kind));
  const outcome: CompletionPlan["outcome"] =
    invoices.length > 0 ? (flagged ? "partially_imported" : "imported") : flagged ? "flagged" : duplicates > 0 ? "duplicate" : "ignored";
  return { invoices, inbox, links, outcome };
}

/** The id of the item that groups a mail's files beyond the inbox item limit. */
export const groupItemId = (messageId: string) => `${derivedId("inboxItem", messageId)}_more`;

/** Gravest first: the kind a group of files takes for its one inbox item. */
const GRAVITY: InboxKind[] = ["malicious", "scan_failed", "invalid", "unsupported"];

/** The files' items within `room`: the first ones as they are, the rest as one item that counts them. */
function capItems(items: PlannedInboxItem[], room: number, messageId: string): PlannedInboxItem[] {
  if (items.length <= room) return items;
  const rest = items.slice(room - 1);
  const counted = (kind: InboxKind) => rest.filter((item) => item.kind === kind).length;
  const why = reason("MORE_FILES_NOT_IMPORTED", {
    count: rest.length,
    malicious: counted("malicious"),
    invalid: counted("invalid"),
    unsupported: counted("unsupported"),
    scanFailed: counted("scan_failed"),
  });
  const kind = GRAVITY.find((k) => counted(k) > 0)!;
  return [...items.slice(0, room - 1), { ...itemOf(why), kind, id: groupItemId(messageId), fileId: null }];
}

const isInvoiceId = (placement: string | null | undefined): placement is string => typeof placement === "string" && placement.startsWith("pin_");

/**
 * The invoice a file placed as an appendix joins: the one its placement
 * names, or, when that invoice's own file was placed as an appendix in turn,
 * the invoice that file joined (followed a few steps, never in a loop).
 * Null when none of the mail's invoices is left to join: the file is then
 * planned as if nobody had placed it.
 */
function placedTarget(file: PlanFile, invoices: PlannedInvoice[], files: PlanFile[]): PlannedInvoice | null {
  let placement = file.placement;
  for (let step = 0; step < files.length && isInvoiceId(placement); step++) {
    const target = invoices.find((i) => i.id === placement);
    if (target) return target;
    const main = files.find((f) => derivedId("purchaseInvoice", f.id) === placement);
    if (!main || main === file) return null;
    placement = main.placement;
  }
  return null;
}

function ownInvoiceOf(file: PlanFile, accountVatNumber: string | null): PlannedInvoice {
  return { id: derivedId("purchaseInvoice", file.id), file, appendices: [], invoice: file.einvoice?.invoice ?? null, warnings: warningsOf(file.einvoice, [file], accountVatNumber) };
}

/** The warning for each mandatory field an e-invoice lacks. */
const MISSING: Record<MandatoryField, ReasonCode> = {
  documentType: "MISSING_DOCUMENT_TYPE",
  number: "MISSING_NUMBER",
  issueDate: "MISSING_ISSUE_DATE",
  currency: "MISSING_CURRENCY",
  totalAmount: "MISSING_TOTAL_AMOUNT",
  taxExclusiveAmount: "MISSING_TAX_EXCLUSIVE_AMOUNT",
  "seller.name": "MISSING_SELLER_NAME",
  "buyer.name": "MISSING_BUYER_NAME",
};

/**
 * The warnings a purchase invoice carries about its e-invoice data: from the
 * data when one of its files gave some, else those its files carry about the
 * data they could not give (a hybrid PDF whose XML cannot be read).
 */
function warningsOf(einvoice: PlanFile["einvoice"], files: PlanFile[], accountVatNumber: string | null): ReasonCode[] {
  if (!einvoice) {
    const carried = files.map((f) => f.reasonCode).filter((code) => code !== null && isReasonCode(code) && kindOf(code) === "warning");
    return [...new Set(carried as ReasonCode[])];
  }
  const mismatch: ReasonCode[] = buyerVatMismatch(einvoice.invoice, accountVatNumber) ? ["BUYER_VAT_MISMATCH"] : [];
  const encoding: ReasonCode[] = einvoice.unknownEncoding ? ["XML_ENCODING_UNKNOWN"] : [];
  return [...mismatch, ...encoding, ...einvoice.missing.map((field) => MISSING[field])];
}

/** An inbox item's kind and reason columns, from a reason of the catalogue. */
function itemOf(why: Reason): Pick<PlannedInboxItem, "kind" | "reasonCode" | "reasonParams" | "reason"> {
  return { kind: kindOf(why.code) as InboxKind, ...reasonColumns(why) };
}

/**
 * Groups the documents of one mail that are the same invoice: files whose
 * e-invoice data name the same invoice of the same seller (a Factur-X PDF
 * and its XML); an XML and a PDF with the same file name; and, when a mail
 * holds exactly one e-invoice and one plain PDF, those two.
 */
function pairDocuments(documents: PlanFile[]): PlanFile[][] {
  const groups: PlanFile[][] = [];
  for (const file of documents) {
    const twin = file.einvoice && groups.find((g) => g[0]!.einvoice && sameInvoice(g[0]!.einvoice.invoice, file.einvoice!.invoice));
    if (twin) twin.push(file);
    else groups.push([file]);
  }
  const structuredAlone = () => groups.filter((g) => g.length === 1 && isStructured(g[0]!) && g[0]!.format !== "facturx" && g[0]!.format !== "zugferd");
  const plainPdfs = () => groups.filter((g) => g.length === 1 && g[0]!.format === "pdf");
  const join = (group: PlanFile[], single: PlanFile[]) => {
    group.push(single[0]!);
    groups.splice(groups.indexOf(single), 1);
  };

  for (const xml of structuredAlone()) {
    const twin = plainPdfs().find((g) => stem(g[0]!.name) === stem(xml[0]!.name));
    if (twin) join(xml, twin);
  }
  const xmls = structuredAlone();
  const pdfs = plainPdfs();
  if (xmls.length === 1 && pdfs.length === 1) join(xmls[0]!, pdfs[0]!);
  return groups.sort((a, b) => Math.min(...a.map((f) => f.position)) - Math.min(...b.map((f) => f.position)));
}
