import { env } from "cloudflare:workers";
import { afterEach, expect, it, vi } from "vitest";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";
import { createPartner } from "../helpers/partners.ts";
import { Pipeline, withVirtualClock } from "../helpers/pipeline.ts";
import { uploadSalesInvoice } from "../helpers/sales-invoices.ts";

afterEach(() => vi.useRealTimers());

const SENDS = 500;
const CUSTOMERS = 50;

/**
 * 500 invoices sent to 50 customers (one in five with two recipients)
 * while SEND_EMAIL refuses a third of all sends for now (a rate limit, a
 * fault at Cloudflare). Every delivery ends `sent`, every recipient got
 * each invoice exactly once, and the mails handed to SEND_EMAIL are exactly
 * one per recipient per delivery.
 */
it(`sends ${SENDS} invoices exactly once each while SEND_EMAIL fails a third of the time`, async () => {
  const account = await createAccountWithConnector();
  const customers = await Promise.all(
    Array.from({ length: CUSTOMERS }, (_, i) => {
      const recipients = i % 5 === 0 ? [`ap${i}@customer${i}.example`, `cfo${i}@customer${i}.example`] : [`ap${i}@customer${i}.example`];
      return createPartner(account.apiKey, { name: `Customer ${i}`, deliveryChannels: [{ channel: "email", enabled: true, recipients }] });
    }),
  );
  const invoices: { id: string }[] = [];
  for (let i = 0; i < SENDS; i++) {
    const upload = await uploadSalesInvoice(account.apiKey, customers[i % CUSTOMERS].id, { metadata: { number: `2026-${String(i).padStart(4, "0")}` } });
    expect(upload.status).toBe(201);
    invoices.push(upload.body);
  }

  const pipeline = new Pipeline();
  pipeline.plan.fail({ call: "SEND_EMAIL.send", times: Infinity, probability: 1 / 3 });
  await withVirtualClock(async () => {
    for (const invoice of invoices) expect((await call("POST", `/v1/sales-invoices/${invoice.id}/send`, { token: account.apiKey, env: pipeline.env() })).status).toBe(202);
    await pipeline.drain(20_000);
  });

  const failedSends = pipeline.plan.fired;
  expect(failedSends / (failedSends + pipeline.sent.length)).toBeGreaterThan(0.25);
  const { results: deliveries } = await env.DB.prepare("SELECT id, status, recipients, sent_to, message_id FROM deliveries WHERE account_id = ?")
    .bind(account.id)
    .all<{ id: string; status: string; recipients: string; sent_to: string }>();
  expect(deliveries).toHaveLength(SENDS);
  expect(deliveries.filter((d) => d.status !== "sent")).toEqual([]);
  for (const d of deliveries) expect(JSON.parse(d.sent_to).sort()).toEqual(JSON.parse(d.recipients).sort());
  // Exactly one mail per recipient per delivery (the Message-ID names the delivery), and nothing else.
  const expected = deliveries.reduce((n, d) => n + JSON.parse(d.recipients).length, 0);
  expect(pipeline.sent).toHaveLength(expected);
  expect(new Set(pipeline.sent.map((m) => `${m.to} ${m.messageId}`)).size).toBe(expected);
  const { results: confirmed } = await env.DB.prepare("SELECT count(*) AS n FROM delivery_messages WHERE account_id = ?").bind(account.id).all<{ n: number }>();
  expect(confirmed[0]!.n).toBe(expected);
}, 300_000);
