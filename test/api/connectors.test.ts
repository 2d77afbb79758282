import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createAccount } from "../helpers/accounts.ts";
import { call, expectError } from "../helpers/api.ts";

describe("the email connector's lifecycle", () => {
  it("is listed as not installed until it is installed", async () => {
    const { apiKey } = await createAccount();
    const list = await call("GET", "/v1/connectors", { token: apiKey });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [{ type: "email", installed: false, status: "not_installed" }], nextCursor: null });
    expectError(await call("GET", "/v1/connectors/email", { token: apiKey }), 404, "NOT_FOUND");
  });

  it("installs with two import addresses derived from the account's numbers", async () => {
    const { apiKey, vatNumber, companyNumber } = await createAccount();
    const response = await call("POST", "/v1/connectors/email", { token: apiKey });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      type: "email",
      status: "active",
      installedAt: expect.any(String),
      updatedAt: expect.any(String),
      importAddresses: [
        { address: `${vatNumber!.toLowerCase()}@invoices.example.com`, kind: "vat" },
        { address: `be.${companyNumber}@invoices.example.com`, kind: "company" },
      ],
      // The test Worker gets CLAMD_HOST/CLAMD_PORT exactly when the test clamd runs.
      scanners: { builtinRules: { enabled: true }, clamav: { enabled: env.TEST_CLAMD_AVAILABLE } },
      stats: { messagesReceived: 0, documentsImported: 0, documentsFlagged: 0, lastReceivedAt: null, deferred: { count: 0, lastAt: null, lastSender: null } },
    });
    expect((await call("GET", "/v1/connectors/email", { token: apiKey })).body).toEqual(response.body);
    expect((await call("GET", "/v1/connectors", { token: apiKey })).body.items).toEqual([{ type: "email", installed: true, status: "active" }]);
  });

  it("gives an account with only a company number its company address", async () => {
    const { apiKey } = await createAccount({ vatNumber: undefined, country: "GB", companyNumber: "SC 123456" });
    const response = await call("POST", "/v1/connectors/email", { token: apiKey });
    expect(response.body.importAddresses).toEqual([{ address: "gb.sc123456@invoices.example.com", kind: "company" }]);
  });

  it("is idempotent: installing again answers 200 with the same addresses", async () => {
    const { apiKey } = await createAccount();
    const first = await call("POST", "/v1/connectors/email", { token: apiKey });
    const again = await call("POST", "/v1/connectors/email", { token: apiKey });
    expect(again.status).toBe(200);
    expect(again.body.importAddresses).toEqual(first.body.importAddresses);
    expect(again.body.installedAt).toBe(first.body.installedAt);
  });

  it("deactivates, keeps its addresses, and re-activates", async () => {
    const { apiKey } = await createAccount();
    const installed = await call("POST", "/v1/connectors/email", { token: apiKey });

    const deactivated = await call("DELETE", "/v1/connectors/email", { token: apiKey });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toMatchObject({ status: "inactive", importAddresses: installed.body.importAddresses, installedAt: installed.body.installedAt });
    expect((await call("GET", "/v1/connectors", { token: apiKey })).body.items[0]).toEqual({ type: "email", installed: true, status: "inactive" });
    expect((await call("DELETE", "/v1/connectors/email", { token: apiKey })).status).toBe(200);

    const reactivated = await call("POST", "/v1/connectors/email", { token: apiKey });
    expect(reactivated.status).toBe(200);
    expect(reactivated.body).toMatchObject({ status: "active", importAddresses: installed.body.importAddresses });
  });

  it("cannot be deactivated before it is installed", async () => {
    const { apiKey } = await createAccount();
    expectError(await call("DELETE", "/v1/connectors/email", { token: apiKey }), 404, "NOT_FOUND");
  });

  it("is each account's own: one account's installation is invisible to another", async () => {
    const a = await createAccount();
    const b = await createAccount();
    await call("POST", "/v1/connectors/email", { token: a.apiKey });
    expectError(await call("GET", "/v1/connectors/email", { token: b.apiKey }), 404, "NOT_FOUND");
    expectError(await call("DELETE", "/v1/connectors/email", { token: b.apiKey }), 404, "NOT_FOUND");
    expect((await call("GET", "/v1/connectors/email", { token: a.apiKey })).body.status).toBe("active");

    const installedB = await call("POST", "/v1/connectors/email", { token: b.apiKey });
    await call("DELETE", "/v1/connectors/email", { token: b.apiKey });
    expect(installedB.body.importAddresses[0].address).toContain(b.vatNumber!.toLowerCase());
    expect((await call("GET", "/v1/connectors/email", { token: a.apiKey })).body.status).toBe("active");
  });
});

describe("the connector's scanners", () => {
  /** GET /v1/connectors/email from a Worker configured with `vars`. */
  async function scanners(vars: Record<string, string | undefined>) {
    const { apiKey } = await createAccount();
    await call("POST", "/v1/connectors/email", { token: apiKey });
    return (await call("GET", "/v1/connectors/email", { token: apiKey, env: { ...env, ...vars } as Env })).body.scanners;
  }

  it("says built-in rules only when the operator has not configured clamd", async () => {
    expect(await scanners({ CLAMD_HOST: undefined, CLAMD_PORT: undefined })).toEqual({ builtinRules: { enabled: true }, clamav: { enabled: false } });
  });

  it("says ClamAV is on, without its address, when the operator has", async () => {
    const shown = await scanners({ CLAMD_HOST: "clamd.example.com", CLAMD_PORT: "3310" });
    expect(shown).toEqual({ builtinRules: { enabled: true }, clamav: { enabled: true } });
    expect(JSON.stringify(shown)).not.toContain("clamd.example.com");
  });
});

describe("GET /v1/account", () => {
  it("returns the caller's own account, never another's", async () => {
    const a = await createAccount();
    const b = await createAccount();
    expect((await call("GET", "/v1/account", { token: a.apiKey })).body).toEqual(a.account);
    expect((await call("GET", "/v1/account", { token: b.apiKey })).body).toEqual(b.account);
  });
});
