import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { parseDeliveryStatus } from "../../src/mail/delivery-status.ts";
import { MAX_BOUNCE_DIAGNOSTIC_CHARS, MAX_LAST_ERROR_CHARS } from "../../src/outbound/limits.ts";
import { bounceAddress, bounceAddressParts } from "../../src/outbound/signatures.ts";
import { call } from "../helpers/api.ts";
import { deliver } from "../helpers/mail.ts";
import { bounces, originalHeaders, part } from "../helpers/bounces.ts";
import { mail, multipart, text, type Leaf } from "../helpers/mime.ts";
import { readyToSend } from "../helpers/sales-invoices.ts";
import { describeWithSamples, readSample } from "../helpers/samples.ts";

const SENDER = { SENDER_ADDRESS: "invoices@mail.example.com" };


const diagnostics = {
  Postfix: "550 5.1.1 <ap@globex.example>: Recipient address rejected: User unknown in virtual mailbox table",
  Exchange: "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ap@globex.example not found by SMTP address lookup",
  Gmail: "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking",
};

/** An account whose invoice went out by email: the delivery reads `sent`; its bounce address and the Message-ID it went out with. */
async function sentDelivery() {
  const ready = await readyToSend();
  const response = await call("POST", `/v1/sales-invoices/${ready.invoice.id}/send`, { token: ready.apiKey });
  const id = response.body.deliveries[0].id as string;
  await vi.waitUntil(async () => (await call("GET", `/v1/deliveries/${id}`, { token: ready.apiKey })).body.status === "sent", { timeout: 5000, interval: 50 });
  const delivery = (await call("GET", `/v1/deliveries/${id}`, { token: ready.apiKey })).body;
  return { ...ready, deliveryId: id, to: delivery.bounceAddress as string, messageId: delivery.messageId as string };
}

const getDelivery = async (apiKey: string, id: string) => (await call("GET", `/v1/deliveries/${id}`, { token: apiKey })).body;
const bouncedItems = async (apiKey: string) => (await call("GET", "/v1/inbox?kind=delivery_bounced", { token: apiKey })).body.items;

describe("a bounce", () => {
  it.each(["Postfix", "Exchange", "Gmail"] as const)("in the shape %s sends marks the right delivery bounced, with the diagnostic", async (mta) => {
    const { apiKey, deliveryId, invoice, to, messageId } = await sentDelivery();
    const other = await sentDelivery();
    const result = await deliver(bounces[mta](to, "ap@globex.example", messageId), { to, from: "" });
    expect(result.rejected).toBeNull();

    const bounced = await getDelivery(apiKey, deliveryId);
    expect(bounced).toMatchObject({ status: "bounced", reason: "BOUNCED" });
    expect(bounced.lastError).toContain(`ap@globex.example: ${diagnostics[mta]}`);
    expect(bounced.events.at(-1)).toMatchObject({ type: "bounced", status: "bounced", message: expect.stringContaining(diagnostics[mta]) });
    expect((await getDelivery(other.apiKey, other.deliveryId)).status).toBe("sent");

    const items = await bouncedItems(apiKey);
    expect(items).toEqual([
      expect.objectContaining({ kind: "delivery_bounced", reasonCode: "DELIVERY_BOUNCED", deliveryId, resolved: false, attachment: null, message: null }),
    ]);
    expect(items[0].reason).toContain(`Invoice ${invoice.number} to Globex NV bounced: ap@globex.example: ${diagnostics[mta]}`);
    expect(items[0].reason).toContain(`POST /v1/deliveries/${deliveryId}/retry`);
    expect(await bouncedItems(other.apiKey)).toEqual([]);
  });

  it("is recorded once when the same report arrives twice", async () => {
    const { apiKey, deliveryId, to, messageId } = await sentDelivery();
    const report = bounces.Postfix(to, "ap@globex.example", messageId);
    await deliver(report, { to });
    await deliver(report, { to });
    expect((await getDelivery(apiKey, deliveryId)).events.filter((e: { type: string }) => e.type === "bounced")).toHaveLength(1);
    expect(await bouncedItems(apiKey)).toHaveLength(1);
  });

  it("finds its delivery whatever case the server wrote the address in", async () => {
    const sent = await sentDelivery();
    const { apiKey, deliveryId, messageId } = sent;
    const to = sent.to.toUpperCase().replace("MAIL.EXAMPLE.COM", "MAIL.Example.COM");
    await deliver(bounces.Gmail(to, "ap@globex.example", messageId), { to });
    expect((await getDelivery(apiKey, deliveryId)).status).toBe("bounced");
  });

  it("is refused when it names no delivery of ours, even correctly signed", async () => {
    const to = await bounceAddress("dlv_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I", { SENDER_ADDRESS: SENDER.SENDER_ADDRESS, BOUNCE_SECRET: env.BOUNCE_SECRET });
    const result = await deliver(bounces.Postfix(to, "ap@globex.example", "<x@y>"), { to });
    expect(result.rejected).toContain("does not belong to a delivery");
  });

  it("can be retried to a corrected address, which is saved on the customer", async () => {
    const { apiKey, customer, deliveryId, to, messageId } = await sentDelivery();
    await deliver(bounces.Exchange(to, "ap@globex.example", messageId), { to });
    const retried = await call("POST", `/v1/deliveries/${deliveryId}/retry`, { token: apiKey, body: { recipients: ["accounts@globex.example"], saveRecipients: true } });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ id: deliveryId, status: "queued", recipients: ["accounts@globex.example"], reason: null, lastError: null });
    expect(retried.body.events.at(-1)).toMatchObject({ type: "retry_requested", message: "Retry requested to accounts@globex.example." });
    await vi.waitUntil(async () => (await getDelivery(apiKey, deliveryId)).status === "sent", { timeout: 5000, interval: 50 });
    expect((await getDelivery(apiKey, deliveryId)).attempts).toBe(2);
    const channels = await call("GET", `/v1/partners/${customer.id}/delivery-channels`, { token: apiKey });
    expect(channels.body.items[0]).toEqual({ channel: "email", enabled: true, recipients: ["accounts@globex.example"], recipientsFromProfile: false });
  });
});

describe("a report that does not prove itself", () => {
  /** A Postfix-shaped report of a failure for `recipient`, with the headers of the message `messageId` or none. */
  const report = (to: string, recipient: string, messageId: string | null, diagnostic = "550 5.1.1 User unknown") =>
    mail(
      multipart(
        "report; report-type=delivery-status",
        text("Your message could not be delivered."),
        part("message/delivery-status", `Reporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; ${recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; ${diagnostic}\r\n`),
        ...(messageId ? [part("text/rfc822-headers", originalHeaders(recipient, messageId))] : []),
      ),
      { from: "MAILER-DAEMON@mx.example.net", to, subject: "Undelivered Mail Returned to Sender" },
    );

  async function expectUnchanged(apiKey: string, deliveryId: string) {
    const delivery = await getDelivery(apiKey, deliveryId);
    expect(delivery).toMatchObject({ status: "sent", reason: null, lastError: null });
    expect(await bouncedItems(apiKey)).toEqual([]);
    return delivery;
  }

  it("to a bounce address whose signature is wrong is refused, and changes nothing", async () => {
    const { apiKey, deliveryId, to, messageId } = await sentDelivery();
    const forged = to.replace(/\.([0-9a-f]{24})@/, (_m, tag: string) => `.${tag.slice(0, -1)}${tag.endsWith("0") ? "1" : "0"}@`);
    const result = await deliver(report(forged, "ap@globex.example", messageId), { to: forged });
    expect(result.rejected).toContain("is not an address of this connector");
    const delivery = await expectUnchanged(apiKey, deliveryId);
    expect(delivery.events.map((e: { type: string }) => e.type)).not.toContain("unverified_report");
    // The old, unsigned form that the delivery id alone made is no bounce address any more.
    const unsigned = `bounces+${deliveryId}@mail.example.com`;
    expect((await deliver(report(unsigned, "ap@globex.example", messageId), { to: unsigned })).rejected).toContain("not an import address");
    await expectUnchanged(apiKey, deliveryId);
  });

  it("naming a recipient the delivery never addressed is kept as unverified, and changes nothing", async () => {
    const { apiKey, deliveryId, to, messageId } = await sentDelivery();
    expect((await deliver(report(to, "payments@evil.example", messageId, "550 Our bank details changed: pay to IBAN XX00 0000"), { to })).rejected).toBeNull();
    const delivery = await expectUnchanged(apiKey, deliveryId);
    expect(delivery.events.at(-1)).toMatchObject({ type: "unverified_report", status: "sent", message: expect.stringContaining("names no address this invoice was sent to") });
  });

  it("without a reference to the message that was sent is kept as unverified, and changes nothing", async () => {
    const { apiKey, deliveryId, to } = await sentDelivery();
    await deliver(report(to, "ap@globex.example", null), { to });
    const delivery = await expectUnchanged(apiKey, deliveryId);
    expect(delivery.events.at(-1)).toMatchObject({ type: "unverified_report", message: expect.stringContaining("does not refer to the mail that was sent") });
    await deliver(report(to, "ap@globex.example", "<someone-elses-message@elsewhere.example>"), { to });
    await expectUnchanged(apiKey, deliveryId);
  });

  it("is believed when it refers to the message by the report's own In-Reply-To", async () => {
    const { apiKey, deliveryId, to, messageId } = await sentDelivery();
    const raw = mail(
      multipart(
        "report; report-type=delivery-status",
        text("Undeliverable."),
        part("message/delivery-status", "Reporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; AP@Globex.Example\r\nAction: failed\r\nStatus: 5.1.1\r\n"),
      ),
      { from: "MAILER-DAEMON@mx.example.net", to, headers: [["In-Reply-To", messageId]] },
    );
    await deliver(raw, { to });
    expect((await getDelivery(apiKey, deliveryId)).status).toBe("bounced");
  });

  it("keeps no more of a server's words than a diagnostic needs, however many reports come", async () => {
    const { apiKey, deliveryId, to, messageId } = await sentDelivery();
    const letter = `550 ${"Please wire the amount to our new account. ".repeat(5000)}`;
    for (let i = 0; i < 4; i++) await deliver(report(to, "ap@globex.example", messageId, `${letter} #${i}`), { to });
    const delivery = await getDelivery(apiKey, deliveryId);
    expect(delivery.status).toBe("bounced");
    expect(delivery.lastError.length).toBeLessThanOrEqual(MAX_LAST_ERROR_CHARS);
    for (const event of delivery.events) expect(event.message.length).toBeLessThan(MAX_BOUNCE_DIAGNOSTIC_CHARS + 500);
    const [item] = await bouncedItems(apiKey);
    expect(item.reason.length).toBeLessThan(MAX_BOUNCE_DIAGNOSTIC_CHARS + 500);
  });

  it("signed with the secret before a rotation is still read while the previous secret is set", async () => {
    const { apiKey, deliveryId, to, messageId } = await sentDelivery();
    const rotated = { ...env, BOUNCE_SECRET: "the-new-bounce-secret-0123456789abcdefgh", BOUNCE_SECRET_PREVIOUS: env.BOUNCE_SECRET } as Env;
    expect((await deliver(report(to, "ap@globex.example", messageId), { to }, rotated)).rejected).toBeNull();
    expect((await getDelivery(apiKey, deliveryId)).status).toBe("bounced");
    const forgotten = { ...env, BOUNCE_SECRET: "the-new-bounce-secret-0123456789abcdefgh" } as Env;
    expect((await deliver(report(to, "ap@globex.example", messageId), { to }, forgotten)).rejected).toContain("is not an address of this connector");
  });
});

describe("mail to a bounce address that is no failure report", () => {
  it.each([
    ["a delay notice", "Action: delayed\r\nStatus: 4.4.7"],
    ["a success notice", "Action: delivered\r\nStatus: 2.0.0"],
  ])("leaves the delivery alone: %s", async (_what, action) => {
    const { apiKey, deliveryId, to } = await sentDelivery();
    const report = mail(
      multipart(
        "report; report-type=delivery-status",
        text("Delivery is delayed."),
        part("message/delivery-status", `Reporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; ap@globex.example\r\n${action}\r\n`),
      ),
      { to, from: "MAILER-DAEMON@mx.example.net" },
    );
    expect((await deliver(report, { to })).rejected).toBeNull();
    expect((await getDelivery(apiKey, deliveryId)).status).toBe("sent");
    expect(await bouncedItems(apiKey)).toEqual([]);
  });

  it("ignores an out-of-office reply", async () => {
    const { apiKey, deliveryId, to } = await sentDelivery();
    const reply = mail(text("I am out of the office until Monday."), { to, from: "ap@globex.example", subject: "Automatic reply: Invoice 2026-0042", headers: [["Auto-Submitted", "auto-replied"]] });
    expect((await deliver(reply, { to })).rejected).toBeNull();
    expect((await getDelivery(apiKey, deliveryId)).status).toBe("sent");
  });

  it("drops a mail it cannot even parse, rather than have its sender retry it for ever", async () => {
    const { apiKey, deliveryId, to } = await sentDelivery();
    let body: Leaf | ReturnType<typeof multipart> = text("x");
    for (let i = 0; i < 60; i++) body = multipart("mixed", body);
    expect((await deliver(mail(body, { to, from: "MAILER-DAEMON@mx.globex.example" }), { to })).rejected).toBeNull();
    expect((await getDelivery(apiKey, deliveryId)).status).toBe("sent");
  });
});

describe("bounce addresses", () => {
  const config = { SENDER_ADDRESS: SENDER.SENDER_ADDRESS, BOUNCE_SECRET: "a-secret-of-at-least-32-characters-000000" };

  it("carry the delivery and a signature, within RFC 5321's 64 characters, whatever case a server writes them in", async () => {
    const address = await bounceAddress("dlv_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I", config);
    expect(address).toMatch(/^bounces\+01jd5z6y3k8q2w4e6r8t0y2u4i\.[0-9a-f]{24}@mail\.example\.com$/);
    expect(address.split("@")[0]!.length).toBeLessThanOrEqual(64);
    for (const written of [address, address.toUpperCase(), `<${address}>`, `${address}.`]) {
      expect(bounceAddressParts(written, SENDER)).toEqual({ deliveryId: "dlv_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I", tag: address.slice(35, 59) });
    }
  });

  it.each([
    ["another domain", "bounces+01jd5z6y3k8q2w4e6r8t0y2u4i.0123456789abcdef01234567@invoices.example.com"],
    ["no signature (the old form)", "bounces+dlv_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I@mail.example.com"],
    ["a short id", "bounces+dlv_short.0123456789abcdef01234567@mail.example.com"],
    ["no tag", "bounces@mail.example.com"],
    ["the sending address", "invoices@mail.example.com"],
  ])("are not recognised in %s", (_what, address) => {
    expect(bounceAddressParts(address, SENDER)).toBeNull();
  });
});

describe("parseDeliveryStatus", () => {
  it("reads each failed recipient of a report, unfolding long lines", () => {
    const report = parseDeliveryStatus(
      "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; a@globex.example\nAction: failed\nStatus: 5.2.2 (mailbox full)\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full,\n  try again later\n\nFinal-Recipient: rfc822; b@globex.example\nAction: delayed\nStatus: 4.4.1\n\nOriginal-Recipient: rfc822; c@globex.example\nAction: failed\nStatus: 5.4.4\n",
    );
    expect(report).toEqual({
      reportingMta: "mx.example.net",
      failed: [
        { recipient: "a@globex.example", status: "5.2.2", diagnostic: "552 5.2.2 Mailbox full, try again later", remoteMta: null },
        { recipient: "c@globex.example", status: "5.4.4", diagnostic: null, remoteMta: null },
      ],
    });
  });
});

describeWithSamples("a real bounce from the samples", () => {
  it("(Amazon SES, suppression list) about a message that is not ours is kept as unverified and changes nothing", async () => {
    const { apiKey, deliveryId, to } = await sentDelivery();
    const raw = await readSample("mail/mailparser_delivery-status.eml");
    expect((await deliver(raw, { to })).rejected).toBeNull();
    const delivery = await getDelivery(apiKey, deliveryId);
    expect(delivery).toMatchObject({ status: "sent", lastError: null });
    expect(delivery.events.at(-1)).toMatchObject({ type: "unverified_report", code: "EVENT_UNVERIFIED_REPORT", message: expect.stringContaining("names no address this invoice was sent to") });
    expect(await bouncedItems(apiKey)).toEqual([]);
  });
});
