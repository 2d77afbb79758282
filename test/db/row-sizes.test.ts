import { env } from "cloudflare:workers";
import { afterEach, expect, it, vi } from "vitest";
import { MAX_CITY_CHARS, MAX_EMAIL_CHARS, MAX_EMAIL_LOCAL_PART_CHARS, MAX_IDEMPOTENCY_KEY_CHARS, MAX_INVOICE_NUMBER_CHARS, MAX_NAME_CHARS, MAX_POSTAL_CODE_CHARS, MAX_STREET_CHARS } from "../../src/api/limits.ts";
import { D1_MAX_ROW_BYTES } from "../../src/db/limits.ts";
import { MAX_XML_TEXT_CHARS } from "../../src/einvoice/limits.ts";
import { MAX_ENVELOPE_ADDRESS_CHARS, MAX_FILE_NAME_CHARS, MAX_FROM_CHARS, MAX_MESSAGE_ID_CHARS, MAX_SUBJECT_CHARS } from "../../src/limits.ts";
import { MAX_LAST_ERROR_CHARS } from "../../src/outbound/limits.ts";
import { MAX_RECIPIENTS_PER_MESSAGE } from "../../src/outbound/limits.ts";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";
import { makePdf, makeZip } from "../helpers/documents.ts";
import { bytesOf, FACTS, serialise, ublInvoice } from "../helpers/einvoice.ts";
import { deliver, deliverAndSettle, messageIdOf, settled } from "../helpers/mail.ts";
import { attachment, forwarded, mail, multipart, text } from "../helpers/mime.ts";
import { createPartner } from "../helpers/partners.ts";
import { largestRows } from "../helpers/production-d1.ts";
import { runQueue } from "../helpers/queues.ts";
import { envWithCapturedOutbound, uploadSalesInvoice } from "../helpers/sales-invoices.ts";
import { sendingEvent } from "../helpers/sending-events.ts";
import { signedUpClient, WebClient } from "../helpers/web.ts";
import { MAX_PASSWORD_LENGTH } from "../../src/users/limits.ts";

/**
 * No row comes near D1's 2 MB (D1_MAX_ROW_BYTES), whatever arrives from
 * outside: every entry point is given the largest values it can receive,
 * or many times what it keeps, and then the largest row of every table is
 * measured. The production-like D1 would refuse a row over 2 MB; this asks
 * for far less.
 */
const FAR_BELOW = D1_MAX_ROW_BYTES / 8;

/** Characters of three bytes in UTF-8, the most a character of a capped text can cost. */
const wide = (length: number) => "€".repeat(length);

/** A header value in RFC 2047 encoded words, which may be as long as the headers' limit allows. */
function encodedWords(value: string): string {
  const words: string[] = [];
  for (let i = 0; i < value.length; i += 15) words.push(`=?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode(value.slice(i, i + 15))))}?=`);
  return words.join(" ");
}

/** An attachment whose name is given in RFC 2231 form, as long as the sender likes. */
const longNamed = (name: string, type: string, bytes: Uint8Array) => attachment(null, type, bytes, { params: `; filename*=UTF-8''${encodeURIComponent(name)}` });

/** An e-invoice whose every text field is as long as the reader keeps (MAX_XML_TEXT_CHARS). */
function largestEInvoice(): Uint8Array {
  const field = wide(MAX_XML_TEXT_CHARS);
  const digits = "1".repeat(MAX_XML_TEXT_CHARS);
  const party = { name: field, tradingName: field, vat: field };
  return bytesOf(serialise(ublInvoice({ ...FACTS, number: field, typeCode: field, customizationId: field, payable: digits, taxExclusive: digits, seller: party, buyer: party })));
}

/** An address of exactly MAX_EMAIL_CHARS characters. */
function longestAddress(i: number): string {
  const local = `${i}-`.padEnd(MAX_EMAIL_LOCAL_PART_CHARS, "x");
  const domain = ["a".repeat(63), "b".repeat(63), "c".repeat(MAX_EMAIL_CHARS - MAX_EMAIL_LOCAL_PART_CHARS - 1 - 128 - 8), "example"].join(".");
  return `${local}@${domain}`;
}

afterEach(() => vi.restoreAllMocks());

it("no row comes near D1's 2 MB, whatever arrives from outside", async () => {
  const account = await createAccountWithConnector({ name: wide(MAX_NAME_CHARS), contactEmail: longestAddress(0) });

  // Receiving: the headers of the mail and of mails forwarded inside it, names, types, paths, an e-invoice, a reason quoting the file.
  // (A forwarded mail is recognised by its headers within the first 4 KiB: its subject stays under that, and over what a path keeps.)
  const subject = encodedWords(wide(2 * MAX_FILE_NAME_CHARS));
  const nested = (depth: number): Uint8Array =>
    depth === 0
      ? mail(multipart("mixed", text("x"), attachment(`${"z".repeat(1_000)}.zip`, "application/zip", makeZip({ [`${wide(5_000)}.xml`]: largestEInvoice() }, 0))), { subject })
      : mail(multipart("mixed", text("x"), forwarded(nested(depth - 1), `${"f".repeat(1_000)}.eml`)), { subject });
  const notAnInvoice = bytesOf(`<?xml version="1.0"?><x:Thing xmlns:x="urn:${wide(50_000)}"/>`);
  const files = mail(
    multipart(
      "mixed",
      text("Invoices attached."),
      longNamed(`${wide(20_000)}.pdf`, `application/x-${"t".repeat(10_000)}`, makePdf()),
      forwarded(nested(2), "forwarded.eml"),
      longNamed(`${wide(20_000)}.xml`, "application/xml", notAnInvoice),
    ),
    { to: account.vatAddress, subject: wide(10_000), from: `"${wide(5_000)}" <billing@supplier.example>`, messageId: "m".repeat(10_000) },
  );
  expect((await deliver(files, { to: account.vatAddress!, from: `${"f".repeat(5_000)}@supplier.example` })).rejected).toBeNull();
  const received = await settled(account.apiKey, messageIdOf(files).slice(0, MAX_MESSAGE_ID_CHARS - 1) + "…");
  expect(received).toMatchObject({ outcome: "imported", envelopeFrom: expect.stringMatching(/…$/) });
  expect(received.envelopeFrom).toHaveLength(MAX_ENVELOPE_ADDRESS_CHARS);
  expect(received.subject).toHaveLength(MAX_SUBJECT_CHARS);
  expect(received.from).toHaveLength(MAX_FROM_CHARS);
  expect(received.files.map((f: any) => f.name.length)).toEqual(received.files.map(() => MAX_FILE_NAME_CHARS));

  // A forwarding confirmation, whose link is quoted in the inbox item.
  const confirmation = mail(text(`Please confirm forwarding: https://mail.google.com/mail/vf-${"l".repeat(100_000)}\nConfirmation code: 123456789`), {
    from: "Gmail Team <forwarding-noreply@google.com>",
    subject: "Gmail Forwarding Confirmation",
  });
  await deliverAndSettle(confirmation, account);

  // Sending: a customer with every field at its longest, fifty recipients of the longest address, an invoice with the longest number.
  const recipients = Array.from({ length: MAX_RECIPIENTS_PER_MESSAGE }, (_, i) => longestAddress(i + 1));
  const customer = await createPartner(account.apiKey, {
    name: wide(MAX_NAME_CHARS),
    email: longestAddress(99),
    address: { street: wide(MAX_STREET_CHARS), postalCode: wide(MAX_POSTAL_CODE_CHARS), city: wide(MAX_CITY_CHARS), country: "BE" },
    deliveryChannels: [{ channel: "email", enabled: true, recipients }],
  });
  const upload = await uploadSalesInvoice(account.apiKey, customer.id, { metadata: { number: wide(MAX_INVOICE_NUMBER_CHARS) }, pdfName: `${wide(10_000)}.pdf` });
  expect(upload.status).toBe(201);
  expect(upload.body.file.name).toHaveLength(MAX_FILE_NAME_CHARS);
  const { outbound, env: capturing } = envWithCapturedOutbound();
  const sent = await call("POST", `/v1/sales-invoices/${upload.body.id}/send`, { token: account.apiKey, env: capturing, headers: { "Idempotency-Key": "k".repeat(MAX_IDEMPOTENCY_KEY_CHARS) } });
  expect(sent.status).toBe(202);
  let n = 0;
  vi.spyOn(env.SEND_EMAIL, "send").mockImplementation(async () => ({ messageId: `<${++n}-${"i".repeat(900)}@mail.example.com>` }));
  await runQueue("email-connector-outbound", outbound.sent);
  const deliveryId = sent.body.deliveries[0].id as string;
  const { bounceAddress } = (await call("GET", `/v1/deliveries/${deliveryId}`, { token: account.apiKey })).body;

  // Every recipient bounces, twice, with a long diagnostic each; and an Email Sending event with a long SMTP answer.
  const diagnostic = wide(10_000);
  const report = (attempt: number) =>
    mail(
      multipart(
        "report; report-type=delivery-status",
        text(`Delivery failed (${attempt}).`),
        text(
          [`Reporting-MTA: dns; ${"r".repeat(10_000)}.example`, ...recipients.map((r) => `Final-Recipient: rfc822; ${r}\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; ${diagnostic}`)].join("\r\n\r\n"),
          "message/delivery-status",
        ),
      ),
      // Refers to the first message sent, as a report must to be believed.
      { from: "MAILER-DAEMON@mx.example.net", to: bounceAddress, subject: "Undelivered Mail Returned to Sender", headers: [["In-Reply-To", `<1-${"i".repeat(900)}@mail.example.com>`]] },
    );
  for (const attempt of [1, 2]) expect((await deliver(report(attempt), { to: bounceAddress })).rejected).toBeNull();
  const event = sendingEvent("delivered", { messageId: `1-${"i".repeat(900)}@mail.example.com`, recipient: recipients[0]! }, { delivery: { status: "delivered", smtpResponse: wide(40_000) } });
  expect((await runQueue("email-connector-email-events", [event])).explicitAcks).toHaveLength(1);

  const delivery = (await call("GET", `/v1/deliveries/${deliveryId}`, { token: account.apiKey })).body;
  expect(delivery.status).toBe("bounced");
  expect(delivery.lastError).toHaveLength(MAX_LAST_ERROR_CHARS);
  expect(delivery.lastError).toMatch(/…$/);

  // A mail put off by a rate limit, from an envelope sender as long as the sender likes.
  const limited = { ...env, MAIL_SENDER_RATE_LIMITER: env.TEST_SMALL_RATE_LIMITER } as Env;
  const flooder = `${"s".repeat(5_000)}@flood.example`;
  await expect(
    (async () => {
      for (let i = 0; i < 10; i++) await deliver(mail(text("x"), { subject: `flood ${i}` }), { to: account.vatAddress!, from: flooder }, limited);
    })(),
  ).rejects.toThrow(/try again/);

  // The web app's people: an owner who signed up with the longest values a form takes, a colleague invited, a password reset.
  vi.spyOn(env.SEND_EMAIL, "send").mockResolvedValue({ messageId: "<x@mail.example.com>" });
  const owner = longestAddress(1);
  const { client } = await signedUpClient({ companyName: wide(MAX_NAME_CHARS), name: wide(MAX_NAME_CHARS), email: owner, password: "€ab".repeat(MAX_PASSWORD_LENGTH).slice(0, MAX_PASSWORD_LENGTH) });
  await client.get("/team");
  expect((await client.post("/team/invitations", { email: longestAddress(2) })).location).toBe("/team?notice=invitationSent");
  const visitor = new WebClient();
  await visitor.get("/forgot-password");
  await visitor.post("/forgot-password", { email: owner });
  await vi.waitUntil(async () => (await env.DB.prepare("SELECT count(*) AS n FROM password_resets").first<{ n: number }>())!.n > 0);

  const sizes = await largestRows(env.DB);
  console.log(JSON.stringify({ largestRowBytes: sizes }));
  for (const [table, bytes] of Object.entries(sizes)) {
    expect(bytes, table).toBeLessThan(FAR_BELOW);
    // Each table was written, so that each figure measures something.
    expect(bytes, table).toBeGreaterThan(0);
  }
}, 120_000);
