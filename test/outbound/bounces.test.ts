import { describe, expect, it, vi } from "vitest";
import { parseDeliveryStatus } from "../../src/mail/delivery-status.ts";
import { bounceDeliveryId } from "../../src/outbound/bounces.ts";
import { call } from "../helpers/api.ts";
import { deliver } from "../helpers/mail.ts";
import { mail, multipart, text, type Leaf } from "../helpers/mime.ts";
import { readyToSend } from "../helpers/sales-invoices.ts";
import { describeWithSamples, readSample } from "../helpers/samples.ts";

const SENDER = { SENDER_ADDRESS: "invoices@mail.example.com" };
const bounceAddress = (deliveryId: string) => `bounces+${deliveryId}@mail.example.com`;

function part(type: string, body: string, description?: string): Leaf {
  return { headers: [...(description ? ([["Content-Description", description]] as [string, string][]) : []), ["Content-Type", type]], body, encoding: "7bit" };
}

const originalHeaders = (recipient: string) =>
  `From: "Acme Trading BV" <invoices@mail.example.com>\r\nTo: <${recipient}>\r\nSubject: Invoice 2026-0042 from Acme Trading BV\r\nMessage-ID: <0101019c-provider@mail.example.com>\r\n`;

/** Delivery status notifications in the shapes real mail servers send them, built here. */
const bounces = {
  Postfix: (to: string, recipient: string) =>
    mail(
      multipart(
        "report; report-type=delivery-status",
        part(
          "text/plain; charset=us-ascii",
          `This is the mail system at host mx.example.net.\r\n\r\nI'm sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients.\r\n\r\n<${recipient}>: host mx.globex.example[203.0.113.5] said: 550 5.1.1\r\n    <${recipient}>: Recipient address rejected: User unknown in virtual\r\n    mailbox table (in reply to RCPT TO command)\r\n`,
          "Notification",
        ),
        part(
          "message/delivery-status",
          `Reporting-MTA: dns; mx.example.net\r\nX-Postfix-Queue-ID: 3F2A1C0123\r\nX-Postfix-Sender: rfc822; ${to}\r\nArrival-Date: Fri, 27 Nov 2026 10:00:00 +0000 (UTC)\r\n\r\nFinal-Recipient: rfc822; ${recipient}\r\nOriginal-Recipient: rfc822;${recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mx.globex.example\r\nDiagnostic-Code: smtp; 550 5.1.1 <${recipient}>: Recipient address rejected:\r\n    User unknown in virtual mailbox table\r\n`,
          "Delivery report",
        ),
        part("text/rfc822-headers", originalHeaders(recipient), "Undelivered Message Headers"),
      ),
      { from: "MAILER-DAEMON@mx.example.net (Mail Delivery System)", to, subject: "Undelivered Mail Returned to Sender", headers: [["Auto-Submitted", "auto-replied"]] },
    ),
  Exchange: (to: string, recipient: string) =>
    mail(
      multipart(
        "report; report-type=delivery-status",
        multipart(
          "alternative",
          text(`Your message to ${recipient} couldn't be delivered.\r\n${recipient.split("@")[0]} wasn't found at globex.example.\r\n`),
          text(`<html><body><p>Your message to <a href="mailto:${recipient}">${recipient}</a> couldn't be delivered.</p></body></html>`, "text/html"),
        ),
        part(
          "message/delivery-status",
          `Reporting-MTA: dns;DB9PR01MB1234.eurprd01.prod.exchangelabs.com\r\nReceived-From-MTA: dns;mail.example.com\r\nArrival-Date: Fri, 27 Nov 2026 10:00:00 +0000\r\n\r\nFinal-Recipient: rfc822;${recipient}\r\nAction: failed\r\nStatus: 5.1.10\r\nDiagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ${recipient} not found by SMTP address lookup\r\nX-Display-Name: ${recipient}\r\n`,
        ),
        part("message/rfc822", `${originalHeaders(recipient)}MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nPlease find attached invoice 2026-0042.\r\n`),
      ),
      { from: "postmaster@globex.onmicrosoft.com", to, subject: "Undeliverable: Invoice 2026-0042 from Acme Trading BV" },
    ),
  Gmail: (to: string, recipient: string) =>
    mail(
      multipart(
        "report; report-type=delivery-status",
        multipart(
          "related",
          text(`<html><body><h2>Address not found</h2><p>Your message wasn't delivered to ${recipient} because the address couldn't be found.</p></body></html>`, "text/html"),
        ),
        part(
          "message/delivery-status",
          `Reporting-MTA: dns; googlemail.com\r\nArrival-Date: Fri, 27 Nov 2026 02:00:00 -0800 (PST)\r\nX-Original-Message-ID: <0101019c-provider@mail.example.com>\r\n\r\nFinal-Recipient: rfc822; ${recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; gmail-smtp-in.l.google.com. (142.250.102.27, the server for the domain globex.example.)\r\nDiagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n 550-5.1.1 double-checking the recipient's email address for typos or\r\n 550-5.1.1 unnecessary spaces.\r\nLast-Attempt-Date: Fri, 27 Nov 2026 02:00:01 -0800 (PST)\r\n`,
        ),
        part("message/rfc822", `${originalHeaders(recipient)}\r\nPlease find attached invoice 2026-0042.\r\n`),
      ),
      { from: "Mail Delivery Subsystem <mailer-daemon@googlemail.com>", to, subject: "Delivery Status Notification (Failure)" },
    ),
};

const diagnostics = {
  Postfix: "550 5.1.1 <ap@globex.example>: Recipient address rejected: User unknown in virtual mailbox table",
  Exchange: "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ap@globex.example not found by SMTP address lookup",
  Gmail: "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking",
};

/** An account whose invoice went out by email: the delivery reads `sent`. */
async function sentDelivery() {
  const ready = await readyToSend();
  const response = await call("POST", `/v1/sales-invoices/${ready.invoice.id}/send`, { token: ready.apiKey });
  const id = response.body.deliveries[0].id as string;
  await vi.waitUntil(async () => (await call("GET", `/v1/deliveries/${id}`, { token: ready.apiKey })).body.status === "sent", { timeout: 5000, interval: 50 });
  return { ...ready, deliveryId: id };
}

const getDelivery = async (apiKey: string, id: string) => (await call("GET", `/v1/deliveries/${id}`, { token: apiKey })).body;
const bouncedItems = async (apiKey: string) => (await call("GET", "/v1/inbox?kind=delivery_bounced", { token: apiKey })).body.items;

describe("a bounce", () => {
  it.each(["Postfix", "Exchange", "Gmail"] as const)("in the shape %s sends marks the right delivery bounced, with the diagnostic", async (mta) => {
    const { apiKey, deliveryId, invoice } = await sentDelivery();
    const other = await sentDelivery();
    const result = await deliver(bounces[mta](bounceAddress(deliveryId), "ap@globex.example"), { to: bounceAddress(deliveryId), from: "" });
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
    const { apiKey, deliveryId } = await sentDelivery();
    const report = bounces.Postfix(bounceAddress(deliveryId), "ap@globex.example");
    await deliver(report, { to: bounceAddress(deliveryId) });
    await deliver(report, { to: bounceAddress(deliveryId) });
    expect((await getDelivery(apiKey, deliveryId)).events.filter((e: { type: string }) => e.type === "bounced")).toHaveLength(1);
    expect(await bouncedItems(apiKey)).toHaveLength(1);
  });

  it("finds its delivery whatever case the server wrote the address in", async () => {
    const { apiKey, deliveryId } = await sentDelivery();
    const to = bounceAddress(deliveryId).toLowerCase().replace("mail.example.com", "MAIL.Example.COM");
    await deliver(bounces.Gmail(to, "ap@globex.example"), { to });
    expect((await getDelivery(apiKey, deliveryId)).status).toBe("bounced");
  });

  it("is refused when it names no delivery of ours", async () => {
    const to = bounceAddress("dlv_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I");
    const result = await deliver(bounces.Postfix(to, "ap@globex.example"), { to });
    expect(result.rejected).toContain("does not belong to a delivery");
  });

  it("can be retried to a corrected address, which is saved on the customer", async () => {
    const { apiKey, customer, deliveryId } = await sentDelivery();
    await deliver(bounces.Exchange(bounceAddress(deliveryId), "ap@globex.example"), { to: bounceAddress(deliveryId) });
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

describe("mail to a bounce address that is no failure report", () => {
  it.each([
    ["a delay notice", "Action: delayed\r\nStatus: 4.4.7"],
    ["a success notice", "Action: delivered\r\nStatus: 2.0.0"],
  ])("leaves the delivery alone: %s", async (_what, action) => {
    const { apiKey, deliveryId } = await sentDelivery();
    const to = bounceAddress(deliveryId);
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
    const { apiKey, deliveryId } = await sentDelivery();
    const to = bounceAddress(deliveryId);
    const reply = mail(text("I am out of the office until Monday."), { to, from: "ap@globex.example", subject: "Automatic reply: Invoice 2026-0042", headers: [["Auto-Submitted", "auto-replied"]] });
    expect((await deliver(reply, { to })).rejected).toBeNull();
    expect((await getDelivery(apiKey, deliveryId)).status).toBe("sent");
  });

  it("drops a mail it cannot even parse, rather than have its sender retry it for ever", async () => {
    const { apiKey, deliveryId } = await sentDelivery();
    const to = bounceAddress(deliveryId);
    let body: Leaf | ReturnType<typeof multipart> = text("x");
    for (let i = 0; i < 60; i++) body = multipart("mixed", body);
    expect((await deliver(mail(body, { to, from: "MAILER-DAEMON@mx.globex.example" }), { to })).rejected).toBeNull();
    expect((await getDelivery(apiKey, deliveryId)).status).toBe("sent");
  });
});

describe("bounceDeliveryId", () => {
  it.each([
    ["bounces+dlv_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I@mail.example.com", "dlv_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I"],
    ["<BOUNCES+DLV_01jd5z6y3k8q2w4e6r8t0y2u4i@Mail.Example.Com>", "dlv_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I"],
    ["bounces+dlv_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I@mail.example.com.", "dlv_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I"],
    ["bounces+dlv_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I@invoices.example.com", null],
    ["bounces@mail.example.com", null],
    ["bounces+dlv_short@mail.example.com", null],
    ["invoices@mail.example.com", null],
    ["be0123456749@mail.example.com", null],
  ])("reads %s as %s", (address, id) => {
    expect(bounceDeliveryId(address, SENDER)).toBe(id);
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
  it("(Amazon SES, suppression list) marks the delivery bounced", async () => {
    const { apiKey, deliveryId } = await sentDelivery();
    const raw = await readSample("mail/mailparser_delivery-status.eml");
    await deliver(raw, { to: bounceAddress(deliveryId) });
    const bounced = await getDelivery(apiKey, deliveryId);
    expect(bounced.status).toBe("bounced");
    expect(bounced.lastError).toContain("xxxx@xxxx.com: Amazon SES did not send the message to this address because it is on the suppression list");
  });
});
