import { describe, expect, it } from "vitest";
import { cmsEnvelopedData, cmsSignedData, pgpArmor, pgpBinarySignature } from "../helpers/crypto-mail.ts";
import { makeExe, makePdf } from "../helpers/documents.ts";
import { call } from "../helpers/api.ts";
import { attachment, html, mail, multipart, text, type Leaf, type Multipart } from "../helpers/mime.ts";
import { receiveMail } from "../helpers/received.ts";

/**
 * Signed mail imports like any other: its signature is listed as a skipped
 * part, never flagged. Encrypted mail cannot be read: the inbox says so,
 * naming the sender, so that the account can ask for it unencrypted.
 */
const SENDER = "Billing <billing@supplier.example>";

/** multipart/signed as Outlook, Apple Mail and Thunderbird write it: the signed entity, then the signature. */
function signed(protocol: string, content: Multipart, signature: Leaf): Multipart {
  return { subtype: `signed; protocol="${protocol}"; micalg=sha-256`, parts: [content, signature] };
}

const invoiceEntity = (name = "INV-7781.pdf") => multipart("mixed", multipart("alternative", text("Please find invoice INV-7781 attached."), html("<p>Please find invoice INV-7781 attached.</p>")), attachment(name, "application/pdf", makePdf()));

describe("signed mail", () => {
  it("S/MIME clear-signed (Outlook, Apple Mail): the invoice is imported, smime.p7s is a skipped signature", async () => {
    const r = await receiveMail((to) => mail(signed("application/pkcs7-signature", invoiceEntity(), attachment("smime.p7s", "application/pkcs7-signature", cmsSignedData())), { to, from: SENDER }));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices.map((i) => i.file.name)).toEqual(["INV-7781.pdf"]);
    expect(r.inbox).toEqual([]);
    expect(r.message.files.map((f: any) => f.name)).toEqual(["INV-7781.pdf"]);
    expect(r.skipped()).toEqual([
      ["part 1.1.1", "body"],
      ["part 1.1.2", "body"],
      ["smime.p7s", "signature"],
    ]);
    expect(r.message.skippedParts[2]).toMatchObject({ section: "2", contentType: "application/pkcs7-signature", reason: expect.stringContaining("S/MIME") });
  });

  it.each([
    ["with definite lengths", {}],
    ["streamed, in pieces of indefinite length (OpenSSL -stream, Outlook)", { streamedPieces: 1000 }],
  ])("S/MIME opaque-signed (smime.p7m, signed-data) %s: the invoice inside is imported", async (_how, options) => {
    const entity = mail(invoiceEntity("Facture-2026-55.pdf"), { messageId: null }).subarray(0);
    // The signed content is a MIME entity: its own Content-Type and what follows, without the mail's headers.
    const headersEnd = new TextDecoder("latin1").decode(entity).indexOf("Content-Type: multipart/mixed");
    const p7m = cmsSignedData({ content: entity.subarray(headersEnd), ...options });
    const r = await receiveMail((to) =>
      mail(attachment("smime.p7m", 'application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"', p7m, { params: '; filename="smime.p7m"' }), { to, from: SENDER }),
    );
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices.map((i) => i.file.name)).toEqual(["Facture-2026-55.pdf"]);
    expect(r.message.files).toMatchObject([{ path: "Facture-2026-55.pdf", verdict: "document" }]);
    expect(r.skipped()).toEqual([
      ["part 1.1", "body"],
      ["part 1.2", "body"],
    ]);
  });

  it("PGP/MIME signed (Thunderbird): the invoice is imported; the signature and the sender's key are skipped", async () => {
    const content = multipart("mixed", text("Invoice attached."), attachment("INV-7781.pdf", "application/pdf", makePdf()), attachment("OpenPGP_0x3A1F9C2B77E0D5A4.asc", "application/pgp-keys", pgpArmor("PUBLIC KEY BLOCK")));
    const r = await receiveMail((to) => mail(signed("application/pgp-signature", content, attachment("OpenPGP_signature.asc", "application/pgp-signature", pgpArmor("SIGNATURE"))), { to, from: SENDER }));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices).toHaveLength(1);
    expect(r.inbox).toEqual([]);
    expect(r.skipped()).toEqual([
      ["part 1.1", "body"],
      ["OpenPGP_0x3A1F9C2B77E0D5A4.asc", "signature"],
      ["OpenPGP_signature.asc", "signature"],
    ]);
    expect(r.message.skippedParts[1].reason).toMatch(/public key/);
  });

  it("an inline-PGP detached signature (invoice.pdf.sig, binary) beside the invoice is skipped", async () => {
    const r = await receiveMail((to) =>
      mail(multipart("mixed", text("Signed with GnuPG."), attachment("invoice.pdf", "application/pdf", makePdf()), attachment("invoice.pdf.sig", "application/octet-stream", pgpBinarySignature())), { to }),
    );
    expect(r.message.outcome).toBe("imported");
    expect(r.skipped()).toContainEqual(["invoice.pdf.sig", "signature"]);
  });

  it("a part that only claims to be a signature is taken and scanned like any file", async () => {
    const r = await receiveMail((to) => mail(signed("application/pkcs7-signature", invoiceEntity(), attachment("smime.p7s", "application/pkcs7-signature", makeExe())), { to }));
    expect(r.message.outcome).toBe("partially_imported");
    expect(r.item("smime.p7s")).toMatchObject({ kind: "malicious", reasonCode: "EXECUTABLE" });
  });
});

describe("encrypted mail", () => {
  it("S/MIME enveloped data: flagged, the inbox says it is encrypted and names the sender", async () => {
    const r = await receiveMail((to) =>
      mail(attachment("smime.p7m", 'application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"', cmsEnvelopedData(), { params: '; filename="smime.p7m"' }), { to, from: SENDER }),
    );
    expect(r.message.outcome).toBe("flagged");
    expect(r.invoices).toEqual([]);
    expect(r.inbox).toHaveLength(1);
    expect(r.inbox[0]).toMatchObject({ kind: "unsupported", reasonCode: "MAIL_ENCRYPTED", attachment: null });
    expect(r.inbox[0].reason).toContain("billing@supplier.example");
    expect(r.inbox[0].reason).toMatch(/encrypted \(S\/MIME\)/);
    expect(r.skipped()).toEqual([["smime.p7m", "encrypted"]]);
  });

  it("PGP/MIME encrypted (multipart/encrypted): flagged with the sender's address", async () => {
    const encrypted: Multipart = {
      subtype: 'encrypted; protocol="application/pgp-encrypted"',
      parts: [attachment(null, "application/pgp-encrypted", "Version: 1\r\n", { disposition: null }), attachment("encrypted.asc", "application/octet-stream", pgpArmor("MESSAGE", 3000), { disposition: "inline" })],
    };
    const r = await receiveMail((to) => mail(encrypted, { to, from: SENDER }));
    expect(r.message.outcome).toBe("flagged");
    expect(r.inbox).toMatchObject([{ kind: "unsupported", reasonCode: "MAIL_ENCRYPTED" }]);
    expect(r.inbox[0].reason).toMatch(/billing@supplier\.example.*OpenPGP/);
    expect(r.skipped()).toEqual([
      ["part 1", "encrypted"],
      ["encrypted.asc", "encrypted"],
    ]);
  });

  it("an inline-PGP encrypted body: flagged, not an ordinary mail without attachment", async () => {
    const r = await receiveMail((to) => mail(text(pgpArmor("MESSAGE", 1200)), { to, from: SENDER }));
    expect(r.message.outcome).toBe("flagged");
    expect(r.inbox).toMatchObject([{ kind: "unsupported", reasonCode: "MAIL_ENCRYPTED" }]);
    expect(r.skipped()).toEqual([["part 1", "encrypted"]]);
  });

  it("the reason reads in the reader's language", async () => {
    const r = await receiveMail((to) => mail(attachment("smime.p7m", "application/pkcs7-mime", cmsEnvelopedData()), { to, from: SENDER }));
    const fr = await call("GET", `/v1/inbox/${r.inbox[0].id}`, { token: r.account.apiKey, headers: { "Accept-Language": "fr" } });
    expect(fr.body.reason).toBe(
      "L'e-mail de Billing <billing@supplier.example> est chiffré (S/MIME) et ne peut pas être lu : aucune facture n'a pu être tirée de son contenu chiffré. Demandez à l'expéditeur d'envoyer la facture sans chiffrement.",
    );
  });
});
