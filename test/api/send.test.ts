import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createAccount } from "../helpers/accounts.ts";
import { makeLargePdf } from "../helpers/documents.ts";
import { call, envWithoutPeppol, expectError } from "../helpers/api.ts";
import { createPartner } from "../helpers/partners.ts";
import { capturingQueue } from "../helpers/queues.ts";
import { readyToSend, uploadSalesInvoice } from "../helpers/sales-invoices.ts";

const send = (apiKey: string, id: string, options: { headers?: Record<string, string>; env?: Env } = {}) =>
  call("POST", `/v1/sales-invoices/${id}/send`, { token: apiKey, ...options });

const waitForStatus = (apiKey: string, id: string, status: string) =>
  vi.waitUntil(
    async () => {
      const delivery = await call("GET", `/v1/deliveries/${id}`, { token: apiKey });
      return delivery.body.status === status ? delivery.body : false;
    },
    { timeout: 5000, interval: 50 },
  );

describe("POST /v1/sales-invoices/{id}/send", () => {
  it("queues an email delivery, which the outbound consumer sends", async () => {
    const { apiKey, customer, invoice } = await readyToSend();
    const response = await send(apiKey, invoice.id);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      deliveries: [{ id: expect.stringMatching(/^dlv_[0-9A-Z]{26}$/), channel: "email", status: "queued", recipients: ["ap@globex.example"], participantId: null }],
    });
    const sent = await waitForStatus(apiKey, response.body.deliveries[0].id, "sent");
    expect(sent).toMatchObject({
      salesInvoiceId: invoice.id,
      partnerId: customer.id,
      channel: "email",
      recipients: ["ap@globex.example"],
      reason: null,
      attempts: 1,
      lastError: null,
      messageId: expect.stringMatching(/^<.+@.+>$/),
      sentAt: expect.stringMatching(/Z$/),
    });
    expect(sent.events.map((e: { type: string; status: string }) => [e.type, e.status])).toEqual([
      ["queued", "queued"],
      ["sending", "sending"],
      ["sent", "sent"],
    ]);
    const listed = await call("GET", `/v1/sales-invoices/${invoice.id}/deliveries`, { token: apiKey });
    expect(listed.body).toEqual({ items: [sent], nextCursor: null });
    expect((await call("GET", "/v1/deliveries?status=sent", { token: apiKey })).body.items).toEqual([sent]);
    expect((await call("GET", "/v1/deliveries?status=failed", { token: apiKey })).body.items).toEqual([]);
  });

  it("refuses when the customer has no delivery channel enabled", async () => {
    const { apiKey, customer, invoice } = await readyToSend({ partner: { deliveryChannels: [] } });
    const response = await send(apiKey, invoice.id);
    expectError(response, 409, "CONFLICT");
    expect(response.body.error.message).toContain("the customer has no delivery channel enabled".replace("the", "The"));
    expect(response.body.error.message).toContain(customer.id);
    expect((await call("GET", `/v1/sales-invoices/${invoice.id}/deliveries`, { token: apiKey })).body.items).toEqual([]);
  });

  it("blocks the email delivery when the connector is inactive", async () => {
    const { apiKey, invoice } = await readyToSend();
    await call("DELETE", "/v1/connectors/email", { token: apiKey });
    const response = await send(apiKey, invoice.id);
    expect(response.status).toBe(202);
    expect(response.body.deliveries[0]).toMatchObject({ status: "blocked", reason: "CONNECTOR_INACTIVE" });
    const delivery = await call("GET", `/v1/deliveries/${response.body.deliveries[0].id}`, { token: apiKey });
    expect(delivery.body).toMatchObject({ status: "blocked", reason: "CONNECTOR_INACTIVE", attempts: 0, lastError: expect.stringContaining("not active") });
    expect(delivery.body.events).toEqual([{ at: expect.any(String), type: "blocked", status: "blocked", code: "EVENT_BLOCKED", message: expect.stringContaining("not active") }]);
  });

  it("blocks, before queueing, a mail that would weigh over 5 MiB", async () => {
    const { apiKey, invoice } = await readyToSend({ upload: { pdf: makeLargePdf(3_900_000) } });
    const response = await send(apiKey, invoice.id);
    expect(response.body.deliveries[0]).toMatchObject({ status: "blocked", reason: "MESSAGE_TOO_LARGE" });
    const delivery = await call("GET", `/v1/deliveries/${response.body.deliveries[0].id}`, { token: apiKey });
    expect(delivery.body.lastError).toMatch(/5\.\d MiB; Cloudflare sends at most 5 MiB/);
  });

  it("sends a mail just under the limit", async () => {
    const { apiKey, invoice } = await readyToSend({ upload: { pdf: makeLargePdf(3_700_000) } });
    const response = await send(apiKey, invoice.id);
    expect(response.body.deliveries[0].status).toBe("queued");
    await waitForStatus(apiKey, response.body.deliveries[0].id, "sent");
  });

  it("blocks a mail to more than 50 recipients (recipients stored before the limit)", async () => {
    const { apiKey, customer, invoice } = await readyToSend();
    const recipients = Array.from({ length: 51 }, (_, i) => `r${i}@globex.example`);
    await env.DB.prepare("UPDATE delivery_channels SET recipients = ? WHERE partner_id = ?").bind(JSON.stringify(recipients), customer.id).run();
    const response = await send(apiKey, invoice.id);
    expect(response.body.deliveries[0]).toMatchObject({ status: "blocked", reason: "TOO_MANY_RECIPIENTS", recipients });
  });

  it("marks the delivery failed, not queued for ever, when the queue refuses it", async () => {
    const { apiKey, invoice } = await readyToSend();
    const broken = { ...env, OUTBOUND_QUEUE: { send: () => Promise.reject(new Error("queue unavailable")) } as unknown as Queue } as Env;
    const response = await send(apiKey, invoice.id, { env: broken });
    expect(response.body.deliveries[0]).toMatchObject({ status: "failed", reason: "QUEUE_UNAVAILABLE" });
  });

  describe("to Peppol", () => {
    async function peppolCustomer(channels: unknown[]) {
      return readyToSend({ partner: { peppolId: "0088:1548079098355", deliveryChannels: channels } });
    }

    it("hands the invoice to the Peppol connector's queue, naming invoice, delivery and participant", async () => {
      const { account, apiKey, invoice } = await peppolCustomer([{ channel: "peppol", enabled: true }]);
      const peppol = capturingQueue();
      const response = await send(apiKey, invoice.id, { env: { ...env, PEPPOL_QUEUE: peppol.binding } as Env });
      expect(response.body.deliveries).toEqual([
        { id: expect.any(String), channel: "peppol", status: "handed_over", recipients: [], participantId: "0088:1548079098355" },
      ]);
      expect(peppol.sent).toEqual([
        { type: "sales_invoice_delivery", accountId: account.id, salesInvoiceId: invoice.id, deliveryId: response.body.deliveries[0].id, participantId: "0088:1548079098355" },
      ]);
      const delivery = await call("GET", `/v1/deliveries/${response.body.deliveries[0].id}`, { token: apiKey });
      expect(delivery.body.events.map((e: { type: string }) => e.type)).toEqual(["queued", "handed_over"]);
    });

    it("makes one delivery per enabled channel", async () => {
      const { apiKey, invoice } = await peppolCustomer([
        { channel: "email", enabled: true },
        { channel: "peppol", enabled: true },
      ]);
      const response = await send(apiKey, invoice.id);
      expect(response.body.deliveries.map((d: { channel: string; status: string }) => [d.channel, d.status])).toEqual([
        ["email", "queued"],
        ["peppol", "handed_over"],
      ]);
    });

    it("blocks the Peppol delivery where PEPPOL_QUEUE is no longer bound", async () => {
      const { apiKey, invoice } = await peppolCustomer([{ channel: "peppol", enabled: true }]);
      const response = await send(apiKey, invoice.id, { env: envWithoutPeppol() });
      expect(response.body.deliveries[0]).toMatchObject({ channel: "peppol", status: "blocked", reason: "PEPPOL_UNAVAILABLE" });
    });
  });

  describe("with an Idempotency-Key", () => {
    it("answers a repeated request with the first result, sending once", async () => {
      const { apiKey, invoice } = await readyToSend();
      const headers = { "Idempotency-Key": crypto.randomUUID() };
      const first = await send(apiKey, invoice.id, { headers });
      const again = await send(apiKey, invoice.id, { headers });
      expect(again.status).toBe(202);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get("Idempotent-Replayed")).toBe("true");
      expect(first.headers.get("Idempotent-Replayed")).toBeNull();
      expect((await call("GET", `/v1/sales-invoices/${invoice.id}/deliveries`, { token: apiKey })).body.items).toHaveLength(1);
    });

    it("refuses the same key for another invoice", async () => {
      const { apiKey, customer, invoice } = await readyToSend();
      const other = await uploadSalesInvoice(apiKey, customer.id, { metadata: { number: "2026-0043" } });
      const headers = { "Idempotency-Key": "send-2026-0042" };
      await send(apiKey, invoice.id, { headers });
      const response = await send(apiKey, other.body.id, { headers });
      expectError(response, 409, "CONFLICT");
      expect(response.body.error.message).toContain("already used for another request");
    });

    it("keeps keys per account", async () => {
      const a = await readyToSend();
      const b = await readyToSend();
      const headers = { "Idempotency-Key": "same-key" };
      expect((await send(a.apiKey, a.invoice.id, { headers })).status).toBe(202);
      expect((await send(b.apiKey, b.invoice.id, { headers })).headers.get("Idempotent-Replayed")).toBeNull();
    });

    it("releases the key of a request that failed, so it can be retried", async () => {
      const { apiKey, customer, invoice } = await readyToSend({ partner: { deliveryChannels: [] } });
      const headers = { "Idempotency-Key": "retry-me" };
      expectError(await send(apiKey, invoice.id, { headers }), 409, "CONFLICT");
      await call("PUT", `/v1/partners/${customer.id}/delivery-channels/email`, { token: apiKey, body: { enabled: true } });
      expect((await send(apiKey, invoice.id, { headers })).body.deliveries[0].status).toBe("queued");
    });

    it("without a key, sends again", async () => {
      const { apiKey, invoice } = await readyToSend();
      await send(apiKey, invoice.id);
      await send(apiKey, invoice.id);
      expect((await call("GET", `/v1/sales-invoices/${invoice.id}/deliveries`, { token: apiKey })).body.items).toHaveLength(2);
    });
  });

  it("refuses to send to a customer that was deleted (archived)", async () => {
    const { apiKey, customer, invoice } = await readyToSend();
    expect((await call("DELETE", `/v1/partners/${customer.id}`, { token: apiKey })).body.outcome).toBe("archived");
    expectError(await send(apiKey, invoice.id), 409, "CONFLICT");
  });

  it("does not find another account's invoice or deliveries", async () => {
    const { apiKey, invoice } = await readyToSend();
    const response = await send(apiKey, invoice.id);
    const other = await createAccount();
    expectError(await send(other.apiKey, invoice.id), 404, "NOT_FOUND");
    expectError(await call("GET", `/v1/sales-invoices/${invoice.id}/deliveries`, { token: other.apiKey }), 404, "NOT_FOUND");
    expectError(await call("GET", `/v1/deliveries/${response.body.deliveries[0].id}`, { token: other.apiKey }), 404, "NOT_FOUND");
    expectError(await call("POST", `/v1/deliveries/${response.body.deliveries[0].id}/retry`, { token: other.apiKey }), 404, "NOT_FOUND");
    expect((await call("GET", "/v1/deliveries", { token: other.apiKey })).body.items).toEqual([]);
  });
});

describe("a customer with invoices", () => {
  it("is archived rather than erased, and stays readable", async () => {
    const { apiKey, customer, invoice } = await readyToSend({ partner: { vatNumber: "BE0456789034" } });
    await send(apiKey, invoice.id);
    const response = await call("DELETE", `/v1/partners/${customer.id}`, { token: apiKey });
    expect(response.body).toEqual({ id: customer.id, outcome: "archived" });
    const archived = await call("GET", `/v1/partners/${customer.id}`, { token: apiKey });
    expect(archived.body.archivedAt).toMatch(/Z$/);
    expect((await call("GET", "/v1/partners", { token: apiKey })).body.items).toEqual([]);
    expect((await call("GET", "/v1/partners?archived=true", { token: apiKey })).body.items.map((p: { id: string }) => p.id)).toEqual([customer.id]);
    expect((await call("GET", `/v1/sales-invoices/${invoice.id}/deliveries`, { token: apiKey })).body.items).toHaveLength(1);
    expect((await call("DELETE", `/v1/partners/${customer.id}`, { token: apiKey })).body.outcome).toBe("archived");

    expectError(await call("PATCH", `/v1/partners/${customer.id}`, { token: apiKey, body: { name: "Renamed" } }), 409, "CONFLICT");
    expectError(await call("PUT", `/v1/partners/${customer.id}/delivery-channels/email`, { token: apiKey, body: { enabled: false } }), 409, "CONFLICT");
    expectError(await uploadSalesInvoice(apiKey, customer.id, { metadata: { number: "2026-0099" } }), 422, "VALIDATION_FAILED");
    // Its VAT number is free for the partner that replaces it.
    expect((await createPartner(apiKey, { vatNumber: "BE0456789034" })).vatNumber).toBe("BE0456789034");
  });
});
