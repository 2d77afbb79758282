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

describe("the OpenAPI document for partners, sales invoices and deliveries", () => {
  it("describes every operation, the upload as multipart and the Idempotency-Key", async () => {
    const doc = (await call("GET", "/openapi.json")).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/partners",
        "/v1/partners/{id}",
        "/v1/partners/{id}/delivery-channels",
        "/v1/partners/{id}/delivery-channels/email",
        "/v1/partners/{id}/delivery-channels/peppol",
        "/v1/sales-invoices",
        "/v1/sales-invoices/{id}",
        "/v1/sales-invoices/{id}/send",
        "/v1/sales-invoices/{id}/deliveries",
        "/v1/deliveries",
        "/v1/deliveries/{id}",
        "/v1/deliveries/{id}/retry",
      ]),
    );
    expect(Object.keys(doc.paths["/v1/partners/{id}"])).toEqual(expect.arrayContaining(["get", "patch", "delete"]));
    expect(doc.components.schemas.CreatePartner.properties.deliveryChannels).toBeDefined();
    const upload = doc.paths["/v1/sales-invoices"].post.requestBody.content["multipart/form-data"].schema;
    expect(upload.$ref ?? upload).toBeTruthy();
    expect(doc.components.schemas.SalesInvoiceUpload.properties.file).toMatchObject({ type: "string", format: "binary" });
    expect(doc.paths["/v1/sales-invoices/{id}/send"].post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: "header", name: "idempotency-key" })]));
    expect(doc.paths["/v1/sales-invoices/{id}/send"].post.responses).toHaveProperty("202");
    expect(doc.components.schemas.Delivery.properties.status.enum).toEqual(["queued", "sending", "sent", "failed", "bounced", "blocked", "handed_over"]);
  });
});
