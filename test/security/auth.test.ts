import { describe, expect, it } from "vitest";
import { createAccount } from "../helpers/accounts.ts";
import { adminToken, call, expectError } from "../helpers/api.ts";
import { operations } from "../helpers/openapi.ts";

/**
 * The credentials checks, written once and run against every operation the
 * OpenAPI document lists, so a new route is covered the day it is added.
 * Isolation between accounts (another account's ids answer 404) is tested
 * beside each resource, where there are ids to try.
 */
const all = await operations();
const accountOperations = all.filter((op) => op.security.includes("apiKey"));
const adminOperations = all.filter((op) => op.security.includes("adminToken"));
// /openapi.json serves the document and is not listed in it.
const PUBLIC = ["GET /health"];

describe("every operation", () => {
  it("declares its credentials, except the public ones", () => {
    const unsecured = all.filter((op) => op.security.length === 0).map((op) => `${op.method} ${op.template}`);
    expect(unsecured.sort()).toEqual(PUBLIC.sort());
    expect(accountOperations.length).toBeGreaterThan(0);
    expect(adminOperations.length).toBeGreaterThan(0);
  });
});

describe.each(accountOperations.map((op) => [`${op.method} ${op.template}`, op] as const))("account route %s", (_name, op) => {
  const attempt = (authorization?: string) =>
    call(op.method, op.path, { headers: authorization ? { Authorization: authorization } : {}, body: op.method === "GET" || op.method === "DELETE" ? undefined : {} });

  it("refuses a request without credentials", async () => {
    const response = await attempt();
    expectError(response, 401, "UNAUTHENTICATED");
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
  });

  it.each([
    ["an unknown key", "Bearer eck_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a key that is not ours", "Bearer sk_live_123"],
    ["another scheme", "Basic dXNlcjpwYXNz"],
    ["an empty bearer", "Bearer "],
  ])("refuses %s", async (_what, header) => {
    expectError(await attempt(header), 401, "UNAUTHENTICATED");
  });

  it("refuses the operator token: it is not an account's key", async () => {
    expectError(await attempt(`Bearer ${adminToken()}`), 401, "UNAUTHENTICATED");
  });
});

describe.each(adminOperations.map((op) => [`${op.method} ${op.template}`, op] as const))("operator route %s", (_name, op) => {
  const attempt = (authorization?: string) =>
    call(op.method, op.path, { headers: authorization ? { Authorization: authorization } : {}, body: op.method === "GET" ? undefined : {} });

  it("refuses a request without credentials", async () => {
    expectError(await attempt(), 401, "UNAUTHENTICATED");
  });

  it("refuses a wrong token, including one that differs only in its last character", async () => {
    const token = adminToken();
    expectError(await attempt(`Bearer ${token.slice(0, -1)}${token.endsWith("x") ? "y" : "x"}`), 401, "UNAUTHENTICATED");
    expectError(await attempt(`Bearer ${token}extra`), 401, "UNAUTHENTICATED");
  });

  it("refuses an account's API key with 403", async () => {
    const { apiKey } = await createAccount();
    expectError(await attempt(`Bearer ${apiKey}`), 403, "FORBIDDEN");
  });
});
