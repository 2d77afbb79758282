import { env } from "cloudflare:workers";
import PostalMime from "postal-mime";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeLargePdf } from "../helpers/documents.ts";
import { ublXml } from "../helpers/einvoice.ts";
import { call } from "../helpers/api.ts";
import { runQueue } from "../helpers/queues.ts";
import { envWithCapturedOutbound, readyToSend } from "../helpers/sales-invoices.ts";

/**
 * The consumer is run by hand on the message the send route queued (the
 * queue records it instead of delivering it), with SEND_EMAIL spied at the
 * binding: what was sent, and what the queue was told to do, are visible.
 */
async function queuedDelivery(options: Parameters<typeof readyToSend>[0] = {}) {
  const ready = await readyToSend(options);
  const { outbound, env: capturing } = envWithCapturedOutbound();
  const response = await call("POST", `/v1/sales-invoices/${ready.invoice.id}/send`, { token: ready.apiKey, env: capturing });
  expect(outbound.sent).toHaveLength(1);
  return { ...ready, deliveryId: response.body.deliveries[0].id as string, body: outbound.sent[0] };
}

const consume = (body: unknown, queue = "email-connector-outbound", attempts = 1) => runQueue(queue, [body], env, attempts);

const delivery = async (apiKey: string, id: string) => (await call("GET", `/v1/deliveries/${id}`, { token: apiKey })).body;

/** The raw MIME of a message handed to the binding (workerd keeps it under this name in tests). */
function rawOf(message: EmailMessage): string {
  return (message as unknown as Record<string, string>)["EmailMessage::raw"]!;
}

function failWith(code: string | undefined, message = "refused") {
  return Object.assign(new Error(message), code ? { code } : {});
}

afterEach(() => vi.restoreAllMocks());

describe("the outbound consumer", () => {
  it("sends the composed mail through SEND_EMAIL and marks the delivery sent", async () => {
    const { apiKey, deliveryId, body } = await queuedDelivery({ upload: { einvoice: ublXml("2026-0042") }, partner: { language: "fr" } });
    const spy = vi.spyOn(env.SEND_EMAIL, "send").mockResolvedValue({ messageId: "<provider-id@mail.example.com>" });
    const result = await consume(body);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    expect(spy).toHaveBeenCalledTimes(1);
    const message = spy.mock.calls[0]![0] as EmailMessage;
    expect(message.from).toBe("invoices@mail.example.com");
    expect(message.to).toBe("ap@globex.example");
    const sent = await delivery(apiKey, deliveryId);
    expect(sent).toMatchObject({ status: "sent", attempts: 1, messageId: "<provider-id@mail.example.com>", lastError: null });
    expect(sent.events.at(-1).message).toContain("Sent to ap@globex.example");
  });

  it("gives the mail a Message-ID that says nothing of the delivery, the same for every attempt", async () => {
    const first = await queuedDelivery();
    const second = await queuedDelivery();
    const spy = vi.spyOn(env.SEND_EMAIL, "send").mockResolvedValue({ messageId: "<provider-id@mail.example.com>" });
    await consume(first.body);
    await consume(second.body);
    const [a, b] = await Promise.all(spy.mock.calls.map(async ([message]) => (await PostalMime.parse(rawOf(message as EmailMessage))).messageId!));
    expect(a).toMatch(/^<[0-9a-f]{32}@mail\.example\.com>$/);
    expect(a).not.toContain(first.deliveryId.slice(4).toLowerCase());
    expect(a!.toLowerCase()).not.toContain(first.deliveryId.slice(4).toLowerCase());
    expect(b).not.toBe(a);
  });

  it("sends one message per recipient, with the same To header", async () => {
    const recipients = ["ap@globex.example", "controller@globex.example"];
    const { apiKey, deliveryId, body } = await queuedDelivery({ partner: { deliveryChannels: [{ channel: "email", enabled: true, recipients }] } });
    const spy = vi.spyOn(env.SEND_EMAIL, "send").mockResolvedValue({ messageId: "<x@y>" });
    await consume(body);
    expect(spy.mock.calls.map(([m]) => (m as EmailMessage).to)).toEqual(recipients);
    expect((await delivery(apiKey, deliveryId)).status).toBe("sent");
  });

  it("keeps each recipient's message id, as events name it, across attempts", async () => {
    const recipients = ["ap@globex.example", "controller@globex.example"];
    const { deliveryId, body } = await queuedDelivery({ partner: { deliveryChannels: [{ channel: "email", enabled: true, recipients }] } });
    vi.spyOn(env.SEND_EMAIL, "send")
      .mockResolvedValueOnce({ messageId: "<first@mail.example.com>" })
      .mockRejectedValueOnce(failWith("E_RATE_LIMIT_EXCEEDED"))
      .mockResolvedValueOnce({ messageId: "<second@mail.example.com>" });
    await consume(body);
    await consume(body, undefined, 2);
    const rows = await env.DB.prepare("SELECT recipient, message_id FROM delivery_messages WHERE delivery_id = ? ORDER BY id").bind(deliveryId).all();
    expect(rows.results).toEqual([
      { recipient: "ap@globex.example", message_id: "first@mail.example.com" },
      { recipient: "controller@globex.example", message_id: "second@mail.example.com" },
    ]);
  });

  it("retries what can pass, with exponential backoff, and records each attempt", async () => {
    const { apiKey, deliveryId, body } = await queuedDelivery();
    vi.spyOn(env.SEND_EMAIL, "send").mockRejectedValue(failWith("E_RATE_LIMIT_EXCEEDED", "Rate limit exceeded"));
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 9; attempt++) {
      const result = await consume(body, undefined, attempt);
      expect(result.explicitAcks).toEqual([]);
      delays.push(...(result.retryDelays as number[]));
    }
    expect(delays).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    const queued = await delivery(apiKey, deliveryId);
    expect(queued).toMatchObject({ status: "queued", attempts: 9, lastError: "ap@globex.example: E_RATE_LIMIT_EXCEEDED: Rate limit exceeded" });
    expect(queued.events.filter((e: { type: string }) => e.type === "retry_scheduled")).toHaveLength(9);
    expect(queued.events[2].message).toContain("next attempt in 30 s");
  });

  it.each([
    ["a daily quota", "E_DAILY_LIMIT_EXCEEDED", 3600],
    ["an outage of the service", "E_INTERNAL_SERVER_ERROR", 30],
    ["a fault without a code", undefined, 30],
  ])("retries %s", async (_what, code, delay) => {
    const { deliveryId, apiKey, body } = await queuedDelivery();
    vi.spyOn(env.SEND_EMAIL, "send").mockRejectedValue(failWith(code));
    expect((await consume(body)).retryDelays).toEqual([delay]);
    expect((await delivery(apiKey, deliveryId)).status).toBe("queued");
  });

  it.each([
    ["E_RECIPIENT_NOT_ALLOWED", "RECIPIENT_NOT_ALLOWED"],
    ["E_SENDER_NOT_VERIFIED", "SENDER_NOT_VERIFIED"],
    ["E_CONTENT_TOO_LARGE", "MESSAGE_TOO_LARGE"],
    ["E_RECIPIENT_SUPPRESSED", "RECIPIENT_SUPPRESSED"],
  ])("fails at once on %s, with the reason", async (code, reason) => {
    const { apiKey, deliveryId, body } = await queuedDelivery();
    const spy = vi.spyOn(env.SEND_EMAIL, "send").mockRejectedValue(failWith(code, "no"));
    const result = await consume(body);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    expect(spy).toHaveBeenCalledTimes(1);
    const failed = await delivery(apiKey, deliveryId);
    expect(failed).toMatchObject({ status: "failed", reason, lastError: `ap@globex.example: ${code}: no` });
    expect(failed.events.at(-1)).toMatchObject({ type: "failed", status: "failed" });
    expect((await call("GET", "/v1/deliveries?status=failed", { token: apiKey })).body.items.map((d: { id: string }) => d.id)).toEqual([deliveryId]);
  });

  it("sends once when the queue delivers the message twice", async () => {
    const { apiKey, deliveryId, body } = await queuedDelivery();
    const spy = vi.spyOn(env.SEND_EMAIL, "send").mockResolvedValue({ messageId: "<x@y>" });
    await consume(body);
    const again = await consume(body);
    expect(again.explicitAcks).toHaveLength(1);
    expect(spy).toHaveBeenCalledTimes(1);
    expect((await delivery(apiKey, deliveryId)).events.filter((e: { type: string }) => e.type === "sent")).toHaveLength(1);
  });

  it("after a partial send, retries only the recipients not reached yet", async () => {
    const recipients = ["ap@globex.example", "controller@globex.example"];
    const { apiKey, deliveryId, body } = await queuedDelivery({ partner: { deliveryChannels: [{ channel: "email", enabled: true, recipients }] } });
    const spy = vi
      .spyOn(env.SEND_EMAIL, "send")
      .mockResolvedValueOnce({ messageId: "<first@y>" })
      .mockRejectedValueOnce(failWith("E_RATE_LIMIT_EXCEEDED"))
      .mockResolvedValueOnce({ messageId: "<second@y>" });
    expect((await consume(body)).retryMessages).toHaveLength(1);
    await consume(body, undefined, 2);
    expect(spy.mock.calls.map(([m]) => (m as EmailMessage).to)).toEqual(["ap@globex.example", "controller@globex.example", "controller@globex.example"]);
    expect(await delivery(apiKey, deliveryId)).toMatchObject({ status: "sent", attempts: 2, messageId: "<first@y>" });
  });

  it("waits while another consumer holds the delivery", async () => {
    const { deliveryId, body } = await queuedDelivery();
    const leaseUntil = new Date(Date.now() + 120_000).toISOString();
    await env.DB.prepare("UPDATE deliveries SET status = 'sending', lease_until = ? WHERE id = ?").bind(leaseUntil, deliveryId).run();
    const spy = vi.spyOn(env.SEND_EMAIL, "send");
    const result = await consume(body);
    expect(spy).not.toHaveBeenCalled();
    expect(result.retryDelays[0]).toBeGreaterThan(110);
    expect(result.retryDelays[0]).toBeLessThanOrEqual(120);
  });

  it("takes over a delivery whose consumer died while sending", async () => {
    const { apiKey, deliveryId, body } = await queuedDelivery();
    await env.DB.prepare("UPDATE deliveries SET status = 'sending', attempts = 1, lease_until = ? WHERE id = ?").bind(new Date(Date.now() - 1000).toISOString(), deliveryId).run();
    vi.spyOn(env.SEND_EMAIL, "send").mockResolvedValue({ messageId: "<x@y>" });
    await consume(body);
    expect(await delivery(apiKey, deliveryId)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("fails the delivery, without sending, when the connector was deactivated meanwhile", async () => {
    const { apiKey, deliveryId, body } = await queuedDelivery();
    await call("DELETE", "/v1/connectors/email", { token: apiKey });
    const spy = vi.spyOn(env.SEND_EMAIL, "send");
    expect((await consume(body)).explicitAcks).toHaveLength(1);
    expect(spy).not.toHaveBeenCalled();
    expect(await delivery(apiKey, deliveryId)).toMatchObject({ status: "failed", reason: "CONNECTOR_INACTIVE" });
  });

  it("fails a delivery whose file has gone from storage", async () => {
    const { account, apiKey, invoice, deliveryId, body } = await queuedDelivery();
    await env.FILES.delete(`sales-invoices/${account.id}/${invoice.id}/invoice.pdf`);
    expect((await consume(body)).explicitAcks).toHaveLength(1);
    expect(await delivery(apiKey, deliveryId)).toMatchObject({ status: "failed", reason: "FILE_MISSING" });
  });

  it("drops a message it cannot read, and one for no delivery", async () => {
    const spy = vi.spyOn(env.SEND_EMAIL, "send");
    expect((await consume({ hello: "world" })).explicitAcks).toHaveLength(1);
    expect((await consume({ type: "send_email_delivery", accountId: "acc_x", deliveryId: "dlv_x" })).explicitAcks).toHaveLength(1);
    expect(spy).not.toHaveBeenCalled();
  });

  it("sends the customer's mail: the invoice files as uploaded, in the customer's language", async () => {
    const pdf = makeLargePdf(50_000);
    const xml = ublXml("2026-0042");
    const { body } = await queuedDelivery({ upload: { pdf, einvoice: xml }, partner: { language: "de" } });
    const spy = vi.spyOn(env.SEND_EMAIL, "send").mockResolvedValue({ messageId: "<x@y>" });
    await consume(body);
    const parsed = await PostalMime.parse(rawOf(spy.mock.calls[0]![0] as EmailMessage), { attachmentEncoding: "arraybuffer" });
    expect(parsed.from).toEqual({ name: "Acme Trading BV", address: "invoices@mail.example.com" });
    expect(parsed.replyTo?.[0]?.address).toBe("ap@acme.example");
    expect(parsed.subject).toBe("Rechnung 2026-0042 von Acme Trading BV");
    expect(parsed.attachments.map((a) => a.filename)).toEqual(["2026-0042.pdf", "2026-0042.xml"]);
    expect(new Uint8Array(parsed.attachments[0]!.content as ArrayBuffer)).toEqual(pdf);
    expect(new Uint8Array(parsed.attachments[1]!.content as ArrayBuffer)).toEqual(xml);
  });
});

describe("the outbound dead-letter consumer", () => {
  it("marks what exhausted its retries failed, keeping the last error", async () => {
    const { apiKey, deliveryId, body } = await queuedDelivery();
    vi.spyOn(env.SEND_EMAIL, "send").mockRejectedValue(failWith("E_DAILY_LIMIT_EXCEEDED", "Daily limit exceeded"));
    await consume(body);
    const result = await consume(body, "email-connector-outbound-dlq");
    expect(result.explicitAcks).toHaveLength(1);
    const failed = await delivery(apiKey, deliveryId);
    expect(failed).toMatchObject({ status: "failed", reason: "RETRIES_EXHAUSTED", lastError: "ap@globex.example: E_DAILY_LIMIT_EXCEEDED: Daily limit exceeded" });
    expect(failed.events.at(-1).message).toContain("Gave up after 1 attempts");
  });

  it("leaves a delivery that got through alone", async () => {
    const { apiKey, deliveryId, body } = await queuedDelivery();
    vi.spyOn(env.SEND_EMAIL, "send").mockResolvedValue({ messageId: "<x@y>" });
    await consume(body);
    await consume(body, "email-connector-outbound-dlq");
    expect((await delivery(apiKey, deliveryId)).status).toBe("sent");
  });
});
