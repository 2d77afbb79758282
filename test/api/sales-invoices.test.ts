import { env } from "cloudflare:workers";
import { UPLOAD_SCAN_RETRY_AFTER_SECONDS } from "../../src/sales-invoices/limits.ts";
import { describe, expect, it } from "vitest";
import { createAccount } from "../helpers/accounts.ts";
import { eicar } from "../helpers/clamav.ts";
import { makePdf, makeLargePdf } from "../helpers/documents.ts";
import { ublXml } from "../helpers/einvoice.ts";
import { call, expectError } from "../helpers/api.ts";
import { createPartner } from "../helpers/partners.ts";
import { ciiInvoice, uploadForm, uploadSalesInvoice } from "../helpers/sales-invoices.ts";
import { describeWithSamples, readSample, readSampleJson } from "../helpers/samples.ts";

async function sha256(bytes: Uint8Array) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).toHex();
}

const ublText = (number: string) => new TextDecoder().decode(ublXml(number));

async function accountWithCustomer() {
  const account = await createAccount();
  const customer = await createPartner(account.apiKey);
  return { ...account, customer };
}

describe("POST /v1/sales-invoices", () => {
  it("stores the PDF and the e-invoice in R2 and answers the invoice", async () => {
    const { id: accountId, apiKey, customer } = await accountWithCustomer();
    const pdf = makeLargePdf(1000);
    const xml = ublXml("2026-0042");
    const response = await uploadSalesInvoice(apiKey, customer.id, { pdf, einvoice: xml });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^sin_[0-9A-Z]{26}$/),
      customerId: customer.id,
      number: "2026-0042",
      issueDate: "2026-11-02",
      dueDate: "2026-12-02",
      currency: "EUR",
      totalAmount: "1210.00",
      file: { name: "2026-0042.pdf", contentType: "application/pdf", size: pdf.length, sha256: await sha256(pdf) },
      einvoice: { name: "2026-0042.xml", contentType: "application/xml", size: xml.length, sha256: await sha256(xml), syntax: "ubl" },
      createdAt: expect.stringMatching(/Z$/),
    });
    const stored = await env.FILES.get(`sales-invoices/${accountId}/${response.body.id}/invoice.pdf`);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(pdf);
    expect(new Uint8Array(await (await env.FILES.get(`sales-invoices/${accountId}/${response.body.id}/einvoice.xml`))!.arrayBuffer())).toEqual(xml);
    expect((await call("GET", `/v1/sales-invoices/${response.body.id}`, { token: apiKey })).body).toEqual(response.body);
  });

  it("takes an e-invoice alone, in CII", async () => {
    const { apiKey, customer } = await accountWithCustomer();
    const response = await uploadSalesInvoice(apiKey, customer.id, { pdf: null, einvoice: ciiInvoice("F-77"), metadata: { number: "F-77", dueDate: undefined, currency: "usd" } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ file: null, einvoice: { syntax: "cii" }, dueDate: null, currency: "USD" });
  });

  it("refuses an e-invoice whose number is not the invoice's", async () => {
    const { apiKey, customer } = await accountWithCustomer();
    const response = await uploadSalesInvoice(apiKey, customer.id, { einvoice: ublXml("2026-0041") });
    expectError(response, 422, "VALIDATION_FAILED");
    expect(response.body.error.details).toEqual([{ path: "einvoice", message: expect.stringContaining("is invoice 2026-0041, but the metadata says 2026-0042") }]);
  });

  it.each([
    ["a file that is not a PDF", { pdf: "just text" }, "file", "it is not a PDF"],
    ["a PDF cut off before its end", { pdf: makePdf().slice(0, 40) }, "file", "cut off"],
    ["XML with a DOCTYPE", { einvoice: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${ublText("2026-0042").replace(/^<\?xml[^>]*>/, "")}` }, "einvoice", "DOCTYPE"],
    ["malformed XML", { einvoice: ublText("2026-0042").replace("</ubl:Invoice>", "") }, "einvoice", "not well-formed"],
    ["XML that is no invoice", { einvoice: '<?xml version="1.0"?><Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>2026-0042</ID></Order>' }, "einvoice", "the XML is a UBL Order, not an invoice"],
    ["an Invoice element outside the UBL namespace", { einvoice: "<Invoice><ID>2026-0042</ID></Invoice>" }, "einvoice", "the XML is not an invoice"],
    ["bytes that are no XML", { einvoice: new Uint8Array([0x3c, 0x61, 0xff, 0x3e]) }, "einvoice", "not well-formed"],
    ["a PDF given as the e-invoice", { einvoice: makePdf() }, "einvoice", "it is a PDF"],
  ])("refuses %s", async (_what, options, path, why) => {
    const { apiKey, customer } = await accountWithCustomer();
    const response = await uploadSalesInvoice(apiKey, customer.id, options);
    expectError(response, 422, "VALIDATION_FAILED");
    expect(response.body.error.details[0].path).toBe(path);
    expect(response.body.error.message).toContain(why);
  });

  it.each([
    ["a PDF with JavaScript and a launch action", { pdf: makePdf(undefined, { extraCatalog: "/OpenAction 6 0 R", extraObjects: ["<< /S /JavaScript /JS (app.launchURL('https://evil.example')) /Next << /S /Launch /F (cmd.exe) >> >>"] }) }, "file", "PDF_JAVASCRIPT"],
    ["a PDF with a link to a Windows share", { pdf: makePdf(undefined, { extraObjects: ["<< /Type /Annot /Subtype /Link /A << /S /URI /URI (\\\\\\\\host\\\\share) >> >>"] }) }, "file", "PDF_REMOTE_ACTION"],
    ["an e-invoice carrying the EICAR test file", { einvoice: new TextDecoder().decode(ublXml("2026-0042")).replace("<cac:AccountingSupplierParty>", `<cac:AdditionalDocumentReference><cbc:ID>1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="text/plain" filename="a.txt">${eicar().toBase64()}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference><cac:AccountingSupplierParty>`) }, "einvoice", "CARRIED_FILE_REFUSED"],
  ])("refuses %s with 422 and the check's code, and stores nothing", async (_what, options, path, code) => {
    const { id: accountId, apiKey, customer } = await accountWithCustomer();
    const response = await uploadSalesInvoice(apiKey, customer.id, options);
    expectError(response, 422, "VALIDATION_FAILED");
    expect(response.body.error.details).toEqual([{ path, message: expect.stringContaining("cannot be sent: "), reasonCode: code, reasonParams: expect.any(Object) }]);
    expect((await call("GET", "/v1/sales-invoices", { token: apiKey })).body.items).toEqual([]);
    expect((await env.FILES.list({ prefix: `sales-invoices/${accountId}/` })).objects).toEqual([]);
  });

  it("refuses an upload ClamAV cannot check with 503 SCANNER_UNAVAILABLE and a Retry-After, and stores nothing (fail closed)", async () => {
    const { id: accountId, apiKey, customer } = await accountWithCustomer();
    const clamdDown = { ...env, CLAMD_HOST: "127.0.0.1", CLAMD_PORT: String(env.TEST_UNUSED_PORT) } as Env;
    const response = await uploadSalesInvoice(apiKey, customer.id, {}, clamdDown);
    expectError(response, 503, "SCANNER_UNAVAILABLE");
    expect(response.headers.get("Retry-After")).toBe(String(UPLOAD_SCAN_RETRY_AFTER_SECONDS));
    expect(response.body.error.message).toContain("could not be checked for viruses now");
    expect(response.body.error.details).toEqual([{ path: "file", message: expect.any(String) }]);
    expect((await call("GET", "/v1/sales-invoices", { token: apiKey })).body.items).toEqual([]);
    expect((await env.FILES.list({ prefix: `sales-invoices/${accountId}/` })).objects).toEqual([]);
    // clamd answers again: the same upload is taken.
    expect((await uploadSalesInvoice(apiKey, customer.id)).status).toBe(201);
  });

  it.each([
    ["no file at all", { pdf: null }, "file"],
    ["no customer", { metadata: { customerId: undefined } }, "metadata.customerId"],
    ["an empty number", { metadata: { number: " " } }, "metadata.number"],
    ["a date that is not one", { metadata: { issueDate: "02/11/2026" } }, "metadata.issueDate"],
    ["a due date before the issue date", { metadata: { dueDate: "2026-10-01" } }, "metadata.dueDate"],
    ["an unknown currency", { metadata: { currency: "EURO" } }, "metadata.currency"],
    ["an amount as a number", { metadata: { totalAmount: 1210 } }, "metadata.totalAmount"],
    ["an amount with a comma", { metadata: { totalAmount: "1210,00" } }, "metadata.totalAmount"],
  ])("refuses %s with 400", async (_what, options, path) => {
    const { apiKey, customer } = await accountWithCustomer();
    const response = await uploadSalesInvoice(apiKey, customer.id, options);
    expectError(response, 400, "VALIDATION_FAILED");
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it("refuses metadata that is not JSON", async () => {
    const { apiKey, customer } = await accountWithCustomer();
    const form = uploadForm(customer.id);
    form.set("metadata", "{number: 1");
    const response = await call("POST", "/v1/sales-invoices", { token: apiKey, body: form });
    expectError(response, 400, "VALIDATION_FAILED");
    expect(response.body.error.details[0]).toEqual({ path: "metadata", message: expect.stringContaining("must be JSON") });
  });

  it("refuses a body that is not multipart", async () => {
    const { apiKey, customer } = await accountWithCustomer();
    const response = await call("POST", "/v1/sales-invoices", { token: apiKey, body: { metadata: { customerId: customer.id } } });
    expectError(response, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(response.body.error.message).toContain("multipart/form-data");
  });

  it("refuses a file over 10 MiB, and a body over the upload limit", async () => {
    const { apiKey, customer } = await accountWithCustomer();
    const big = await uploadSalesInvoice(apiKey, customer.id, { pdf: makeLargePdf(10 * 1024 * 1024 + 1000) });
    expectError(big, 400, "VALIDATION_FAILED");
    expect(big.body.error.details[0]).toEqual({ path: "file", message: "must be at most 10 MiB" });
    const huge = await uploadSalesInvoice(apiKey, customer.id, { pdf: makeLargePdf(10 * 1024 * 1024 + 1000), einvoice: "x".repeat(10 * 1024 * 1024 + 100_000) });
    expectError(huge, 413, "PAYLOAD_TOO_LARGE");
    // Two uploads of over 10 MiB, built and parsed: longer than the default 5 s on a busy 2-core machine.
  }, 30_000);

  it("refuses a customer that is unknown, another account's, or not a customer", async () => {
    const { apiKey } = await accountWithCustomer();
    const other = await accountWithCustomer();
    const supplier = await createPartner(apiKey, { name: "Supplier", roles: ["supplier"] });
    for (const [customerId, why] of [
      ["ptn_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I", "No partner has the id"],
      [other.customer.id, "No partner has the id"],
      [supplier.id, "is not a customer"],
    ]) {
      const response = await uploadSalesInvoice(apiKey, customerId!);
      expectError(response, 422, "VALIDATION_FAILED");
      expect(response.body.error.details[0]).toEqual({ path: "metadata.customerId", message: expect.stringContaining(why!) });
    }
  });

  it("refuses an invoice number the account already used", async () => {
    const { apiKey, customer } = await accountWithCustomer();
    const first = await uploadSalesInvoice(apiKey, customer.id);
    const again = await uploadSalesInvoice(apiKey, customer.id);
    expectError(again, 409, "CONFLICT");
    expect(again.body.error.message).toContain(first.body.id);
    const other = await accountWithCustomer();
    expect((await uploadSalesInvoice(other.apiKey, other.customer.id)).status).toBe(201);
  });
});

describe("GET /v1/sales-invoices", () => {
  it("lists the account's invoices newest first, by customer if asked", async () => {
    const { apiKey, customer } = await accountWithCustomer();
    const second = await createPartner(apiKey, { name: "Second" });
    const a = await uploadSalesInvoice(apiKey, customer.id, { metadata: { number: "A-1" } });
    const b = await uploadSalesInvoice(apiKey, second.id, { metadata: { number: "B-1" } });
    const all = await call("GET", "/v1/sales-invoices", { token: apiKey });
    expect(all.body.items.map((i: { id: string }) => i.id)).toEqual([b.body.id, a.body.id]);
    const filtered = await call("GET", `/v1/sales-invoices?customerId=${customer.id}&limit=1`, { token: apiKey });
    expect(filtered.body).toEqual({ items: [a.body], nextCursor: null });

    const other = await createAccount();
    expect((await call("GET", "/v1/sales-invoices", { token: other.apiKey })).body.items).toEqual([]);
    expectError(await call("GET", `/v1/sales-invoices/${a.body.id}`, { token: other.apiKey }), 404, "NOT_FOUND");
  });
});

describeWithSamples("uploading real e-invoices", () => {
  it.each(["ubl/peppol-bis3_Invoice-Max_content.xml", "ubl/en16931_ubl-tc434-creditnote1.xml", "cii/en16931_CII_example1.xml", "cii/xrechnung3_01.01a-INVOICE_uncefact.xml"])(
    "accepts %s with its own number",
    async (path) => {
      const expected = await readSampleJson<Record<string, { invoice_number: string }>>("einvoice/expected.json");
      const number = expected[path]!.invoice_number;
      const { apiKey, customer } = await accountWithCustomer();
      const response = await uploadSalesInvoice(apiKey, customer.id, { einvoice: await readSample(`einvoice/${path}`), metadata: { number } });
      expect(response.status).toBe(201);
      expect(response.body.number).toBe(number);
    },
  );

  it("checks the invoice a Factur-X PDF carries against the metadata", async () => {
    const path = "pdf/fx-en16931_zugferd_2p1_EN16931_Einfach.pdf";
    const number = (await readSampleJson<Record<string, { invoice_number: string }>>("einvoice/expected.json"))[path]!.invoice_number;
    const pdf = await readSample(`einvoice/${path}`);
    const { apiKey, customer } = await accountWithCustomer();
    const wrong = await uploadSalesInvoice(apiKey, customer.id, { pdf, metadata: { number: "2026-0042" } });
    expectError(wrong, 422, "VALIDATION_FAILED");
    expect(wrong.body.error.details[0]).toEqual({ path: "file", message: expect.stringContaining(`embedded e-invoice (facturx) is invoice ${number}, but the metadata says 2026-0042`) });
    expect((await uploadSalesInvoice(apiKey, customer.id, { pdf, metadata: { number } })).status).toBe(201);
  });

  it("accepts a real PDF", async () => {
    const { apiKey, customer } = await accountWithCustomer();
    const pdf = await readSample("einvoice/pdf/plain_pdf_plain.pdf");
    expect((await uploadSalesInvoice(apiKey, customer.id, { pdf })).status).toBe(201);
  });
});
