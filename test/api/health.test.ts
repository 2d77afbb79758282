import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "../helpers/api.ts";

describe("GET /health", () => {
  it("answers ok with a request id", async () => {
    const response = await call("GET", "/health");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    expect(response.headers.get("X-Request-Id")).toMatch(/^[\w-]{8,}$/);
  });

  it("keeps a request id the client sent", async () => {
    const response = await call("GET", "/health", { headers: { "X-Request-Id": "client-chosen-id-42" } });
    expect(response.headers.get("X-Request-Id")).toBe("client-chosen-id-42");
  });

  it("says which setting is missing when the configuration is incomplete", async () => {
    const { createApp } = await import("../../src/api/app.ts");
    const broken = { ...env, ADMIN_TOKEN: undefined, INBOUND_DOMAIN: "" } as unknown as Env;
    const response = await createApp().fetch(new Request("https://connector.test/health"), broken);
    expect(response.status).toBe(503);
    const body = await response.json<{ ok: boolean; problem: string }>();
    expect(body.ok).toBe(false);
    expect(body.problem).toContain("ADMIN_TOKEN is not set");
    expect(body.problem).toContain("INBOUND_DOMAIN is not set");
  });
});

describe("unknown endpoints", () => {
  it("answer 404 in the error envelope", async () => {
    const response = await exports.default.fetch("https://connector.test/v2/nothing");
    expect(response.status).toBe(404);
    const body = await response.json<any>();
    expect(body.error.code).toBe("NOT_FOUND");
    expect(body.error.requestId).toBe(response.headers.get("X-Request-Id"));
  });
});
