import { describe, expect, it } from "vitest";
import { call } from "../helpers/api.ts";

describe("GET /openapi.json", () => {
  it("serves an OpenAPI 3.1 document generated from the request schemas", async () => {
    const response = await call("GET", "/openapi.json");
    expect(response.status).toBe(200);
    const doc = response.body;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/health", "/v1/admin/accounts", "/v1/admin/accounts/{id}", "/v1/admin/accounts/{id}/api-keys", "/v1/account", "/v1/connectors", "/v1/connectors/email"]),
    );
    const create = doc.components.schemas.CreateAccount;
    expect(create.required).toEqual(expect.arrayContaining(["name", "country"]));
    expect(create.properties.language.enum).toEqual(expect.arrayContaining(["en", "fr", "nl", "de"]));
    expect(doc.paths["/v1/connectors/email"].post.responses).toHaveProperty("201");
    expect(doc.paths["/v1/connectors/email"].post.responses).toHaveProperty("401");
    expect(doc.components.securitySchemes).toEqual({
      apiKey: expect.objectContaining({ type: "http", scheme: "bearer" }),
      adminToken: expect.objectContaining({ type: "http", scheme: "bearer" }),
    });
  });
});
