import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { call, expectError } from "../helpers/api.ts";
import { capturingQueue, runQueue } from "../helpers/queues.ts";
import { envWithCapturedOutbound, readyToSend } from "../helpers/sales-invoices.ts";

const send = (apiKey: string, invoiceId: string, callEnv?: Env) => call("POST", `/v1/sales-invoices/${invoiceId}/send`, { token: apiKey, env: callEnv });
const retry = (apiKey: string, id: string, body?: unknown, callEnv?: Env) => call("POST", `/v1/deliveries/${id}/retry`, { token: apiKey, body, env: callEnv });
const getDelivery = async (apiKey: string, id: string) => (await call("GET", `/v1/deliveries/${id}`, { token: apiKey })).body;

describe("POST /v1/deliveries/{id}/retry", () => {
  it("sends a delivery that was blocked once the cause is fixed", async () => {
    const { apiKey, invoice } = await readyToSend();
    await call("DELETE", "/v1/connectors/email", { token: apiKey });
    const blocked = (await send(apiKey, invoice.id)).body.deliveries[0];
    expect(blocked.reason).toBe("CONNECTOR_INACTIVE");

    expect((await retry(apiKey, blocked.id)).body).toMatchObject({ status: "blocked", reason: "CONNECTOR_INACTIVE" });
    await call("POST", "/v1/connectors/email", { token: apiKey });
    const response = await retry(apiKey, blocked.id);
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ id: blocked.id, status: "queued", reason: null });
    await vi.waitUntil(async () => (await getDelivery(apiKey, blocked.id)).status === "sent", { timeout: 5000, interval: 50 });
    expect((await getDelivery(apiKey, blocked.id)).events.map((e: { type: string }) => e.type)).toEqual(["blocked", "blocked", "retry_requested", "sending", "sent"]);
  });

  it("sends a failed delivery again, as the same delivery, keeping the customer's channel as it was", async () => {
    const { apiKey, customer, invoice } = await readyToSend();
    const { outbound, env: capturing } = envWithCapturedOutbound();
    const id = (await send(apiKey, invoice.id, capturing)).body.deliveries[0].id;
    vi.spyOn(env.SEND_EMAIL, "send").mockRejectedValueOnce(Object.assign(new Error("not allowed"), { code: "E_RECIPIENT_NOT_ALLOWED" }));
    await runQueue("email-connector-outbound", outbound.sent);
    expect((await getDelivery(apiKey, id)).status).toBe("failed");

    const again = capturingQueue();
    const response = await retry(apiKey, id, { recipients: ["billing@globex.example"] }, { ...env, OUTBOUND_QUEUE: again.binding } as Env);
    expect(response.body).toMatchObject({ status: "queued", recipients: ["billing@globex.example"], attempts: 1 });
    expect(again.sent).toEqual([{ type: "send_email_delivery", accountId: expect.any(String), deliveryId: id }]);
    const channels = await call("GET", `/v1/partners/${customer.id}/delivery-channels`, { token: apiKey });
    expect(channels.body.items[0]).toMatchObject({ recipients: ["ap@globex.example"], recipientsFromProfile: true });
    vi.restoreAllMocks();
  });

  it("refuses a delivery that is on its way or done", async () => {
    const { apiKey, invoice } = await readyToSend();
    const { env: capturing } = envWithCapturedOutbound();
    const id = (await send(apiKey, invoice.id, capturing)).body.deliveries[0].id;
    const response = await retry(apiKey, id);
    expectError(response, 409, "CONFLICT");
    expect(response.body.error.message).toContain("The delivery is queued");
  });

  it("refuses recipients for a Peppol delivery", async () => {
    const { apiKey, invoice } = await readyToSend({ partner: { peppolId: "0088:1548079098355", deliveryChannels: [{ channel: "peppol", enabled: true }] } });
    const failing = { ...env, PEPPOL_QUEUE: { send: () => Promise.reject(new Error("down")) } as unknown as Queue } as Env;
    const failed = (await send(apiKey, invoice.id, failing)).body.deliveries[0];
    expect(failed).toMatchObject({ status: "failed", reason: "QUEUE_UNAVAILABLE" });
    expectError(await retry(apiKey, failed.id, { recipients: ["a@b.example"] }), 422, "VALIDATION_FAILED");
    expect((await retry(apiKey, failed.id)).body).toMatchObject({ status: "handed_over" });
  });

  it.each([
    ["saving without recipients", { saveRecipients: true }, "saveRecipients"],
    ["an empty list", { recipients: [] }, "recipients"],
    ["a bad address", { recipients: ["not an address"] }, "recipients.0"],
  ])("refuses %s", async (_what, body, path) => {
    const { apiKey, invoice } = await readyToSend();
    const id = (await send(apiKey, invoice.id)).body.deliveries[0].id;
    const response = await retry(apiKey, id, body);
    expectError(response, 400, "VALIDATION_FAILED");
    expect(response.body.error.details[0].path).toBe(path);
  });

  it("answers 404 for an unknown delivery", async () => {
    const { apiKey } = await readyToSend();
    expectError(await retry(apiKey, "dlv_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I"), 404, "NOT_FOUND");
  });
});

describe("GET /v1/deliveries", () => {
  it("lists newest first, filtered by status, with a cursor", async () => {
    const { apiKey, invoice } = await readyToSend();
    const { env: capturing } = envWithCapturedOutbound();
    const first = (await send(apiKey, invoice.id, capturing)).body.deliveries[0].id;
    const second = (await send(apiKey, invoice.id, capturing)).body.deliveries[0].id;
    const page = await call("GET", "/v1/deliveries?status=queued&limit=1", { token: apiKey });
    expect(page.body.items.map((d: { id: string }) => d.id)).toEqual([second]);
    const next = await call("GET", `/v1/deliveries?status=queued&limit=1&cursor=${page.body.nextCursor}`, { token: apiKey });
    expect(next.body.items.map((d: { id: string }) => d.id)).toEqual([first]);
    expectError(await call("GET", "/v1/deliveries?status=lost", { token: apiKey }), 400, "VALIDATION_FAILED");
  });
});
