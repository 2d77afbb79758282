import { describe, expect, it } from "vitest";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call, expectError } from "../helpers/api.ts";
import { makeDocx, makePdf } from "../helpers/documents.ts";
import { deliverAndSettle } from "../helpers/mail.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";

type Account = Awaited<ReturnType<typeof createAccountWithConnector>>;

async function mailWithTwoPdfs(account: Account, extra = [] as ReturnType<typeof attachment>[]) {
  const raw = mail(
    multipart("mixed", text("Invoice and terms attached."), attachment("invoice.pdf", "application/pdf", makePdf()), attachment("terms.pdf", "application/pdf", makePdf()), ...extra),
    { to: account.vatAddress },
  );
  const message = await deliverAndSettle(raw, account);
  const file = (name: string) => message.files.find((f: any) => f.name === name);
  return { message, file };
}

const reclassify = (account: Account, messageId: string, fileId: string, body: unknown) =>
  call("POST", `/v1/inbound-messages/${messageId}/files/${fileId}/reclassify`, { token: account.apiKey, body });

const invoices = async (account: Account) => (await call("GET", "/v1/purchase-invoices", { token: account.apiKey })).body.items as any[];

describe("POST /v1/inbound-messages/{id}/files/{fileId}/reclassify", () => {
  it("makes a document an appendix of another invoice of the mail: its own purchase invoice goes away", async () => {
    const account = await createAccountWithConnector();
    const { message, file } = await mailWithTwoPdfs(account);
    expect(message.documents).toHaveLength(2);
    const invoice = file("invoice.pdf").purchaseInvoiceId;

    const response = await reclassify(account, message.id, file("terms.pdf").id, { as: "appendix", purchaseInvoiceId: invoice });
    expect(response.status).toBe(200);
    expect(response.body.documents).toEqual([invoice]);
    expect(response.body.files.find((f: any) => f.name === "terms.pdf")).toMatchObject({ purchaseInvoiceId: invoice, reclassified: true });
    const listed = await invoices(account);
    expect(listed.map((i) => i.id)).toEqual([invoice]);
    expect(listed[0].appendices.map((a: any) => a.name)).toEqual(["terms.pdf"]);
    // The appendix downloads through its invoice.
    const appendix = listed[0].appendices[0];
    expect((await call("GET", `/v1/purchase-invoices/${invoice}/appendices/${appendix.id}/file`, { token: account.apiKey })).status).toBe(200);
  });

  it("is idempotent, and makes an appendix a purchase invoice of its own again", async () => {
    const account = await createAccountWithConnector();
    const { message, file } = await mailWithTwoPdfs(account);
    const invoice = file("invoice.pdf").purchaseInvoiceId;
    const terms = file("terms.pdf");
    const first = await reclassify(account, message.id, terms.id, { as: "appendix", purchaseInvoiceId: invoice });
    const again = await reclassify(account, message.id, terms.id, { as: "appendix", purchaseInvoiceId: invoice });
    expect(again.status).toBe(200);
    expect(again.body.documents).toEqual(first.body.documents);

    const back = await reclassify(account, message.id, terms.id, { as: "invoice" });
    expect(back.status).toBe(200);
    expect(back.body.documents.sort()).toEqual([invoice, terms.purchaseInvoiceId].sort());
    expect((await invoices(account)).map((i) => i.file.name).sort()).toEqual(["invoice.pdf", "terms.pdf"]);
  });

  it("places an office file with the invoice a person chose", async () => {
    const account = await createAccountWithConnector();
    const { message, file } = await mailWithTwoPdfs(account, [attachment("hours.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", makeDocx())]);
    const terms = file("terms.pdf").purchaseInvoiceId;
    expect(file("hours.docx").purchaseInvoiceId).toBe(file("invoice.pdf").purchaseInvoiceId);
    const moved = await reclassify(account, message.id, file("hours.docx").id, { as: "appendix", purchaseInvoiceId: terms });
    expect(moved.body.files.find((f: any) => f.name === "hours.docx").purchaseInvoiceId).toBe(terms);
    // An office file is not an invoice document.
    expectError(await reclassify(account, message.id, file("hours.docx").id, { as: "invoice" }), 422, "VALIDATION_FAILED");
  });

  it("refuses an invoice of another mail, and a file's own invoice", async () => {
    const account = await createAccountWithConnector();
    const first = await mailWithTwoPdfs(account);
    const second = await mailWithTwoPdfs(account);
    const other = second.file("invoice.pdf").purchaseInvoiceId;
    expectError(await reclassify(account, first.message.id, first.file("terms.pdf").id, { as: "appendix", purchaseInvoiceId: other }), 422, "VALIDATION_FAILED");
    const own = first.file("terms.pdf").purchaseInvoiceId;
    expectError(await reclassify(account, first.message.id, first.file("terms.pdf").id, { as: "appendix", purchaseInvoiceId: own }), 422, "VALIDATION_FAILED");
    expect(await invoices(account)).toHaveLength(4);
  });

  it("refuses a flagged file, and validates the body", async () => {
    const account = await createAccountWithConnector();
    const raw = mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", makePdf()), attachment("tool.exe", "application/octet-stream", new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]))), {
      to: account.vatAddress,
    });
    const message = await deliverAndSettle(raw, account);
    const exe = message.files.find((f: any) => f.name === "tool.exe");
    expectError(await reclassify(account, message.id, exe.id, { as: "invoice" }), 409, "CONFLICT");
    expectError(await reclassify(account, message.id, exe.id, { as: "something" }), 400, "VALIDATION_FAILED");
  });

  it("answers 404 for another account's mail or file, and changes nothing", async () => {
    const owner = await createAccountWithConnector();
    const stranger = await createAccountWithConnector();
    const { message, file } = await mailWithTwoPdfs(owner);
    const body = { as: "appendix", purchaseInvoiceId: file("invoice.pdf").purchaseInvoiceId };
    expectError(await reclassify(stranger, message.id, file("terms.pdf").id, body), 404, "NOT_FOUND");
    expect(await invoices(owner)).toHaveLength(2);
  });
});
