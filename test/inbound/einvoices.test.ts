import { beforeAll, describe, expect, it } from "vitest";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";
import { makePdf } from "../helpers/documents.ts";
import { bytesOf, ciiInvoice, FACTS, serialise, ublInvoice, ublXml, type Facts, type PrefixStyle } from "../helpers/einvoice.ts";
import { FORMATS, type ExpectedFacts } from "../helpers/einvoice-samples.ts";
import { MAX_XML_DEPTH } from "../../src/einvoice/limits.ts";
import { deliverAndSettle } from "../helpers/mail.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";
import { buildPdf } from "../helpers/pdf.ts";
import { describeWithSamples, readSample, readSampleJson } from "../helpers/samples.ts";

type Account = Awaited<ReturnType<typeof createAccountWithConnector>>;

/** Mails one file and returns what the purchase invoice API shows of the mail's invoices. */
async function mailed(account: Account, files: { name: string; bytes: Uint8Array; type?: string }[]) {
  const raw = mail(multipart("mixed", text("Please find our invoice attached."), ...files.map((f) => attachment(f.name, f.type ?? "application/octet-stream", f.bytes))), {
    to: account.vatAddress,
  });
  const message = await deliverAndSettle(raw, account);
  const invoices = await Promise.all(message.documents.map(async (id: string) => (await call("GET", `/v1/purchase-invoices/${id}`, { token: account.apiKey })).body));
  return { message, invoices };
}

describeWithSamples("every e-invoice sample, mailed, becomes a purchase invoice with its facts", () => {
  let expected: Record<string, ExpectedFacts>;
  let account: Account;
  beforeAll(async () => {
    expected = await readSampleJson("einvoice/expected.json");
    account = await createAccountWithConnector();
  });

  it.each(Object.keys(FORMATS))("%s", async (file) => {
    const facts = expected[file]!;
    const { message, invoices } = await mailed(account, [{ name: file.split("/").pop()!, bytes: await readSample(`einvoice/${file}`) }]);
    expect(message.outcome).toBe("imported");
    expect(invoices).toHaveLength(1);
    const [invoice] = invoices;
    expect(invoice.format).toBe(FORMATS[file]);
    expect(invoice.invoice).toMatchObject({
      documentType: facts.document_type,
      number: facts.invoice_number,
      issueDate: facts.issue_date,
      currency: facts.currency,
      totalAmount: facts.payable_amount,
      seller: { name: facts.seller_name, vatNumber: facts.seller_vat_id ?? null },
      buyer: { name: facts.buyer_name },
    });
    expect(invoice.warnings.filter((w: string) => w.startsWith("MISSING_"))).toEqual([]);
    // The e-invoice's number and seller are searchable.
    const found = await call("GET", `/v1/purchase-invoices?q=${encodeURIComponent(facts.invoice_number!)}`, { token: account.apiKey });
    expect(found.body.items.map((i: { id: string }) => i.id)).toContain(invoice.id);
  });

  it.each([
    ["pdf/plain_pdf_plain.pdf", "a plain PDF"],
    ["pdf/plain_MustangGnuaccountingBeispielRE-20170509_505blanko.pdf", "a plain PDF"],
    ["pdf/encrypted_PDFWithPassword.pdf", "a PDF that opens without a password (an owner password only restricts it)"],
  ])("%s is imported as %s, without e-invoice data", async (file) => {
    const { message, invoices } = await mailed(account, [{ name: file.split("/").pop()!, bytes: await readSample(`einvoice/${file}`) }]);
    expect(message.outcome).toBe("imported");
    expect(invoices[0]).toMatchObject({ format: "pdf", invoice: null, warnings: [] });
  });

  it("the Order-X PDF is not imported as an invoice: the inbox says it is an order", async () => {
    const { message } = await mailed(account, [{ name: "order.pdf", bytes: await readSample("einvoice/pdf/not-invoice_ORDER-X_EX01_ORDER_FULL_DATA-COMFORT.pdf") }]);
    expect(message).toMatchObject({ outcome: "flagged", documents: [], files: [{ verdict: "unsupported", reasonCode: "NOT_AN_INVOICE" }] });
    const [item] = (await call("GET", "/v1/inbox?kind=unsupported", { token: account.apiKey })).body.items.filter((i: any) => i.message.inboundMessageId === message.id);
    expect(item.reason).toMatch(/Order-X order, not an invoice/);
  });

  it("the damaged PDF is not imported: invalid", async () => {
    const { message } = await mailed(account, [{ name: "corrupt.pdf", bytes: await readSample("einvoice/pdf/corrupt_corrupt-factur-x-waytoosmall.pdf") }]);
    expect(message).toMatchObject({ outcome: "flagged", files: [{ verdict: "invalid", reasonCode: "PDF_DAMAGED" }] });
  });
});

describe("e-invoices of our own", () => {
  let account: Account;
  beforeAll(async () => {
    account = await createAccountWithConnector();
  });
  /** FACTS, bought by this test's account. */
  const facts = (overrides: Facts = {}): Facts => ({ ...FACTS, number: `INV-${crypto.randomUUID().slice(0, 8)}`, buyer: { name: "Acme Trading BV", vat: account.vatNumber! }, ...overrides });

  it.each(["conventional", "unusual", "default"] as PrefixStyle[])("are read whatever the namespace prefixes (%s)", async (style) => {
    const f = facts();
    const { invoices } = await mailed(account, [{ name: "invoice.xml", bytes: bytesOf(serialise(ublInvoice(f), style)) }]);
    expect(invoices[0]).toMatchObject({ format: "ubl", invoice: { number: f.number, totalAmount: "121.00", taxExclusiveAmount: "100.00", dueDate: "2026-04-13" }, warnings: [] });
  });

  it("a CII credit note (type code 381) is a credit note", async () => {
    const f = facts({ typeCode: "381", payable: "-50.00", taxExclusive: "-41.32" });
    const { invoices } = await mailed(account, [{ name: "credit.xml", bytes: bytesOf(serialise(ciiInvoice(f), "unusual")) }]);
    expect(invoices[0]).toMatchObject({ format: "cii", invoice: { documentType: "credit_note", number: f.number, totalAmount: "-50.00" } });
  });

  it("a Factur-X PDF and its XML in one mail are one purchase invoice, the PDF with the XML as appendix", async () => {
    const f = facts();
    const xml = bytesOf(serialise(ciiInvoice({ ...f, customizationId: "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended" })));
    const pdf = buildPdf({ attachments: [{ name: "factur-x.xml", data: xml }], xmpInvoiceName: "factur-x.xml" });
    const { message, invoices } = await mailed(account, [
      { name: `${f.number}.pdf`, bytes: pdf, type: "application/pdf" },
      { name: "factur-x.xml", bytes: xml, type: "application/xml" },
    ]);
    expect(message.documents).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ format: "facturx", file: { name: `${f.number}.pdf` }, appendices: [{ name: "factur-x.xml" }], invoice: { number: f.number } });
  });

  it("a UBL invoice and its plain PDF rendering are one purchase invoice, the XML with the PDF as appendix", async () => {
    const f = facts();
    const { invoices } = await mailed(account, [
      { name: "rendering.pdf", bytes: makePdf(f.number), type: "application/pdf" },
      { name: "ubl.xml", bytes: bytesOf(serialise(ublInvoice(f))), type: "application/xml" },
    ]);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ format: "ubl", file: { name: "ubl.xml" }, appendices: [{ name: "rendering.pdf" }] });
  });

  it("an e-invoice for another buyer is imported with the warning BUYER_VAT_MISMATCH", async () => {
    const { invoices } = await mailed(account, [{ name: "other.xml", bytes: ublXml(undefined, { ...FACTS, buyer: { name: "Someone Else BV", vat: "NL004495445B01" } }) }]);
    expect(invoices[0]).toMatchObject({ format: "ubl", warnings: ["BUYER_VAT_MISMATCH"], invoice: { buyer: { name: "Someone Else BV", vatNumber: "NL004495445B01" } } });
  });

  it("the buyer VAT number matches however it is written", async () => {
    const written = `${account.vatNumber!.slice(0, 2).toLowerCase()} ${account.vatNumber!.slice(2, 6)}.${account.vatNumber!.slice(6)}`;
    const { invoices } = await mailed(account, [{ name: "ours.xml", bytes: bytesOf(serialise(ublInvoice(facts({ buyer: { name: "Acme", vat: written } })))) }]);
    expect(invoices[0].warnings).toEqual([]);
  });

  it("an XML that claims to be an invoice but lacks mandatory fields is imported as a file, with what could be read and a warning naming what is missing", async () => {
    const f = facts({ number: undefined, payable: undefined });
    const { invoices } = await mailed(account, [{ name: "incomplete.xml", bytes: bytesOf(serialise(ublInvoice(f))) }]);
    expect(invoices[0]).toMatchObject({
      format: "ubl",
      invoice: { number: null, totalAmount: null, issueDate: "2026-03-14", seller: { name: "Supplier & Sons NV" } },
      warnings: ["MISSING_NUMBER", "MISSING_TOTAL_AMOUNT"],
    });
  });

  describe("a hybrid PDF whose invoice XML cannot be read is imported as a plain PDF, and says so", () => {
    const declaredUnknown = (f: Facts) => serialise(ciiInvoice({ ...f, seller: { ...FACTS.seller, name: "Société Générale" } })).replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-8-W/O-BOM"?>');
    it.each([
      ["not well-formed", () => bytesOf("<rsm:CrossIndustryInvoice"), /not well-formed/],
      ["in an unknown encoding whose bytes are not UTF-8", (f: Facts) => Uint8Array.from(declaredUnknown(f), (c) => c.charCodeAt(0)), /UTF-8-W\/O-BOM/],
      ["nested deeper than any invoice", (f: Facts) => bytesOf(serialise(ciiInvoice(f)).replace("</rsm:CrossIndustryInvoice>", `${"<x>".repeat(MAX_XML_DEPTH)}${"</x>".repeat(MAX_XML_DEPTH)}</rsm:CrossIndustryInvoice>`)), /nests elements deeper/],
    ])("%s", async (_, xml, detail) => {
      const f = facts();
      const pdf = buildPdf({ attachments: [{ name: "factur-x.xml", data: xml(f) }], xmpInvoiceName: "factur-x.xml" });
      const { message, invoices } = await mailed(account, [{ name: `${f.number}.pdf`, bytes: pdf, type: "application/pdf" }]);
      expect(message.outcome).toBe("imported");
      expect(invoices).toHaveLength(1);
      expect(invoices[0]).toMatchObject({ format: "pdf", invoice: null, warnings: ["EMBEDDED_XML_UNREADABLE"], file: { name: `${f.number}.pdf` } });
      const [file] = message.files;
      expect(file).toMatchObject({ verdict: "document", reasonCode: "EMBEDDED_XML_UNREADABLE", purchaseInvoiceId: invoices[0].id });
      expect(file.reason).toMatch(/^The PDF embeds its invoice as XML \(factur-x\.xml: The PDF's factur-x\.xml cannot be read\. /);
      expect(file.reason).toMatch(detail);
    });

    it("but not when the mail brings the invoice's XML beside it: the XML's data and no warning", async () => {
      const f = facts();
      const pdf = buildPdf({ attachments: [{ name: "factur-x.xml", data: bytesOf("<rsm:CrossIndustryInvoice") }] });
      const { invoices } = await mailed(account, [
        { name: "invoice.pdf", bytes: pdf, type: "application/pdf" },
        { name: "invoice.xml", bytes: bytesOf(serialise(ciiInvoice(f))), type: "application/xml" },
      ]);
      expect(invoices).toHaveLength(1);
      expect(invoices[0]).toMatchObject({ format: "cii", invoice: { number: f.number }, warnings: [], appendices: [{ name: "invoice.pdf" }] });
    });

    it("nor on a PDF that embeds no invoice XML", async () => {
      const { message, invoices } = await mailed(account, [{ name: "plain.pdf", bytes: buildPdf(), type: "application/pdf" }]);
      expect(invoices[0]).toMatchObject({ format: "pdf", invoice: null, warnings: [] });
      expect(message.files[0]).toMatchObject({ verdict: "document", reasonCode: null });
    });
  });

  it("an order XML beside an invoice is flagged, not attached as an appendix", async () => {
    const order = bytesOf('<?xml version="1.0"?><o:Order xmlns:o="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><o:ID>PO-7</o:ID></o:Order>');
    const { message, invoices } = await mailed(account, [
      { name: "invoice.pdf", bytes: makePdf(), type: "application/pdf" },
      { name: "order.xml", bytes: order, type: "application/xml" },
    ]);
    expect(message.outcome).toBe("partially_imported");
    expect(invoices[0].appendices).toEqual([]);
    expect(message.files.find((f: any) => f.name === "order.xml")).toMatchObject({ verdict: "unsupported", reasonCode: "NOT_AN_INVOICE" });
  });

  it("XML that is no invoice does not become one: alone it is unsupported, saying what it is", async () => {
    const { message } = await mailed(account, [{ name: "catalogue.xml", bytes: bytesOf('<?xml version="1.0"?><Catalogue xmlns="urn:example:catalogue"><Item/></Catalogue>') }]);
    const [item] = (await call("GET", `/v1/inbox?kind=unsupported`, { token: account.apiKey })).body.items.filter((i: any) => i.message.inboundMessageId === message.id);
    expect(message.outcome).toBe("flagged");
    expect(item).toMatchObject({ reasonCode: "NO_INVOICE_WITH_APPENDIX" });
    expect(item.reason).toMatch(/not an invoice: its root element is Catalogue/);
  });
});
