import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createAccount, createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";
import { makePdf } from "../helpers/documents.ts";
import { deliver, deliverAndSettle, messageIdOf, settled } from "../helpers/mail.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";

const invoiceMail = (to: string, options: Parameters<typeof mail>[1] = {}) =>
  mail(multipart("mixed", text("Please find our invoice attached."), attachment("invoice.pdf", "application/pdf", makePdf())), { to, ...options });

/**
 * A binding that fails the way a platform fault does, for the method named;
 * `when` picks which calls fail (D1: only writes, so that the recipient still
 * resolves and the fault hits the recording of the mail).
 */
function failing<T extends object>(binding: T, method: string, when: (...args: unknown[]) => boolean = () => true): T {
  return new Proxy(binding, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (property === method && when(...args)) throw new Error(`simulated ${method} outage`);
        return value.apply(target, args);
      };
    },
  });
}

async function inboundMessages(apiKey: string, messageId: string) {
  return (await call("GET", `/v1/inbound-messages?messageId=${encodeURIComponent(messageId)}`, { token: apiKey })).body.items as any[];
}

describe("email(): refusals at SMTP time", () => {
  it("rejects mail for an address that is no account's", async () => {
    const { rejected } = await deliver(invoiceMail("be0000000097@invoices.example.com"), { to: "be0000000097@invoices.example.com" });
    expect(rejected).toMatch(/be0000000097@invoices\.example\.com is not an import address/);
  });

  it("rejects mail for another domain", async () => {
    const account = await createAccountWithConnector();
    const to = account.vatAddress!.replace("invoices.example.com", "elsewhere.example");
    expect((await deliver(invoiceMail(to), { to })).rejected).toMatch(/not an import address/);
  });

  it("rejects mail for an account that never installed the connector", async () => {
    const account = await createAccount();
    const to = `${account.vatNumber!.toLowerCase()}@invoices.example.com`;
    expect((await deliver(invoiceMail(to), { to })).rejected).toMatch(/not an import address/);
  });

  it("rejects mail while the connector is inactive, and accepts it again once re-activated", async () => {
    const account = await createAccountWithConnector();
    await call("DELETE", "/v1/connectors/email", { token: account.apiKey });
    const refused = invoiceMail(account.vatAddress!);
    expect((await deliver(refused, { to: account.vatAddress! })).rejected).toMatch(/email connector of .* is not active/);
    expect(await inboundMessages(account.apiKey, messageIdOf(refused))).toEqual([]);

    await call("POST", "/v1/connectors/email", { token: account.apiKey });
    expect((await deliverAndSettle(invoiceMail(account.vatAddress!), account)).outcome).toBe("imported");
  });

  it("rejects a mail over 25 MiB without reading it", async () => {
    const account = await createAccountWithConnector();
    const raw = invoiceMail(account.vatAddress!);
    let read = false;
    const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
    const worker = (await import("../../src/index.ts")).default as ExportedHandler<Env>;
    let rejected: string | null = null;
    const message = {
      from: "a@supplier.example",
      to: account.vatAddress!,
      headers: new Headers({ "Message-ID": "<big@supplier.example>" }),
      get raw() {
        read = true;
        return new Response(raw).body;
      },
      rawSize: 25 * 1024 * 1024 + 1,
      setReject: (reason: string) => void (rejected = reason),
    } as unknown as ForwardableEmailMessage;
    const ctx = createExecutionContext();
    await worker.email!(message, env, ctx);
    await waitOnExecutionContext(ctx);
    expect(rejected).toMatch(/at most 26214400 bytes \(25 MiB\)/);
    expect(read).toBe(false);
    expect(raw.length).toBeLessThan(25 * 1024 * 1024);
  });

  it("accepts any case and a +tag on both import addresses", async () => {
    const account = await createAccountWithConnector();
    for (const to of [account.vatAddress!.toUpperCase(), account.companyAddress!.replace("@", "+march@")]) {
      const raw = invoiceMail(to);
      const message = await deliverAndSettle(raw, account, { to });
      expect(message).toMatchObject({ outcome: "imported", to, address: to.toLowerCase().replace("+march", "") });
    }
  });
});

describe("email(): what is recorded", () => {
  it("keeps the raw mail in R2 and the sender, subject, size and authentication verdicts in D1", async () => {
    const account = await createAccountWithConnector();
    const raw = invoiceMail(account.vatAddress!, {
      from: "=?UTF-8?Q?Fournisseur_=C3=89lectrique?= <factures@fournisseur.example>",
      subject: "=?UTF-8?B?RmFjdHVyZSBuwrAgNDI=?=",
      headers: [
        ["Authentication-Results", "attacker.example; spf=pass; dkim=pass; dmarc=pass"],
        ["Authentication-Results", "mx.cloudflare.net; dkim=pass header.d=fournisseur.example; spf=softfail smtp.mailfrom=fournisseur.example; dmarc=fail header.from=fournisseur.example"],
      ],
    });
    const message = await deliverAndSettle(raw, account, { from: "bounce@fournisseur.example" });
    expect(message).toMatchObject({
      from: "Fournisseur Électrique <factures@fournisseur.example>",
      envelopeFrom: "bounce@fournisseur.example",
      subject: "Facture n° 42",
      messageId: messageIdOf(raw),
      size: raw.length,
      auth: { spf: "softfail", dkim: "pass", dmarc: "fail" },
    });
    const stored = await env.FILES.get(`raw/${account.id}/${message.id}.eml`);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(raw);
  });
  it("believes the receiving server's topmost header, not a copy of it the sender wrote further down", async () => {
    const account = await createAccountWithConnector();
    const raw = invoiceMail(account.vatAddress!, {
      headers: [
        ["Authentication-Results", "mx.cloudflare.net; dkim=none; spf=fail smtp.mailfrom=bank.example; dmarc=fail (p=reject; dmarc=pass) header.from=bank.example"],
        ["Authentication-Results", "mx.cloudflare.net; spf=pass; dkim=pass; dmarc=pass"],
      ],
    });
    const message = await deliverAndSettle(raw, account, { from: "ceo@bank.example" });
    expect(message.auth).toEqual({ spf: "fail", dkim: "none", dmarc: "fail" });
  });
});

describe("email(): nothing lost, nothing imported twice", () => {
  it("accepts the same Message-ID again but does not process it again", async () => {
    const account = await createAccountWithConnector();
    const raw = invoiceMail(account.vatAddress!);
    const first = await deliverAndSettle(raw, account);
    expect((await deliver(raw, { to: account.vatAddress! })).rejected).toBeNull();
    const rows = await inboundMessages(account.apiKey, messageIdOf(raw));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ outcome: "duplicate", duplicateOf: first.id, documents: [], files: [] });
    expect((await call("GET", "/v1/purchase-invoices", { token: account.apiKey })).body.items).toHaveLength(1);
  });

  it.each([
    ["R2", "FILES", "put", undefined],
    ["the ingest queue", "INGEST_QUEUE", "send", undefined],
    ["D1", "DB", "prepare", (sql: unknown) => /^insert/i.test(String(sql))],
  ] as const)("throws when %s fails, so that the sender retries, and the retry imports the mail once", async (_what, binding, method, when) => {
    const account = await createAccountWithConnector();
    const raw = invoiceMail(account.vatAddress!);
    const broken = { ...env, [binding]: failing(env[binding] as object, method, when as never) } as Env;
    await expect(deliver(raw, { to: account.vatAddress! }, broken)).rejects.toThrow();

    const message = await deliverAndSettle(raw, account);
    expect(message.outcome).toBe("imported");
    expect(await inboundMessages(account.apiKey, messageIdOf(raw))).toHaveLength(1);
    expect((await call("GET", "/v1/purchase-invoices", { token: account.apiKey })).body.items).toHaveLength(1);
  });

  it("processes mails without a Message-ID, each on its own", async () => {
    const account = await createAccountWithConnector();
    for (let i = 0; i < 2; i++) {
      const raw = invoiceMail(account.vatAddress!, { messageId: null, subject: `no id ${i}` });
      expect((await deliver(raw, { to: account.vatAddress! })).rejected).toBeNull();
    }
    const invoices = await vi.waitUntil(async () => {
      const list = await call("GET", "/v1/purchase-invoices", { token: account.apiKey });
      return list.body.items.length === 2 ? list.body.items : false;
    });
    expect(invoices.map((i: any) => i.source.messageId)).toEqual([null, null]);
  });
});
