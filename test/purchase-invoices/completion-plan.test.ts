import { describe, expect, it } from "vitest";
import type { InvoiceData, MandatoryField } from "../../src/einvoice/index.ts";
import { MAX_INBOX_ITEMS_PER_MAIL } from "../../src/limits.ts";
import { groupItemId, planCompletion, type PlanFile, type PlanInput } from "../../src/purchase-invoices/completion-plan.ts";

let n = 0;
function invoiceData(number: string, facts: Partial<InvoiceData> = {}): InvoiceData {
  return {
    documentType: "invoice",
    number,
    issueDate: "2026-11-20",
    dueDate: null,
    currency: "EUR",
    totalAmount: "121.00",
    taxExclusiveAmount: "100.00",
    seller: { name: "Supplier NV", vatNumber: "BE0202239951" },
    buyer: { name: "Acme BV", vatNumber: "BE0123456749" },
    ...facts,
  };
}
function file(name: string, verdict: PlanFile["verdict"], format: PlanFile["format"] = null, invoiceNumber: string | null = null, missing: MandatoryField[] = []): PlanFile {
  n++;
  return {
    id: `fil_${String(n).padStart(26, "0")}`,
    position: n,
    name,
    sha256: `sha-${name}-${n}`,
    verdict,
    format,
    einvoice: invoiceNumber === null ? null : { invoice: invoiceData(invoiceNumber), missing },
    reasonCode: verdict === "malicious" ? "EXECUTABLE" : null,
    reasonParams: verdict === "malicious" ? { type: "EXE", mime: "application/x-msdownload" } : null,
    reason: null,
  };
}
const plan = (files: PlanFile[], extra: Partial<PlanInput> = {}) =>
  planCompletion({ messageId: "msg_01", sender: "a@b.example", files, importedElsewhere: new Set(), skippedPictures: false, notice: null, accountVatNumber: "BE0123456749", ...extra });
const shape = (p: ReturnType<typeof plan>) => p.invoices.map((i) => [i.file.name, ...i.appendices.map((a) => a.name)]);

describe("planCompletion", () => {
  it("pairs a Factur-X PDF with the XML of the same invoice number; the hybrid PDF is the invoice", () => {
    const p = plan([file("inv.xml", "document", "cii", "F-1"), file("inv.pdf", "document", "facturx", "F-1")]);
    expect(shape(p)).toEqual([["inv.pdf", "inv.xml"]]);
  });

  it("does not pair two e-invoices of the same number from different sellers", () => {
    const a = file("a.xml", "document", "ubl", "2026-1");
    const b = file("b.xml", "document", "ubl", "2026-1");
    b.einvoice!.invoice.seller = { name: "Other SA", vatNumber: "FR40303265045" };
    expect(shape(plan([a, b]))).toEqual([["a.xml"], ["b.xml"]]);
  });

  it("carries the e-invoice data and warns of a buyer VAT number that is not the account's, and of missing fields", () => {
    const p = plan([file("inv.pdf", "document", "pdf"), file("inv.xml", "document", "ubl", "F-9", ["taxExclusiveAmount", "seller.name", "totalAmount"])], {
      accountVatNumber: "BE 0987.654.394",
    });
    expect(p.invoices[0]).toMatchObject({
      file: { name: "inv.xml" },
      invoice: { number: "F-9" },
      warnings: ["BUYER_VAT_MISMATCH", "MISSING_TAX_EXCLUSIVE_AMOUNT", "MISSING_SELLER_NAME", "MISSING_TOTAL_AMOUNT"],
    });
    expect(plan([file("inv.xml", "document", "ubl", "F-9")]).invoices[0]!.warnings).toEqual([]);
    expect(plan([file("scan.pdf", "document", "pdf")]).invoices[0]).toMatchObject({ invoice: null, warnings: [] });
  });

  it("warns of a hybrid PDF's unreadable XML on its own invoice, and not once the XML beside it gives the data, nor for other reasons a file carries", () => {
    const unreadable = () => ({ ...file("hybrid.pdf", "document", "pdf"), reasonCode: "EMBEDDED_XML_UNREADABLE", reasonParams: { attachment: "factur-x.xml", detail: "damaged" } });
    expect(plan([unreadable()]).invoices[0]).toMatchObject({ file: { name: "hybrid.pdf" }, invoice: null, warnings: ["EMBEDDED_XML_UNREADABLE"] });
    expect(plan([unreadable(), file("hybrid.xml", "document", "cii", "H-1")]).invoices[0]).toMatchObject({ file: { name: "hybrid.xml" }, invoice: { number: "H-1" }, warnings: [] });
    const noted = { ...file("notes.xml", "companion"), reasonCode: "XML_NOT_AN_INVOICE", reasonParams: { root: "Notes" } };
    expect(plan([file("scan.pdf", "document", "pdf"), noted]).invoices[0]).toMatchObject({ appendices: [{ name: "notes.xml" }], warnings: [] });
  });

  it("pairs an XML with the PDF of the same name, and leaves other PDFs alone", () => {
    const p = plan([file("A-1.pdf", "document", "pdf"), file("A-1.xml", "document", "ubl", "A-1"), file("B-2.pdf", "document", "pdf")]);
    expect(shape(p)).toEqual([["A-1.xml", "A-1.pdf"], ["B-2.pdf"]]);
  });

  it("pairs the one XML and the one PDF of a mail whatever their names", () => {
    expect(shape(plan([file("scan.pdf", "document", "pdf"), file("ubl.xml", "document", "ubl", "X")]))).toEqual([["ubl.xml", "scan.pdf"]]);
  });

  it("does not pair two XMLs with two PDFs of different names", () => {
    const p = plan([file("1.pdf", "document", "pdf"), file("2.pdf", "document", "pdf"), file("a.xml", "document", "ubl", "A"), file("b.xml", "document", "ubl", "B")]);
    expect(p.invoices).toHaveLength(4);
  });

  it("attaches companions to the first invoice, or flags them when there is none", () => {
    expect(shape(plan([file("i.pdf", "document", "pdf"), file("t.docx", "companion"), file("j.pdf", "document", "pdf")]))).toEqual([["i.pdf", "t.docx"], ["j.pdf"]]);
    const alone = plan([file("t.docx", "companion")]);
    expect(alone).toMatchObject({ outcome: "flagged", inbox: [{ kind: "unsupported", reasonCode: "NO_INVOICE_WITH_APPENDIX" }] });
  });

  it("decides the outcome", () => {
    expect(plan([file("a.pdf", "document", "pdf")]).outcome).toBe("imported");
    expect(plan([file("a.pdf", "document", "pdf"), file("x.exe", "malicious")]).outcome).toBe("partially_imported");
    expect(plan([file("x.exe", "malicious")]).outcome).toBe("flagged");
    const dup = file("a.pdf", "document", "pdf");
    expect(plan([dup], { importedElsewhere: new Set([dup.sha256]) })).toMatchObject({ outcome: "duplicate", inbox: [], invoices: [] });
    expect(plan([]).outcome).toBe("ignored");
    expect(plan([file("logo.png", "ignored")])).toMatchObject({ outcome: "ignored", inbox: [{ kind: "no_attachment" }] });
    expect(plan([], { notice: { kind: "forwarding_confirmation", code: "GMAIL_FORWARDING", params: null, reason: "r" } })).toMatchObject({ outcome: "ignored", inbox: [{ kind: "forwarding_confirmation" }] });
    expect(plan([], { notice: { kind: "invalid", code: "MAIL_UNREADABLE", params: null, reason: "r" } }).outcome).toBe("flagged");
    expect(plan([], { notice: { kind: "report", code: "MAIL_REPORT", params: null, reason: "r" } })).toMatchObject({ outcome: "ignored", inbox: [{ kind: "report" }] });
    expect(plan([], { notice: { kind: "unsupported", code: "MAIL_ENCRYPTED", params: null, reason: "r" } }).outcome).toBe("flagged");
    expect(plan([file("a.pdf", "document", "pdf")], { notice: { kind: "invalid", code: "EMPTY_ATTACHMENT", params: null, reason: "r" } }).outcome).toBe("partially_imported");
  });

  it("says a mail without a file brought only pictures that are not invoices, when it skipped some", () => {
    expect(plan([], { skippedPictures: true }).inbox).toMatchObject([{ reasonCode: "NO_ATTACHMENT", reasonParams: { smallImagesOnly: true } }]);
    expect(plan([]).inbox).toMatchObject([{ reasonCode: "NO_ATTACHMENT", reasonParams: { smallImagesOnly: false } }]);
  });

  it("treats the same file twice in one mail as one invoice", () => {
    const a = file("a.pdf", "document", "pdf");
    const copy = { ...file("a copy.pdf", "document", "pdf"), sha256: a.sha256 };
    expect(plan([a, copy])).toMatchObject({ outcome: "imported", invoices: [{ file: { name: "a.pdf" } }] });
  });

  it("plans the same ids every time (a redelivered job writes nothing new)", () => {
    const files = [file("a.pdf", "document", "pdf"), file("x.exe", "malicious")];
    const once = plan(files);
    const twice = plan([...files].reverse());
    expect(twice.invoices.map((i) => i.id)).toEqual(once.invoices.map((i) => i.id));
    expect(twice.inbox.map((i) => i.id)).toEqual(once.inbox.map((i) => i.id));
    expect(once.invoices[0]!.id).toBe(`pin_${files[0]!.id.slice(4)}`);
  });
});

describe("planCompletion with a person's placements (reclassify)", () => {
  const pin = (f: PlanFile) => `pin_${f.id.slice(4)}`;

  it("makes a document placed as an appendix part of the invoice it names, and plans no invoice of its own", () => {
    const invoice = file("invoice.pdf", "document", "pdf");
    const terms = file("terms.pdf", "document", "pdf");
    expect(shape(plan([invoice, terms]))).toEqual([["invoice.pdf"], ["terms.pdf"]]);
    terms.placement = pin(invoice);
    const p = plan([invoice, terms]);
    expect(shape(p)).toEqual([["invoice.pdf", "terms.pdf"]]);
    expect(p.links.get(terms.id)).toBe(pin(invoice));
    expect(p.outcome).toBe("imported");
  });

  it("makes a document placed as an invoice of its own stand alone, out of the pair it was in", () => {
    const xml = file("inv.xml", "document", "ubl", "F-1");
    const pdf = file("other.pdf", "document", "pdf");
    expect(shape(plan([xml, pdf]))).toEqual([["inv.xml", "other.pdf"]]);
    pdf.placement = "invoice";
    expect(shape(plan([xml, pdf]))).toEqual([["inv.xml"], ["other.pdf"]]);
  });

  it("places an office file with the invoice a person chose, not the first one", () => {
    const a = file("a.pdf", "document", "pdf");
    const b = file("b.pdf", "document", "pdf");
    const sheet = file("hours.xlsx", "companion");
    expect(shape(plan([a, b, sheet]))).toEqual([["a.pdf", "hours.xlsx"], ["b.pdf"]]);
    sheet.placement = pin(b);
    expect(shape(plan([a, b, sheet]))).toEqual([["a.pdf"], ["b.pdf", "hours.xlsx"]]);
  });

  it("follows a chain: the appendix of an invoice whose file became an appendix in turn joins that invoice", () => {
    const a = file("a.pdf", "document", "pdf");
    const b = file("b.pdf", "document", "pdf");
    const c = file("c.pdf", "document", "pdf");
    c.placement = pin(b);
    b.placement = pin(a);
    expect(shape(plan([a, b, c]))).toEqual([["a.pdf", "b.pdf", "c.pdf"]]);
  });

  it("plans a placed file as if nobody had placed it when its invoice is gone; a loop ends with one invoice", () => {
    const a = file("a.pdf", "document", "pdf");
    const b = file("b.pdf", "document", "pdf");
    a.placement = pin(b);
    b.placement = pin(a);
    // a's invoice is gone, so a stands alone again; b then joins it, as placed.
    expect(shape(plan([a, b]))).toEqual([["a.pdf", "b.pdf"]]);
    const sheet = file("hours.xlsx", "companion");
    sheet.placement = "pin_00000000000000000000000000";
    expect(shape(plan([file("c.pdf", "document", "pdf"), sheet]))).toEqual([["c.pdf", "hours.xlsx"]]);
  });

  it("keeps a duplicate a duplicate, whatever its placement", () => {
    const a = file("a.pdf", "document", "pdf");
    const b = file("b.pdf", "document", "pdf");
    b.placement = "invoice";
    const p = plan([a, b], { importedElsewhere: new Set([b.sha256]) });
    expect(shape(p)).toEqual([["a.pdf"]]);
  });
});

describe("planCompletion: inbox items of one mail", () => {
  const bad = (count: number, verdict: PlanFile["verdict"]) => Array.from({ length: count }, (_, i) => file(`${verdict}-${i}.bin`, verdict));

  it("gives each bad file an item of its own up to the per-mail limit", () => {
    const p = plan(bad(MAX_INBOX_ITEMS_PER_MAIL, "invalid"));
    expect(p.inbox).toHaveLength(MAX_INBOX_ITEMS_PER_MAIL);
    expect(p.inbox.every((item) => item.fileId !== null)).toBe(true);
  });

  it("groups the files beyond it into one item that counts them by kind and takes the gravest kind", () => {
    const files = [...bad(12, "invalid"), ...bad(3, "unsupported"), ...bad(2, "malicious")];
    const p = plan(files);
    expect(p.inbox).toHaveLength(MAX_INBOX_ITEMS_PER_MAIL);
    expect(p.inbox.slice(0, -1).map((item) => item.fileId)).toEqual(files.slice(0, MAX_INBOX_ITEMS_PER_MAIL - 1).map((f) => f.id));
    expect(p.inbox.at(-1)).toMatchObject({
      id: groupItemId("msg_01"),
      kind: "malicious",
      fileId: null,
      reasonCode: "MORE_FILES_NOT_IMPORTED",
      reasonParams: { count: 8, malicious: 2, invalid: 3, unsupported: 3, scanFailed: 0 },
    });
    expect(p.inbox.at(-1)!.reason).toBe("8 more files of this mail were not imported (2 dangerous, 3 damaged or invalid and 3 not supported). The mail lists each of them with its reason.");
    expect(p.outcome).toBe("flagged");
  });

  it("keeps room for the mail's own notice", () => {
    const notice = { kind: "unsupported" as const, code: "MAIL_TOO_MANY_FILES", params: { maxFiles: 100, maxBytes: 1, from: "x" }, reason: "too many" };
    const p = plan(bad(20, "scan_failed"), { notice });
    expect(p.inbox).toHaveLength(MAX_INBOX_ITEMS_PER_MAIL);
    expect(p.inbox.at(-1)!.reasonCode).toBe("MAIL_TOO_MANY_FILES");
    expect(p.inbox.at(-2)).toMatchObject({ kind: "scan_failed", reasonParams: { count: 20 - (MAX_INBOX_ITEMS_PER_MAIL - 2), scanFailed: 12 } });
  });

  it("orders the items by the files' places in the mail, appendix-only files among the bad ones", () => {
    const files = [file("notes.txt", "companion"), ...bad(MAX_INBOX_ITEMS_PER_MAIL, "invalid")];
    const p = plan(files);
    expect(p.inbox[0]).toMatchObject({ fileId: files[0]!.id, reasonCode: "NO_INVOICE_WITH_APPENDIX" });
    expect(p.inbox.at(-1)).toMatchObject({ kind: "invalid", reasonParams: { count: 2, invalid: 2 } });
  });
});
