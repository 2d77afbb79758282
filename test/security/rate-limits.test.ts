import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RATE_LIMITS } from "../../src/rate-limits.ts";
import { createAccount, createAccountWithConnector } from "../helpers/accounts.ts";
import { adminToken, call, expectError } from "../helpers/api.ts";
import { makePdf } from "../helpers/documents.ts";
import { deliver, messageIdOf, settled } from "../helpers/mail.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";
import { readyToSend } from "../helpers/sales-invoices.ts";

const wranglerToml = import.meta.glob<string>("../../wrangler.toml", { query: "?raw", import: "default", eager: true })["../../wrangler.toml"]!;

/**
 * The limits are tested by handing the Worker, in place of one of its
 * limiters, a real one of 3 per 10 seconds (vitest.config.ts): the same
 * code path, a limit a test can reach, and a window a test can wait out.
 */
const SMALL = 3;
const withSmall = (binding: (typeof RATE_LIMITS)[keyof typeof RATE_LIMITS]["binding"]): Env => ({ ...env, [binding]: env.TEST_SMALL_RATE_LIMITER });

/** Waits for the small limiter's window to roll over (windows are aligned to the clock). */
async function nextWindow(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 10_000 - (Date.now() % 10_000) + 100));
}

/** A window that leaves time for a test's calls before it rolls over. */
async function freshWindow(): Promise<void> {
  if (10_000 - (Date.now() % 10_000) < 4_000) await nextWindow();
}

describe("the rate limits", () => {
  it("are configured in wrangler.toml as src/rate-limits.ts says", () => {
    const configured = [...wranglerToml.matchAll(/\[\[ratelimits\]\]\s*name = "(\w+)"\s*namespace_id = "\d+"\s*simple = \{ limit = (\d+), period = (\d+) \}/g)].map(([, name, limit, period]) => ({
      binding: name,
      limit: Number(limit),
      periodSeconds: Number(period),
    }));
    expect(configured).toEqual(expect.arrayContaining(Object.values(RATE_LIMITS).map(({ binding, limit, periodSeconds }) => ({ binding, limit, periodSeconds }))));
    expect(configured).toHaveLength(Object.keys(RATE_LIMITS).length);
  });
});

describe("per API key", () => {
  it("answers 429 RATE_LIMITED with Retry-After past the limit, for that key only, and lets it through again in the next window", async () => {
    const { id, apiKey } = await createAccount();
    const other = await call("POST", `/v1/admin/accounts/${id}/api-keys`, { token: adminToken() });
    const limited = withSmall("API_RATE_LIMITER");
    await freshWindow();
    for (let i = 0; i < SMALL; i++) expect((await call("GET", "/v1/account", { token: apiKey, env: limited })).status).toBe(200);
    const refused = await call("GET", "/v1/account", { token: apiKey, env: limited });
    expectError(refused, 429, "RATE_LIMITED");
    expect(refused.headers.get("Retry-After")).toBe(String(RATE_LIMITS.API_KEY.periodSeconds));
    expect(refused.body.error.message).toMatch(/Try again in 60 seconds/);
    // Another key of the same account has a limit of its own.
    expect((await call("GET", "/v1/account", { token: other.body.apiKey, env: limited })).status).toBe(200);
    await nextWindow();
    expect((await call("GET", "/v1/account", { token: apiKey, env: limited })).status).toBe(200);
  }, 30_000);

  it("counts no request without a valid key", async () => {
    const { apiKey } = await createAccount();
    const limited = withSmall("API_RATE_LIMITER");
    await freshWindow();
    for (let i = 0; i < SMALL + 2; i++) expectError(await call("GET", "/v1/account", { token: "eck_nope", env: limited }), 401, "UNAUTHENTICATED");
    expect((await call("GET", "/v1/account", { token: apiKey, env: limited })).status).toBe(200);
  }, 30_000);
});

describe("per operator token", () => {
  it("answers 429 RATE_LIMITED past the limit", async () => {
    const limited = withSmall("OPERATOR_RATE_LIMITER");
    await freshWindow();
    for (let i = 0; i < SMALL; i++) expect((await call("GET", "/v1/admin/accounts", { token: adminToken(), env: limited })).status).toBe(200);
    const refused = await call("GET", "/v1/admin/accounts", { token: adminToken(), env: limited });
    expectError(refused, 429, "RATE_LIMITED");
    expect(refused.headers.get("Retry-After")).toBe(String(RATE_LIMITS.OPERATOR.periodSeconds));
  }, 30_000);
});

describe("inbound mail", () => {
  const invoice = (n: number) => mail(multipart("mixed", text("Invoice attached."), attachment(`invoice-${n}.pdf`, "application/pdf", makePdf(`Invoice ${n}`))), { subject: `Invoice ${n}` });

  it("puts a sender's mail off with a temporary error past the limit, counts it for the account to see, and takes it when retried later", async () => {
    const account = await createAccountWithConnector();
    const limited = withSmall("MAIL_SENDER_RATE_LIMITER");
    await freshWindow();
    const mails = Array.from({ length: SMALL + 1 }, (_, i) => invoice(i));
    for (const raw of mails.slice(0, SMALL)) expect((await deliver(raw, { to: account.vatAddress!, from: "billing@flood.example" }, limited)).rejected).toBeNull();
    const over = mails[SMALL]!;
    // A throw is a temporary SMTP error: the sender's server keeps the mail and tries again.
    await expect(deliver(over, { to: account.vatAddress!, from: "billing@flood.example" }, limited)).rejects.toThrow(/try again/);
    expect((await call("GET", `/v1/inbound-messages?messageId=${encodeURIComponent(messageIdOf(over))}`, { token: account.apiKey })).body.items).toEqual([]);
    // Another sender is not held back by this one.
    expect((await deliver(invoice(99), { to: account.vatAddress!, from: "ap@honest.example" }, limited)).rejected).toBeNull();

    const connector = await call("GET", "/v1/connectors/email", { token: account.apiKey });
    expect(connector.body.stats.deferred).toEqual({ count: 1, lastAt: expect.any(String), lastSender: "billing@flood.example" });

    await nextWindow();
    expect((await deliver(over, { to: account.vatAddress!, from: "billing@flood.example" }, limited)).rejected).toBeNull();
    expect(await settled(account.apiKey, messageIdOf(over))).toMatchObject({ outcome: "imported" });
  }, 45_000);

  it("puts off mail to an account from many senders past the account's limit", async () => {
    const account = await createAccountWithConnector();
    const limited = withSmall("MAIL_ACCOUNT_RATE_LIMITER");
    await freshWindow();
    for (let i = 0; i < SMALL; i++) expect((await deliver(invoice(i), { to: account.vatAddress!, from: `sender${i}@spray.example` }, limited)).rejected).toBeNull();
    await expect(deliver(invoice(SMALL), { to: account.vatAddress!, from: "sender-last@spray.example" }, limited)).rejects.toThrow(/try again/);
    const connector = await call("GET", "/v1/connectors/email", { token: account.apiKey });
    expect(connector.body.stats.deferred).toMatchObject({ count: 1, lastSender: "sender-last@spray.example" });
  }, 30_000);
});

describe("sending", () => {
  it("answers 429 RATE_LIMITED past the account's sending limit, and sends again in the next window", async () => {
    const { apiKey, invoice } = await readyToSend();
    const limited = withSmall("SEND_RATE_LIMITER");
    await freshWindow();
    for (let i = 0; i < SMALL; i++) expect((await call("POST", `/v1/sales-invoices/${invoice.id}/send`, { token: apiKey, env: limited })).status).toBe(202);
    const refused = await call("POST", `/v1/sales-invoices/${invoice.id}/send`, { token: apiKey, env: limited });
    expectError(refused, 429, "RATE_LIMITED");
    expect(refused.headers.get("Retry-After")).toBe(String(RATE_LIMITS.SEND_PER_ACCOUNT.periodSeconds));
    const deliveries = await call("GET", `/v1/sales-invoices/${invoice.id}/deliveries`, { token: apiKey });
    expect(deliveries.body.items).toHaveLength(SMALL);
    await nextWindow();
    expect((await call("POST", `/v1/sales-invoices/${invoice.id}/send`, { token: apiKey, env: limited })).status).toBe(202);
  }, 30_000);
});
