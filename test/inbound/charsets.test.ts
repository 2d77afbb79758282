import { describe, expect, it } from "vitest";
import { makePdf } from "../helpers/documents.ts";
import { attachment, forwarded, mail, multipart, text, type Leaf } from "../helpers/mime.ts";
import { receiveMail } from "../helpers/received.ts";

/**
 * Charsets mail really uses never fail the parse, and headers and names
 * fall back to a sane decoding: UTF-7 (old Exchange, some webmails),
 * labels no decoder knows (x-unknown), UTF-8 labelled as ISO-8859-1.
 */
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const utf8AsLatin1 = (text: string) => String.fromCharCode(...new TextEncoder().encode(text));
const b64 = (text: string) => btoa(text);

describe("charsets", () => {
  it("a UTF-7 subject is read as the sender wrote it", async () => {
    // "Facture été 2026 – n°12" in UTF-7, as an encoded word.
    const subject = `=?utf-7?B?${b64("Facture +AOk-t+AOk- 2026 +IBM- n+ALA-12")}?=`;
    const r = await receiveMail((to) => mail(multipart("mixed", text("x"), attachment("a.pdf", "application/pdf", makePdf())), { to, subject }));
    expect(r.message.outcome).toBe("imported");
    expect(r.message.subject).toBe("Facture été 2026 – n°12");
    expect(r.invoices[0].source.subject).toBe("Facture été 2026 – n°12");
    expect(r.inbox).toEqual([]);
    expect(r.skipped()).toEqual([["part 1", "body"]]);
  });

  it.each([
    ["an encoded word", `; filename="=?UTF-7?Q?Re+AOc-u_Mars.pdf?="`],
    ["RFC 2231", `; filename*=utf-7''Re%2BAOc-u%20Mars.pdf`],
  ])("a UTF-7 file name written as %s", async (_how, params) => {
    const r = await receiveMail((to) => mail(multipart("mixed", text("x"), attachment(null, "application/pdf", makePdf(), { params })), { to }));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices[0].file.name).toBe("Reçu Mars.pdf");
  });

  it("a program hidden in a UTF-7 name is found by the rules on names", async () => {
    const r = await receiveMail((to) => mail(multipart("mixed", text("x"), attachment(null, "application/pdf", makePdf(), { params: `; filename="=?utf-7?Q?invoice.pdf+AC4-exe?="` })), { to }));
    expect(r.message.outcome).toBe("flagged");
    expect(r.inbox[0]).toMatchObject({ kind: "malicious", attachment: { name: "invoice.pdf.exe" } });
  });

  it("a charset no decoder knows (x-unknown) in the body, the subject and a name: the mail is read, the PDF imported", async () => {
    const body: Leaf = { headers: [["Content-Type", "text/plain; charset=x-unknown"]], body: latin1("R\xe9capitulatif de la facture\r\n"), encoding: "8bit" };
    const r = await receiveMail((to) =>
      mail(multipart("mixed", body, attachment(null, "application/pdf", makePdf(), { params: `; filename="=?x-unknown?Q?R=E9sum=E9.pdf?="` })), { to, subject: "=?x-unknown?Q?Facture_r=E9sum=E9e?=" }),
    );
    expect(r.message.outcome).toBe("imported");
    expect(r.message.subject).toBe("Facture résumée");
    expect(r.invoices[0].file.name).toBe("Résumé.pdf");
  });

  it("UTF-8 labelled as ISO-8859-1 (mojibake) in the subject and a name is read as UTF-8", async () => {
    const word = (text: string) => `=?iso-8859-1?Q?${[...utf8AsLatin1(text)].map((c) => (c.charCodeAt(0) > 0x7e || c === " " ? `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}` : c)).join("")}?=`;
    const r = await receiveMail((to) =>
      mail(multipart("mixed", text("x"), attachment(null, "application/pdf", makePdf(), { params: `; filename="${word("Rechnung März – Köln.pdf")}"` })), { to, subject: word("Rechnung für März") }),
    );
    expect(r.message.subject).toBe("Rechnung für März");
    expect(r.invoices[0].file.name).toBe("Rechnung März – Köln.pdf");
  });

  it("a real ISO-8859-1 name stays as it is", async () => {
    const r = await receiveMail((to) => mail(multipart("mixed", text("x"), attachment(null, "application/pdf", makePdf(), { params: `; filename="=?ISO-8859-15?Q?Facture_=E9t=E9_=A4.pdf?="` })), { to }));
    expect(r.invoices[0].file.name).toBe("Facture été €.pdf");
  });

  it("a body in UTF-7 and a name in raw 8-bit Latin-1 (no charset at all) are read, the name as Latin-1", async () => {
    const body: Leaf = { headers: [["Content-Type", "text/plain; charset=utf-7"]], body: "Ci-joint la facture +AOk-t+AOk-.\r\n", encoding: "7bit" };
    const pdf: Leaf = { headers: [["Content-Type", "application/pdf"], ["Content-Disposition", 'attachment; filename="Factur\xe9.pdf"']], body: makePdf(), encoding: "base64" };
    const raw = (to: string) => {
      const bytes = mail(multipart("mixed", body, pdf), { to });
      // The name's é as one raw byte, as mailers that assume Latin-1 write it.
      return latin1(new TextDecoder().decode(bytes));
    };
    const r = await receiveMail(raw);
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices[0].file.name).toBe("Facturé.pdf");
  });

  it("a forwarded mail whose subject is raw 8-bit Latin-1 is labelled with it", async () => {
    const inner = latin1(new TextDecoder().decode(mail(multipart("mixed", text("x"), attachment("a.pdf", "application/pdf", makePdf())), { subject: "Facture d'été" })));
    const r = await receiveMail((to) => mail(multipart("mixed", text("fwd"), forwarded(inner, "fwd.eml")), { to }));
    expect(r.message.files[0].path).toBe("fwd.eml (Facture d'été) › a.pdf");
  });
});
