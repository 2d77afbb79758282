import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { composeInvoiceMail, safeAttachmentName, type InvoiceMail } from "../../src/outbound/compose.ts";
import { describeWithSamples, readSample } from "../helpers/samples.ts";

/** Every byte value, so an encoding that touched any of them would show. */
const binary = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7 + 3) % 256);

function mail(overrides: Partial<InvoiceMail> = {}): InvoiceMail {
  return {
    messageId: "<6f1c0e8e2b7d4a9f3c5e1b2a7d9f0c4e@mail.example.com>",
    senderAddress: "invoices@mail.example.com",
    accountName: "Acme Trading BV",
    replyTo: "ap@acme.example",
    recipients: ["ap@globex.example", "controller@globex.example"],
    language: "en",
    invoice: { number: "2026-0042", issueDate: "2026-11-02", dueDate: "2026-12-02", currency: "EUR", totalAmount: "1210.50" },
    attachments: [
      { filename: "2026-0042.pdf", contentType: "application/pdf", content: binary },
      { filename: "2026-0042.xml", contentType: "application/xml", content: new TextEncoder().encode("<Invoice>été</Invoice>") },
    ],
    ...overrides,
  };
}

const parse = (raw: string) => PostalMime.parse(raw, { attachmentEncoding: "arraybuffer" });

describe("composeInvoiceMail", () => {
  it("writes the headers of the design: From the account at the sending address, Reply-To the account", async () => {
    const composed = composeInvoiceMail(mail());
    const parsed = await parse(composed.raw);
    expect(parsed.from).toEqual({ name: "Acme Trading BV", address: "invoices@mail.example.com" });
    expect(parsed.replyTo).toEqual([{ name: "", address: "ap@acme.example" }]);
    expect(parsed.to?.map((a) => a.address)).toEqual(["ap@globex.example", "controller@globex.example"]);
    expect(parsed.subject).toBe("Invoice 2026-0042 from Acme Trading BV");
    expect(parsed.messageId).toBe("<6f1c0e8e2b7d4a9f3c5e1b2a7d9f0c4e@mail.example.com>");
    expect(composed.messageId).toBe(parsed.messageId);
    const header = (name: string) => parsed.headers.find((h) => h.key === name)?.value;
    expect(header("content-language")).toBe("en");
    expect(header("auto-submitted")).toBe("auto-generated");
    expect(header("date")).toBeTruthy();
  });

  it("attaches the PDF and the e-invoice byte for byte", async () => {
    const parsed = await parse(composeInvoiceMail(mail()).raw);
    expect(parsed.attachments.map((a) => [a.filename, a.mimeType, a.disposition])).toEqual([
      ["2026-0042.pdf", "application/pdf", "attachment"],
      ["2026-0042.xml", "application/xml", "attachment"],
    ]);
    expect(new Uint8Array(parsed.attachments[0]!.content as ArrayBuffer)).toEqual(binary);
    expect(new TextDecoder().decode(parsed.attachments[1]!.content as ArrayBuffer)).toBe("<Invoice>été</Invoice>");
  });

  it("stays within what SMTP carries: CRLF line ends, ASCII only, no line over 998 characters", () => {
    const { raw } = composeInvoiceMail(mail({ accountName: "Société Générale d'Électricité", language: "fr" }));
    expect(raw).not.toMatch(/[^\r]\n/);
    expect(raw).not.toMatch(/[^\x00-\x7f]/);
    expect(Math.max(...raw.split("\r\n").map((line) => line.length))).toBeLessThanOrEqual(998);
  });

  it.each([
    ["en", "Invoice 2026-0042 from Acme Trading BV", ["Dear customer,", "invoice 2026-0042 of 2 November 2026 for €1,210.50, due on 2 December 2026", "Kind regards,"]],
    ["fr", "Facture 2026-0042 de Acme Trading BV", ["Madame, Monsieur,", "facture 2026-0042 du 2 novembre 2026", "1 210,50 €", "au plus tard le 2 décembre 2026", "Cordialement,"]],
    ["nl", "Factuur 2026-0042 van Acme Trading BV", ["Geachte klant,", "factuur 2026-0042 van 2 november 2026", "€ 1.210,50", "uiterlijk op 2 december 2026", "Met vriendelijke groeten,"]],
    ["de", "Rechnung 2026-0042 von Acme Trading BV", ["Sehr geehrte Damen und Herren,", "Rechnung 2026-0042 vom 2. November 2026", "1.210,50 €", "zahlbar bis zum 2. Dezember 2026", "Mit freundlichen Grüßen"]],
  ] as const)("writes subject and both bodies in %s", async (language, subject, phrases) => {
    const parsed = await parse(composeInvoiceMail(mail({ language })).raw);
    expect(parsed.subject).toBe(subject);
    const normalise = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");
    for (const phrase of phrases) {
      expect(normalise(parsed.text!)).toContain(phrase);
      expect(normalise(parsed.html!)).toContain(phrase.replace(/'/g, "&#39;"));
    }
    expect(parsed.html).toContain(`<html lang="${language}">`);
    expect(parsed.headers.find((h) => h.key === "content-language")?.value).toBe(language);
  });

  it("keeps the amount exact, without a float in between", async () => {
    const parsed = await parse(composeInvoiceMail(mail({ invoice: { ...mail().invoice, totalAmount: "12345678901234.57" } })).raw);
    expect(parsed.text).toContain("€12,345,678,901,234.57");
  });

  it("leaves out what does not apply: a due date, the e-invoice, replies", async () => {
    const parsed = await parse(
      composeInvoiceMail(mail({ replyTo: null, invoice: { ...mail().invoice, dueDate: null }, attachments: [mail().attachments[0]!] })).raw,
    );
    expect(parsed.replyTo).toBeUndefined();
    expect(parsed.text).toContain("for €1,210.50.");
    expect(parsed.text).not.toContain("due on");
    expect(parsed.text).not.toContain("electronic invoice");
    expect(parsed.text).not.toContain("reply");
    expect(parsed.attachments).toHaveLength(1);
  });

  it("mentions the e-invoice when one is attached", async () => {
    expect((await parse(composeInvoiceMail(mail()).raw)).text).toContain("The electronic invoice (XML) is attached as well");
  });

  it("cannot be made to carry extra headers by an account name", async () => {
    const parsed = await parse(composeInvoiceMail(mail({ accountName: 'Evil "Co"\r\nBcc: victim@example.com' })).raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.from?.address).toBe("invoices@mail.example.com");
    expect(parsed.from?.name).toBe('Evil "Co"\r\nBcc: victim@example.com');
  });

  it("escapes the account name in the HTML body", async () => {
    const parsed = await parse(composeInvoiceMail(mail({ accountName: "<script>alert(1)</script> & Co" })).raw);
    expect(parsed.html).not.toContain("<script>");
    expect(parsed.html).toContain("&#60;script&#62;alert(1)&#60;/script&#62; &#38; Co");
  });
});

describe("safeAttachmentName", () => {
  it.each([
    ["facture 2026-0042.pdf", "facture 2026-0042.pdf"],
    ['evil".pdf\r\nX-Injected: 1', "evil_.pdf__X-Injected_ 1"],
    ["C:\\Users\\me\\facture.pdf", "facture.pdf"],
    ["../../etc/passwd", "passwd"],
    ["Rechnung-Müller.pdf", "Rechnung-M_ller.pdf"],
    ["...", "2026_0042.pdf"],
    ["", "2026_0042.pdf"],
  ])("turns %j into %j", (name, safe) => {
    expect(safeAttachmentName(name, "2026/0042.pdf")).toBe(safe);
  });
});

describeWithSamples("composing with real invoice files", () => {
  it("carries a Factur-X PDF and a UBL invoice intact", async () => {
    const pdf = await readSample("einvoice/pdf/fx-en16931_zugferd_2p1_EN16931_Einfach.pdf");
    const xml = await readSample("einvoice/ubl/peppol-bis3_Invoice-Max_content.xml");
    const parsed = await parse(
      composeInvoiceMail(
        mail({
          attachments: [
            { filename: "invoice.pdf", contentType: "application/pdf", content: pdf },
            { filename: "invoice.xml", contentType: "application/xml", content: xml },
          ],
        }),
      ).raw,
    );
    expect(new Uint8Array(parsed.attachments[0]!.content as ArrayBuffer)).toEqual(pdf);
    expect(new Uint8Array(parsed.attachments[1]!.content as ArrayBuffer)).toEqual(xml);
  });
});
