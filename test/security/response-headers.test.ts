import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../helpers/accounts.ts";
import { BASE_URL, adminToken } from "../helpers/api.ts";

/**
 * Every response says what it is and forbids a browser to guess otherwise:
 * JSON with its charset, and X-Content-Type-Options: nosniff everywhere, so
 * that no answer (an error quoting what a client sent, a file) is ever
 * sniffed into HTML or script.
 */
describe("responses", () => {
  let apiKey: string;
  beforeAll(async () => {
    ({ apiKey } = await createAccount());
  });

  const requests: [string, () => Request][] = [
    ["GET /health", () => new Request(`${BASE_URL}/health`)],
    ["GET /openapi.json", () => new Request(`${BASE_URL}/openapi.json`)],
    ["an unknown endpoint (404)", () => new Request(`${BASE_URL}/v1/<script>`)],
    ["no API key (401)", () => new Request(`${BASE_URL}/v1/partners`)],
    ["GET /v1/partners", () => new Request(`${BASE_URL}/v1/partners`, { headers: { Authorization: `Bearer ${apiKey}` } })],
    ["a query that does not validate (400)", () => new Request(`${BASE_URL}/v1/partners?limit=<b>`, { headers: { Authorization: `Bearer ${apiKey}` } })],
    [
      "POST /v1/partners (201)",
      () => new Request(`${BASE_URL}/v1/partners`, { method: "POST", headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" }, body: '{"name":"Globex"}' }),
    ],
    ["GET /v1/admin/accounts", () => new Request(`${BASE_URL}/v1/admin/accounts`, { headers: { Authorization: `Bearer ${adminToken()}` } })],
  ];

  it.each(requests)("%s: JSON in UTF-8, never sniffed", async (_what, request) => {
    const response = await exports.default.fetch(request());
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    await response.json();
  });
});
