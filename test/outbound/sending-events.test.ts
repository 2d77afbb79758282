import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { call } from "../helpers/api.ts";
import { runQueue } from "../helpers/queues.ts";
import { envWithCapturedOutbound, readyToSend } from "../helpers/sales-invoices.ts";
import { EVENT_TIMESTAMP, sendingEvent } from "../helpers/sending-events.ts";

const EVENTS_QUEUE = "email-connector-email-events";
const TWO = ["ap@globex.example", "controller@globex.example"];

afterEach(() => vi.restoreAllMocks());

/**
 * Sends through the outbound consumer with SEND_EMAIL answering each
 * recipient's message with its own id, as Cloudflare does (in brackets;
 * events name it without).
 */
async function sendQueued(capturedJobs: unknown[]): Promise<string[]> {
  const ids: string[] = [];
  vi.spyOn(env.SEND_EMAIL, "send").mockImplementation(async () => {
    const id = `0101019c${crypto.randomUUID().replaceAll("-", "")}`;
    ids.push(id);
    return { messageId: `<${id}@mail.example.com>` };
  });
  await runQueue("email-connector-outbound", capturedJobs.splice(0));
  vi.restoreAllMocks();
  return ids.map((id) => `${id}@mail.example.com`);
}

/** An invoice sent by email to `recipients`, one message each: the delivery reads `sent`. */
async function sentDelivery(recipients = ["ap@globex.example"]) {
  const ready = await readyToSend({ partner: { deliveryChannels: [{ channel: "email", enabled: true, recipients }] } });
  const { outbound, env: capturing } = envWithCapturedOutbound();
  const response = await call("POST", `/v1/sales-invoices/${ready.invoice.id}/send`, { token: ready.apiKey, env: capturing });
  const deliveryId = response.body.deliveries[0].id as string;
  const messageIds = await sendQueued(outbound.sent);
  const retry = async (body: unknown) => {
    await call("POST", `/v1/deliveries/${deliveryId}/retry`, { token: ready.apiKey, body, env: capturing });
    return sendQueued(outbound.sent);
  };
  return { ...ready, deliveryId, messageIds, retry };
}

const events = (...bodies: unknown[]) => runQueue(EVENTS_QUEUE, bodies);
const getDelivery = async (apiKey: string, id: string) => (await call("GET", `/v1/deliveries/${id}`, { token: apiKey })).body;
const bouncedItems = async (apiKey: string) => (await call("GET", "/v1/inbox?kind=delivery_bounced", { token: apiKey })).body.items;
const eventsOf = (delivery: { events: { type: string }[] }, type: string) => delivery.events.filter((e) => e.type === type);

describe("an Email Sending bounce", () => {
  it("marks the delivery bounced, naming the recipient it concerns, and raises an inbox item", async () => {
    const { apiKey, deliveryId, messageIds, invoice } = await sentDelivery(TWO);
    const result = await events(sendingEvent("bounced", { messageId: messageIds[1]!, recipient: TWO[1]! }));
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);

    const bounced = await getDelivery(apiKey, deliveryId);
    expect(bounced).toMatchObject({ status: "bounced", reason: "BOUNCED", lastError: "controller@globex.example: 550 5.1.1 User unknown" });
    expect(bounced.events.at(-1)).toEqual({
      at: EVENT_TIMESTAMP,
      type: "bounced",
      status: "bounced",
      code: "EVENT_BOUNCED",
      message: "Bounced (reported by Cloudflare Email Service): controller@globex.example: 550 5.1.1 User unknown",
    });
    const items = await bouncedItems(apiKey);
    expect(items).toEqual([expect.objectContaining({ kind: "delivery_bounced", reasonCode: "DELIVERY_BOUNCED", deliveryId, resolved: false })]);
    expect(items[0].reason).toBe(
      `Invoice ${invoice.number} to Globex NV bounced: controller@globex.example: 550 5.1.1 User unknown. ` +
        `Correct the address, then retry delivery ${deliveryId} (POST /v1/deliveries/${deliveryId}/retry).`,
    );
  });

  it("of a second recipient adds its reason to the first", async () => {
    const { apiKey, deliveryId, messageIds } = await sentDelivery(TWO);
    await events(sendingEvent("bounced", { messageId: messageIds[0]!, recipient: TWO[0]! }), sendingEvent("bounced", { messageId: messageIds[1]!, recipient: TWO[1]! }));
    const bounced = await getDelivery(apiKey, deliveryId);
    expect(bounced.lastError).toBe("ap@globex.example: 550 5.1.1 User unknown; controller@globex.example: 550 5.1.1 User unknown");
    expect(eventsOf(bounced, "bounced")).toHaveLength(2);
    expect(await bouncedItems(apiKey)).toHaveLength(2);
  });

  it("is recorded once when the same event arrives twice, in one batch or two", async () => {
    const { apiKey, deliveryId, messageIds } = await sentDelivery();
    const bounce = sendingEvent("bounced", { messageId: messageIds[0]!, recipient: "ap@globex.example" });
    expect((await events(bounce, bounce)).explicitAcks).toHaveLength(2);
    expect((await events(bounce)).explicitAcks).toHaveLength(1);
    expect(eventsOf(await getDelivery(apiKey, deliveryId), "bounced")).toHaveLength(1);
    expect(await bouncedItems(apiKey)).toHaveLength(1);
  });

  it("is not undone by a delivery report that arrives after it", async () => {
    const { apiKey, deliveryId, messageIds } = await sentDelivery();
    const target = { messageId: messageIds[0]!, recipient: "ap@globex.example" };
    await events(sendingEvent("bounced", target));
    await events(sendingEvent("delivered", target));
    const delivery = await getDelivery(apiKey, deliveryId);
    expect(delivery).toMatchObject({ status: "bounced", reason: "BOUNCED" });
    expect(delivery.events.at(-1)).toMatchObject({ type: "delivered", status: "bounced" });
  });

  it.each([
    ["to a corrected address", ["accounts@globex.example"]],
    ["to the same address", ["ap@globex.example"]],
  ])("of a send that a retry %s superseded only joins the history", async (_how, recipients) => {
    const { apiKey, deliveryId, messageIds, retry } = await sentDelivery();
    const first = { messageId: messageIds[0]!, recipient: "ap@globex.example" };
    await events(sendingEvent("bounced", first));
    const [second] = await retry({ recipients });
    expect((await getDelivery(apiKey, deliveryId)).status).toBe("sent");

    // A second, late report about the first send, then the report on the new one.
    await events(sendingEvent("bounced", first, { delivery: { status: "bounced", smtpResponse: "550 5.1.1 Mailbox gone" } }));
    await events(sendingEvent("delivered", { messageId: second!, recipient: recipients[0]! }));
    const delivery = await getDelivery(apiKey, deliveryId);
    expect(delivery).toMatchObject({ status: "sent", lastError: null });
    expect(delivery.events.slice(-2)).toEqual([
      expect.objectContaining({ type: "bounced", status: "sent", message: expect.stringContaining("550 5.1.1 Mailbox gone (about an earlier send)") }),
      expect.objectContaining({ type: "delivered", status: "sent", message: `Delivered to ${recipients[0]}: 250 2.0.0 OK 1714820445 a1b2c3 - gsmtp` }),
    ]);
    expect(await bouncedItems(apiKey)).toHaveLength(1);
  });
});

describe("an Email Sending rejection", () => {
  it("of a suppressed recipient marks the delivery bounced, so the account corrects the address", async () => {
    const { apiKey, deliveryId, messageIds, invoice } = await sentDelivery();
    await events(sendingEvent("rejected", { messageId: messageIds[0]!, recipient: "ap@globex.example" }));
    const delivery = await getDelivery(apiKey, deliveryId);
    expect(delivery).toMatchObject({ status: "bounced", reason: "RECIPIENT_SUPPRESSED", lastError: "ap@globex.example: Recipient is suppressed" });
    expect(delivery.events.at(-1)).toMatchObject({ type: "bounced", status: "bounced", message: "Suppressed (reported by Cloudflare Email Service): ap@globex.example: Recipient is suppressed" });
    const items = await bouncedItems(apiKey);
    expect(items).toEqual([expect.objectContaining({ kind: "delivery_bounced", reasonCode: "RECIPIENT_SUPPRESSED", deliveryId })]);
    expect(items[0].reason).toContain(`Invoice ${invoice.number} to Globex NV was not sent to ap@globex.example: Recipient is suppressed`);
  });

  it("by policy fails the delivery with the grounds", async () => {
    const { apiKey, deliveryId, messageIds } = await sentDelivery();
    const rejection = { reason: "spam", party: "sender", detail: "Message content rejected" };
    await events(sendingEvent("rejected", { messageId: messageIds[0]!, recipient: "ap@globex.example" }, { rejection }));
    const delivery = await getDelivery(apiKey, deliveryId);
    expect(delivery).toMatchObject({
      status: "failed",
      reason: "REJECTED",
      lastError: "ap@globex.example: rejected by Cloudflare Email Service (spam, sender side): Message content rejected",
    });
    expect(delivery.events.at(-1)).toMatchObject({ type: "failed", status: "failed" });
    expect(await bouncedItems(apiKey)).toEqual([]);
  });
});

describe("an Email Sending failure", () => {
  it("fails the delivery, which can then be retried", async () => {
    const { apiKey, deliveryId, messageIds } = await sentDelivery();
    await events(sendingEvent("failed", { messageId: messageIds[0]!, recipient: "ap@globex.example" }));
    const delivery = await getDelivery(apiKey, deliveryId);
    expect(delivery).toMatchObject({
      status: "failed",
      reason: "DELIVERY_FAILED",
      lastError: "ap@globex.example: Cloudflare Email Service could not deliver it (delivery_failed)",
    });
    expect(delivery.events.at(-1)).toMatchObject({ at: EVENT_TIMESTAMP, type: "failed", status: "failed" });
    expect((await call("GET", "/v1/deliveries?status=failed", { token: apiKey })).body.items.map((d: { id: string }) => d.id)).toEqual([deliveryId]);
  });

  it("leaves a bounced delivery bounced", async () => {
    const { apiKey, deliveryId, messageIds } = await sentDelivery(TWO);
    await events(sendingEvent("bounced", { messageId: messageIds[0]!, recipient: TWO[0]! }));
    await events(sendingEvent("failed", { messageId: messageIds[1]!, recipient: TWO[1]! }));
    const delivery = await getDelivery(apiKey, deliveryId);
    expect(delivery).toMatchObject({ status: "bounced", reason: "BOUNCED" });
    expect(delivery.events.at(-1)).toMatchObject({ type: "failed", status: "bounced" });
  });
});

describe("Email Sending reports that change nothing", () => {
  it("record each recipient's delivery in the history", async () => {
    const { apiKey, deliveryId, messageIds } = await sentDelivery(TWO);
    await events(...TWO.map((recipient, i) => sendingEvent("delivered", { messageId: messageIds[i]!, recipient })));
    const delivery = await getDelivery(apiKey, deliveryId);
    expect(delivery.status).toBe("sent");
    expect(eventsOf(delivery, "delivered")).toEqual(
      TWO.map((recipient) => ({ at: EVENT_TIMESTAMP, type: "delivered", status: "sent", code: "EVENT_DELIVERED", message: `Delivered to ${recipient}: 250 2.0.0 OK 1714820445 a1b2c3 - gsmtp` })),
    );
  });

  it("record a deferral, and a complaint", async () => {
    const { apiKey, deliveryId, messageIds } = await sentDelivery();
    const target = { messageId: messageIds[0]!, recipient: "ap@globex.example" };
    await events(sendingEvent("deferred", target), sendingEvent("complained", target));
    const delivery = await getDelivery(apiKey, deliveryId);
    expect(delivery.status).toBe("sent");
    expect(delivery.events.slice(-2)).toEqual([
      expect.objectContaining({ type: "deferred", status: "sent", message: "Delayed for ap@globex.example: 451 4.2.0 Temporary mailbox error; Cloudflare Email Service keeps trying." }),
      expect.objectContaining({ type: "complained", status: "sent", message: "ap@globex.example reported the mail as spam (abuse)." }),
    ]);
  });

  it("record a delivery once when the event arrives twice", async () => {
    const { apiKey, deliveryId, messageIds } = await sentDelivery();
    const delivered = sendingEvent("delivered", { messageId: messageIds[0]!, recipient: "ap@globex.example" });
    await events(delivered, delivered);
    expect(eventsOf(await getDelivery(apiKey, deliveryId), "delivered")).toHaveLength(1);
  });
});

describe("the events queue's consumer", () => {
  it("acks and logs an event for a message that is not ours", async () => {
    const { apiKey, deliveryId } = await sentDelivery();
    const log = vi.spyOn(console, "log");
    const result = await events(sendingEvent("bounced", { messageId: "0101018f7d0c4d9a-msg-bounced", recipient: "ap@globex.example" }));
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    expect(log.mock.calls.map(([line]) => JSON.parse(line as string).msg)).toContain("an Email Sending event for no message of this connector, ignored");
    expect((await getDelivery(apiKey, deliveryId)).status).toBe("sent");
  });

  it("acks and logs an event of a type it does not know, and ignores fields it does not know", async () => {
    const { apiKey, deliveryId, messageIds } = await sentDelivery();
    const target = { messageId: messageIds[0]!, recipient: "ap@globex.example" };
    const log = vi.spyOn(console, "log");
    const opened = { ...sendingEvent("delivered", target), type: "cf.email.sending.message.opened" };
    const result = await events(opened, sendingEvent("delivered", target, { tracking: { pixel: true }, delivery: { status: "delivered", newField: 1 } }));
    expect(result.explicitAcks).toHaveLength(2);
    expect(log.mock.calls.map(([line]) => JSON.parse(line as string).msg)).toContain("an Email Sending event of a type this connector does not know, ignored");
    const delivery = await getDelivery(apiKey, deliveryId);
    expect(delivery.events.at(-1)).toMatchObject({ type: "delivered", message: "Delivered to ap@globex.example." });
  });

  it("acks a body it cannot read, without retrying", async () => {
    const error = vi.spyOn(console, "error");
    const result = await events("not an event", { type: "cf.email.sending.message.bounced", payload: { messageId: 42 } }, null);
    expect(result.explicitAcks).toHaveLength(3);
    expect(result.retryMessages).toEqual([]);
    expect(error).toHaveBeenCalledTimes(3);
  });

  it("finds the delivery by its message id with or without brackets", async () => {
    const { apiKey, deliveryId, messageIds } = await sentDelivery();
    await events(sendingEvent("delivered", { messageId: `<${messageIds[0]}>`, recipient: "AP@Globex.example" }));
    expect(eventsOf(await getDelivery(apiKey, deliveryId), "delivered")).toHaveLength(1);
  });
});

describe("the events dead-letter queue's consumer", () => {
  it("logs what could not be recorded, whole, and acks it", async () => {
    const error = vi.spyOn(console, "error");
    const event = sendingEvent("bounced", { messageId: "m-1", recipient: "ap@globex.example" });
    const result = await runQueue(`${EVENTS_QUEUE}-dlq`, [event]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(JSON.parse(error.mock.calls[0]![0] as string)).toMatchObject({ msg: "an Email Sending event could not be recorded after its retries", body: event });
  });
});
