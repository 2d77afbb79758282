import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { API_KEY_ROTATION_GRACE_MS, MAX_API_KEYS_PER_ACCOUNT } from "../../src/accounts/limits.ts";
import { createAccount } from "../helpers/accounts.ts";
import { adminToken, call, expectError } from "../helpers/api.ts";

describe("an account's API keys", () => {
  it("issues a named key once, lists keys without their secrets, and notes when one was last used", async () => {
    const { id, apiKey } = await createAccount();
    const issued = await call("POST", "/v1/api-keys", { token: apiKey, body: { name: "Accounting software" } });
    expect(issued.status).toBe(201);
    expect(issued.body.apiKey).toMatch(/^eck_[A-Za-z0-9_-]{43}$/);
    expect(issued.body.key).toEqual({
      id: expect.stringMatching(/^key_/),
      name: "Accounting software",
      prefix: issued.body.apiKey.slice(0, 12),
      status: "active",
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    });
    expect((await call("GET", "/v1/account", { token: issued.body.apiKey })).body.id).toBe(id);

    const list = await call("GET", "/v1/api-keys", { token: apiKey });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items[0]).toMatchObject({ id: issued.body.key.id, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(list.body)).not.toContain(issued.body.apiKey);
    expect(JSON.stringify(list.body)).not.toContain(apiKey);
  });

  it("issues an unnamed key without a body", async () => {
    const { apiKey } = await createAccount();
    const issued = await call("POST", "/v1/api-keys", { token: apiKey });
    expect(issued.status).toBe(201);
    expect(issued.body.key.name).toBeNull();
  });

  it("revokes a key at once: its next request answers 401, and revoking it again changes nothing", async () => {
    const { apiKey } = await createAccount();
    const issued = await call("POST", "/v1/api-keys", { token: apiKey, body: { name: "old integration" } });
    const revoked = await call("DELETE", `/v1/api-keys/${issued.body.key.id}`, { token: apiKey });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: "revoked", revokedAt: expect.any(String) });
    expectError(await call("GET", "/v1/account", { token: issued.body.apiKey }), 401, "UNAUTHENTICATED");
    const again = await call("DELETE", `/v1/api-keys/${issued.body.key.id}`, { token: apiKey });
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    // The key that made the request can revoke itself; then it is refused too.
    const self = (await call("GET", "/v1/api-keys", { token: apiKey })).body.items.find((k: { id: string }) => k.id !== issued.body.key.id);
    expect((await call("DELETE", `/v1/api-keys/${self.id}`, { token: apiKey })).status).toBe(200);
    expectError(await call("GET", "/v1/account", { token: apiKey }), 401, "UNAUTHENTICATED");
  });

  it("rotates a key: the new one works, the old one for the grace period only", async () => {
    const { apiKey } = await createAccount();
    const issued = await call("POST", "/v1/api-keys", { token: apiKey, body: { name: "ERP" } });
    const before = Date.now();
    const rotated = await call("POST", `/v1/api-keys/${issued.body.key.id}/rotate`, { token: apiKey });
    expect(rotated.status).toBe(201);
    expect(rotated.body.key).toMatchObject({ name: "ERP", status: "active" });
    expect(rotated.body.previous).toMatchObject({ id: issued.body.key.id, status: "expiring" });
    const until = Date.parse(rotated.body.previous.expiresAt);
    expect(until).toBeGreaterThanOrEqual(before + API_KEY_ROTATION_GRACE_MS - 1000);
    expect(until).toBeLessThanOrEqual(Date.now() + API_KEY_ROTATION_GRACE_MS);
    expect((await call("GET", "/v1/account", { token: rotated.body.apiKey })).status).toBe(200);
    expect((await call("GET", "/v1/account", { token: issued.body.apiKey })).status).toBe(200);

    // The grace period over: the old key authenticates nothing.
    await env.DB.prepare("UPDATE api_keys SET expires_at = ? WHERE id = ?").bind(new Date(Date.now() - 1000).toISOString(), issued.body.key.id).run();
    expectError(await call("GET", "/v1/account", { token: issued.body.apiKey }), 401, "UNAUTHENTICATED");
    const listed = (await call("GET", "/v1/api-keys", { token: apiKey })).body.items.find((k: { id: string }) => k.id === issued.body.key.id);
    expect(listed.status).toBe("expired");
    expectError(await call("POST", `/v1/api-keys/${issued.body.key.id}/rotate`, { token: apiKey }), 409, "CONFLICT");
  });

  it("keeps the number of live keys bounded", async () => {
    const { apiKey } = await createAccount();
    for (let i = 1; i < MAX_API_KEYS_PER_ACCOUNT; i++) expect((await call("POST", "/v1/api-keys", { token: apiKey })).status).toBe(201);
    expectError(await call("POST", "/v1/api-keys", { token: apiKey }), 409, "CONFLICT");
  });

  it("refuses a name with a line break or a direction mark, naming the field", async () => {
    const { apiKey } = await createAccount();
    for (const name of ["ERP\r\nX-Injected: yes", "ERP\u202Efdp.exe", "ERP\u0000"]) {
      const response = await call("POST", "/v1/api-keys", { token: apiKey, body: { name } });
      expectError(response, 400, "VALIDATION_FAILED");
      expect(response.body.error.details).toEqual([{ path: "name", message: expect.stringMatching(/control characters/) }]);
    }
  });

  it("never shows, revokes or rotates another account's key: 404", async () => {
    const a = await createAccount();
    const b = await createAccount();
    const bKey = (await call("GET", "/v1/api-keys", { token: b.apiKey })).body.items[0];
    expectError(await call("DELETE", `/v1/api-keys/${bKey.id}`, { token: a.apiKey }), 404, "NOT_FOUND");
    expectError(await call("POST", `/v1/api-keys/${bKey.id}/rotate`, { token: a.apiKey }), 404, "NOT_FOUND");
    expect((await call("GET", "/v1/api-keys", { token: a.apiKey })).body.items.map((k: { id: string }) => k.id)).not.toContain(bKey.id);
    expect((await call("GET", "/v1/account", { token: b.apiKey })).status).toBe(200);
  });
});

describe("an operator and an account's API keys", () => {
  it("lists, issues, rotates and revokes any account's keys", async () => {
    const { id, apiKey } = await createAccount();
    const issued = await call("POST", `/v1/admin/accounts/${id}/api-keys`, { token: adminToken(), body: { name: "support" } });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ apiKey: expect.stringMatching(/^eck_/), key: { name: "support" } });
    const list = await call("GET", `/v1/admin/accounts/${id}/api-keys`, { token: adminToken() });
    expect(list.body.items).toHaveLength(2);

    const original = list.body.items.find((k: { id: string }) => k.id !== issued.body.key.id);
    const rotated = await call("POST", `/v1/admin/accounts/${id}/api-keys/${original.id}/rotate`, { token: adminToken() });
    expect(rotated.status).toBe(201);
    expect((await call("GET", "/v1/account", { token: rotated.body.apiKey })).status).toBe(200);

    const revoked = await call("DELETE", `/v1/admin/accounts/${id}/api-keys/${original.id}`, { token: adminToken() });
    expect(revoked.body.status).toBe("revoked");
    expectError(await call("GET", "/v1/account", { token: apiKey }), 401, "UNAUTHENTICATED");
  });

  it("answers 404 for an unknown account or a key of another account", async () => {
    const a = await createAccount();
    const b = await createAccount();
    const bKey = (await call("GET", `/v1/admin/accounts/${b.id}/api-keys`, { token: adminToken() })).body.items[0];
    expectError(await call("GET", "/v1/admin/accounts/acc_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I/api-keys", { token: adminToken() }), 404, "NOT_FOUND");
    expectError(await call("DELETE", `/v1/admin/accounts/${a.id}/api-keys/${bKey.id}`, { token: adminToken() }), 404, "NOT_FOUND");
    expect((await call("GET", "/v1/account", { token: b.apiKey })).status).toBe(200);
  });
});
