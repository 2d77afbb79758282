import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { D1_MAX_QUERIES_PER_INVOCATION } from "../../src/db/limits.ts";
import { MAX_FILES_PER_MAIL, MAX_SWEPT_MAILS } from "../../src/limits.ts";
import worker from "../../src/index.ts";
import { MAX_RECIPIENTS_PER_MESSAGE } from "../../src/outbound/limits.ts";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";
import { makePdf } from "../helpers/documents.ts";
import { deliver } from "../helpers/mail.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";
import { createPartner } from "../helpers/partners.ts";
import { invocationsDuring, type Invocation } from "../helpers/production-d1.ts";
import { capturingQueue, runQueue } from "../helpers/queues.ts";
import { uploadSalesInvoice } from "../helpers/sales-invoices.ts";
import { sendingEvent } from "../helpers/sending-events.ts";

/**
 * D1 allows D1_MAX_QUERIES_PER_INVOCATION queries per Worker invocation.
 * Each consumer is given the largest batch it can receive (its
 * max_batch_size in wrangler.toml) of the largest work each message can
 * carry, and the production-like D1 counts the invocation's queries: a
 * db.batch() is one query (one request to D1); its statements are counted
 * too, for the figures. The figures are printed at the end (docs/d1.md).
 */

const batchOf = (queue: string) => env.TEST_QUEUE_BATCH_SIZES[queue]!;
const figures: Record<string, Pick<Invocation, "queries" | "statements">> = {};

/** The one invocation of `handler` that `run` made, recorded under `name`. */
async function measure(name: string, handler: Invocation["handler"], run: () => Promise<unknown>): Promise<Invocation> {
  const seen = (await invocationsDuring(run)).filter((i) => i.handler === handler);
  expect(seen, `${name}: one ${handler} invocation`).toHaveLength(1);
  const [invocation] = seen as [Invocation];
  figures[name] = { queries: invocation.queries, statements: invocation.statements };
  expect(invocation.queries, name).toBeLessThan(D1_MAX_QUERIES_PER_INVOCATION);
  return invocation;
}

afterAll(() => console.log(JSON.stringify({ queriesPerInvocation: figures })));

describe("receiving", () => {
  const ingest = capturingQueue();
  const scans = capturingQueue();
  const quiet = () => ({ ...env, INGEST_QUEUE: ingest.binding, SCAN_QUEUE: scans.binding }) as Env;
  let account: Awaited<ReturnType<typeof createAccountWithConnector>>;
  const mails: Uint8Array[] = [];

  const MAILS = Math.max(batchOf("email-connector-ingest"), batchOf("email-connector-scan"));

  beforeAll(async () => {
    account = await createAccountWithConnector();
    for (let m = 0; m < MAILS; m++) {
      const pdfs = Array.from({ length: MAX_FILES_PER_MAIL }, (_, f) => attachment(`invoice-${m}-${f}.pdf`, "application/pdf", makePdf(`mail ${m} file ${f}`)));
      mails.push(mail(multipart("mixed", text("All the invoices of the year."), ...pdfs), { to: account.vatAddress }));
    }
  });

  it("email(): a mail of the most files", async () => {
    const [first, ...rest] = mails;
    await measure(`email(), a mail of ${MAX_FILES_PER_MAIL} files`, "email", () => deliver(first!, { to: account.vatAddress! }, quiet()));
    for (const raw of rest) await deliver(raw, { to: account.vatAddress! }, quiet());
    expect(ingest.sent).toHaveLength(MAILS);
  });

  it("ingest: a batch of mails of the most files each", async () => {
    const batch = batchOf("email-connector-ingest");
    await measure(`ingest, ${batch} mails of ${MAX_FILES_PER_MAIL} files`, "queue", () => runQueue("email-connector-ingest", ingest.sent.slice(0, batch), quiet()));
    await runQueue("email-connector-ingest", ingest.sent.slice(batch), quiet());
    expect(scans.sent).toHaveLength(MAILS * MAX_FILES_PER_MAIL);
  }, 60_000);

  it("scan: a batch of files, each the last of its mail, which completes it", async () => {
    const batch = batchOf("email-connector-scan");
    const jobs = scans.sent as { fileId: string }[];
    const lastOfEach = Array.from({ length: batch }, (_, m) => jobs[(m + 1) * MAX_FILES_PER_MAIL - 1]!.fileId);
    // Every other file is decided as the scan decides a plain PDF (scanning them all takes half a minute here); the batch measured runs the real scan.
    const others = jobs.map((j) => j.fileId).filter((id) => !lastOfEach.includes(id));
    for (let i = 0; i < others.length; i += 90) {
      const chunk = others.slice(i, i + 90);
      await env.DB.prepare(
        `UPDATE inbound_files SET verdict = 'document', format = 'pdf', detected_type = 'application/pdf', decided_at = '2026-11-30T00:00:00.000Z', scan_attempts = 1 WHERE id IN (${chunk.map(() => "?").join(", ")})`,
      )
        .bind(...chunk)
        .run();
    }
    await measure(`scan, ${batch} files completing ${batch} mails of ${MAX_FILES_PER_MAIL} files`, "queue", () =>
      runQueue("email-connector-scan", lastOfEach.map((fileId) => ({ fileId })), quiet()),
    );
    const messages = (await call("GET", "/v1/inbound-messages?limit=200", { token: account.apiKey })).body.items;
    expect(messages.slice(-batch).map((m: any) => [m.outcome, m.documents.length])).toEqual(Array(batch).fill(["imported", MAX_FILES_PER_MAIL]));
  }, 60_000);

  it("fetch: the longest pages", async () => {
    for (const path of ["/v1/purchase-invoices?limit=200", "/v1/inbound-messages?limit=200", "/v1/inbox?limit=200"]) {
      await measure(`GET ${path}`, "fetch", async () => expect((await call("GET", path, { token: account.apiKey })).status).toBe(200));
    }
  });

  it("scheduled: the sweep of stalled mails", async () => {
    await env.DB.prepare("UPDATE inbound_messages SET outcome = 'processing', received_at = '2000-01-01T00:00:00.000Z'").run();
    await measure(`scheduled sweep (at most ${MAX_SWEPT_MAILS} mails, one query)`, "scheduled", async () => {
      await (worker as ExportedHandler<Env>).scheduled!(createScheduledController({ cron: "*/15 * * * *" }), quiet(), createExecutionContext());
    });
    expect(ingest.sent).toHaveLength(2 * MAILS);
  });
});

describe("sending", () => {
  const outbound = capturingQueue();
  const recipients = Array.from({ length: MAX_RECIPIENTS_PER_MESSAGE }, (_, i) => `ap-${i}@globex.example`);
  let apiKey: string;
  const deliveryIds: string[] = [];

  const DELIVERIES = Math.max(batchOf("email-connector-outbound"), batchOf("email-connector-email-events"));

  beforeAll(async () => {
    ({ apiKey } = await createAccountWithConnector());
    const customer = await createPartner(apiKey, { deliveryChannels: [{ channel: "email", enabled: true, recipients }] });
    const quiet = { ...env, OUTBOUND_QUEUE: outbound.binding } as Env;
    for (let i = 0; i < DELIVERIES; i++) {
      const invoice = (await uploadSalesInvoice(apiKey, customer.id, { metadata: { number: `2026-${i}` } })).body;
      const sent = await call("POST", `/v1/sales-invoices/${invoice.id}/send`, { token: apiKey, env: quiet });
      deliveryIds.push(sent.body.deliveries[0].id);
    }
  });

  const statuses = () => Promise.all(deliveryIds.map(async (id) => (await call("GET", `/v1/deliveries/${id}`, { token: apiKey })).body.status));

  it("outbound: a batch of deliveries to the most recipients each", async () => {
    const batch = batchOf("email-connector-outbound");
    let n = 0;
    vi.spyOn(env.SEND_EMAIL, "send").mockImplementation(async () => ({ messageId: `<${++n}@mail.example.com>` }));
    await measure(`outbound, ${batch} deliveries of ${MAX_RECIPIENTS_PER_MESSAGE} recipients`, "queue", () => runQueue("email-connector-outbound", outbound.sent.slice(0, batch)));
    await runQueue("email-connector-outbound", outbound.sent.slice(batch));
    vi.restoreAllMocks();
    expect(await statuses()).toEqual(Array(DELIVERIES).fill("sent"));
  }, 60_000);

  it("events: a batch of bounces, each of another delivery", async () => {
    const batch = batchOf("email-connector-email-events");
    // Each delivery's first message went to its first recipient: message ids 1, 51, 101, ...
    const events = deliveryIds.slice(0, batch).map((_, i) => sendingEvent("bounced", { messageId: `${i * MAX_RECIPIENTS_PER_MESSAGE + 1}@mail.example.com`, recipient: recipients[0]! }));
    await measure(`email events, ${batch} bounces`, "queue", () => runQueue("email-connector-email-events", events));
    expect((await statuses()).slice(0, batch)).toEqual(Array(batch).fill("bounced"));
  });

  it("fetch: the longest page of deliveries, with their histories", async () => {
    await measure("GET /v1/deliveries?limit=200", "fetch", async () => expect((await call("GET", "/v1/deliveries?limit=200", { token: apiKey })).status).toBe(200));
  });
});
