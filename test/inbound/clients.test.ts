import { describe, expect, it } from "vitest";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";
import { makeDocx, makeJpeg, makePdf, makePng, makeTnef, makeZip } from "../helpers/documents.ts";
import { ublXml } from "../helpers/einvoice.ts";
import { deliverAndSettle } from "../helpers/mail.ts";
import { attachment, forwarded, html, mail, multipart, text } from "../helpers/mime.ts";

/**
 * Mails in the shapes real clients send. Each test uses its own account, so
 * what the API lists is exactly what that mail brought.
 */
type Account = Awaited<ReturnType<typeof createAccountWithConnector>>;

async function imported(account: Account) {
  return (await call("GET", "/v1/purchase-invoices", { token: account.apiKey })).body.items as any[];
}

async function download(account: Account, path: string) {
  const { exports } = await import("cloudflare:workers");
  const response = await exports.default.fetch(new Request(`https://connector.test${path}`, { headers: { Authorization: `Bearer ${account.apiKey}` } }));
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe("mails as clients send them", () => {
  const fresh = () => createAccountWithConnector();

  it("Gmail: multipart/alternative body and a PDF attachment", async () => {
    const a = await fresh();
    const pdf = makePdf();
    const raw = mail(
      multipart("mixed", multipart("alternative", text("See attached."), html("<div dir=\"ltr\">See attached.</div>")), attachment("Invoice 2026-0042.pdf", "application/pdf", pdf, { extraHeaders: [["X-Attachment-Id", "f_m3x1"]], contentId: "f_m3x1" })),
      { to: a.vatAddress },
    );
    expect((await deliverAndSettle(raw, a)).outcome).toBe("imported");
    const [invoice] = await imported(a);
    expect(invoice).toMatchObject({ format: "pdf", file: { name: "Invoice 2026-0042.pdf", contentType: "application/pdf", size: pdf.length }, appendices: [] });
    const { bytes, response } = await download(a, `/v1/purchase-invoices/${invoice.id}/file`);
    expect(bytes).toEqual(pdf);
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="Invoice 2026-0042.pdf"/);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("Outlook: related body with an inline signature logo, and a PDF attachment", async () => {
    const a = await fresh();
    const logo = await makePng(180, 60);
    const raw = mail(
      multipart(
        "mixed",
        multipart(
          "related",
          multipart("alternative", text("Kind regards"), html('<p>Kind regards</p><img src="cid:image001.png@01DB3C4A.5B0C7E30">')),
          attachment("image001.png", "image/png", logo, { disposition: "inline", contentId: "image001.png@01DB3C4A.5B0C7E30" }),
        ),
        attachment("INV-7781.pdf", "application/pdf", makePdf()),
      ),
      { to: a.vatAddress },
    );
    const message = await deliverAndSettle(raw, a);
    expect(message.outcome).toBe("imported");
    expect(message.files.map((f: any) => f.name)).toEqual(["INV-7781.pdf"]);
    expect(message.inboxItems).toEqual([]);
  });

  it("Outlook with rich text: the PDF inside winmail.dat", async () => {
    const a = await fresh();
    const pdf = makePdf();
    const raw = mail(multipart("mixed", text("Invoice attached"), attachment("winmail.dat", "application/ms-tnef", makeTnef([{ name: "Rechnung März 2026.pdf", bytes: pdf }]))), { to: a.vatAddress });
    const message = await deliverAndSettle(raw, a);
    expect(message.outcome).toBe("imported");
    expect(message.files).toMatchObject([{ name: "Rechnung März 2026.pdf", path: "winmail.dat › Rechnung März 2026.pdf" }]);
    const [invoice] = await imported(a);
    expect((await download(a, `/v1/purchase-invoices/${invoice.id}/file`)).bytes).toEqual(pdf);
  });

  it("Apple Mail: the PDF marked inline between two HTML parts", async () => {
    const a = await fresh();
    const raw = mail(
      multipart(
        "alternative",
        text("Here it is"),
        multipart("mixed", html("<div>Here it is</div>"), attachment("Facture.pdf", "application/pdf", makePdf(), { disposition: "inline" }), html("<div><br></div>")),
      ),
      { to: a.vatAddress },
    );
    expect((await deliverAndSettle(raw, a)).outcome).toBe("imported");
    expect((await imported(a))[0].file.name).toBe("Facture.pdf");
  });

  it("forwarded as an attachment: the PDF inside the forwarded mail", async () => {
    const a = await fresh();
    const inner = mail(multipart("mixed", text("Original"), attachment("original-invoice.pdf", "application/pdf", makePdf())), { subject: "Invoice 99", to: "ap@acme.example" });
    const raw = mail(multipart("mixed", text("FYI, forwarding"), forwarded(inner, "Invoice 99.eml")), { to: a.vatAddress, subject: "Fwd: Invoice 99" });
    const message = await deliverAndSettle(raw, a);
    expect(message.outcome).toBe("imported");
    expect(message.files).toMatchObject([{ name: "original-invoice.pdf", path: "Invoice 99.eml (Invoice 99) › original-invoice.pdf" }]);
  });

  it("several invoices in one mail become several purchase invoices", async () => {
    const a = await fresh();
    const raw = mail(multipart("mixed", text("Three invoices"), ...["a.pdf", "b.pdf", "c.pdf"].map((n) => attachment(n, "application/pdf", makePdf(n)))), { to: a.vatAddress });
    const message = await deliverAndSettle(raw, a);
    expect(message.documents).toHaveLength(3);
    expect((await imported(a)).map((i) => i.file.name).sort()).toEqual(["a.pdf", "b.pdf", "c.pdf"]);
  });

  it("a PDF sent as application/octet-stream", async () => {
    const a = await fresh();
    const raw = mail(multipart("mixed", text("x"), attachment("scan0001", "application/octet-stream", makePdf())), { to: a.vatAddress });
    expect((await deliverAndSettle(raw, a)).outcome).toBe("imported");
    expect((await imported(a))[0]).toMatchObject({ format: "pdf", file: { name: "scan0001", contentType: "application/pdf" } });
  });

  it.each([
    ["RFC 2231 UTF-8", `; filename*=UTF-8''Facture%20%C3%A9t%C3%A9%202026.pdf`, "Facture été 2026.pdf"],
    ["RFC 2231 continuations", `; filename*0*=UTF-8''Rechnung%20f%C3%BCr%20; filename*1*=M%C3%A4rz.pdf`, "Rechnung für März.pdf"],
    ["RFC 2231 ISO-8859-1", `; filename*=iso-8859-1''Factuur%20n%B0%2012.pdf`, "Factuur n° 12.pdf"],
    ["encoded word, ISO-8859-1 Q", `; filename="=?ISO-8859-1?Q?Rechnung_M=E4rz.pdf?="`, "Rechnung März.pdf"],
    ["encoded word, UTF-8 B", `; filename="=?UTF-8?B?0KHRh9C10YIg4oSWNS5wZGY=?="`, "Счет №5.pdf"],
    ["encoded word, Shift_JIS", `; filename="=?Shift_JIS?B?kL+LgY+RLnBkZg==?="`, "請求書.pdf"],
    ["encoded word, Windows-1252", `; filename="=?windows-1252?Q?Re=E7u_=80.pdf?="`, "Reçu €.pdf"],
  ])("file names written as %s", async (_how, params, expected) => {
    const a = await fresh();
    const raw = mail(multipart("mixed", text("x"), attachment(null, "application/pdf", makePdf(), { params })), { to: a.vatAddress });
    expect((await deliverAndSettle(raw, a)).outcome).toBe("imported");
    expect((await imported(a))[0].file.name).toBe(expected);
  });

  it("a ZIP of PDFs: each PDF is an invoice", async () => {
    const a = await fresh();
    const zip = makeZip({ "2026/01.pdf": makePdf("01"), "2026/02.pdf": makePdf("02") });
    const raw = mail(multipart("mixed", text("Invoices of January"), attachment("invoices.zip", "application/zip", zip)), { to: a.vatAddress });
    const message = await deliverAndSettle(raw, a);
    expect(message.outcome).toBe("imported");
    expect(message.files.map((f: any) => f.path)).toEqual(["invoices.zip › 01.pdf", "invoices.zip › 02.pdf"]);
  });

  it("a scanned invoice as a JPEG photo is imported; a tiny image alone is not", async () => {
    const a = await fresh();
    const raw = mail(multipart("mixed", text("Photo of the invoice"), attachment("IMG_2041.JPG", "image/jpeg", makeJpeg(2448, 3264)), attachment("facebook.png", "image/png", await makePng(32, 32))), { to: a.vatAddress });
    const message = await deliverAndSettle(raw, a);
    expect(message.outcome).toBe("imported");
    expect((await imported(a)).map((i) => [i.format, i.file.name])).toEqual([["image", "IMG_2041.JPG"]]);
    expect(message.files.map((f: any) => f.name)).toEqual(["IMG_2041.JPG"]);
    expect(message.skippedParts.find((p: any) => p.name === "facebook.png")).toMatchObject({ why: "image_not_document", contentType: "image/png", reason: expect.stringContaining("32×32") });
  });

  it("office and text files that come with an invoice are its appendices", async () => {
    const a = await fresh();
    const docx = makeDocx();
    const raw = mail(
      multipart("mixed", text("Invoice and timesheet"), attachment("invoice.pdf", "application/pdf", makePdf()), attachment("timesheet.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx), attachment("hours.csv", "text/csv", "date;hours\n2026-11-02;8\n2026-11-03;7.5\n")),
      { to: a.vatAddress },
    );
    expect((await deliverAndSettle(raw, a)).outcome).toBe("imported");
    const [invoice] = await imported(a);
    expect(invoice.appendices.map((x: any) => [x.name, x.contentType])).toEqual([
      ["timesheet.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      ["hours.csv", "text/csv"],
    ]);
    const { bytes, response } = await download(a, `/v1/purchase-invoices/${invoice.id}/appendices/${invoice.appendices[0].id}/file`);
    expect(bytes).toEqual(docx);
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment;/);
  });

  it("a UBL e-invoice and its PDF rendering in one mail are one purchase invoice", async () => {
    const a = await fresh();
    const raw = mail(multipart("mixed", text("x"), attachment("INV-1.pdf", "application/pdf", makePdf()), attachment("INV-1.xml", "application/xml", ublXml("INV-1"))), { to: a.vatAddress });
    const message = await deliverAndSettle(raw, a);
    expect(message.documents).toHaveLength(1);
    const [invoice] = await imported(a);
    expect(invoice).toMatchObject({ format: "ubl", file: { name: "INV-1.xml" }, appendices: [{ name: "INV-1.pdf" }] });
  });
});
