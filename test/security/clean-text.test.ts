import { describe, expect, it } from "vitest";
import { belgianNumber, createAccount } from "../helpers/accounts.ts";
import { adminToken, call, expectError } from "../helpers/api.ts";
import { createPartner } from "../helpers/partners.ts";
import { uploadSalesInvoice } from "../helpers/sales-invoices.ts";

/**
 * Free text from the API ends up in inbox sentences, mail headers, file
 * names and logs: control characters, invisible ones and direction
 * overrides are refused there, naming the field; surrounding spaces are
 * trimmed, as a person expects.
 */
const UNSAFE = [
  ["a line break", "Globex\r\nBcc: thief@evil.example"],
  ["NUL", "Globex\u0000NV"],
  ["a right-to-left override", "Globex \u202Efdp.exe"],
  ["a zero-width space", "Glo\u200Bbex"],
  ["a tab", "Globex\tNV"],
] as const;

function expectRefused(response: { status: number; body: any; headers: Headers }, path: string) {
  expectError(response, 400, "VALIDATION_FAILED");
  expect(response.body.error.details).toContainEqual({ path, message: expect.stringMatching(/control characters/) });
}

describe("free text in the API", () => {
  it.each(UNSAFE)("refuses %s in a partner's name and address, on creation and update", async (_what, value) => {
    const { apiKey } = await createAccount();
    expectRefused(await call("POST", "/v1/partners", { token: apiKey, body: { name: value } }), "name");
    expectRefused(await call("POST", "/v1/partners", { token: apiKey, body: { name: "Globex NV", address: { street: value, country: "BE" } } }), "address.street");
    expectRefused(await call("POST", "/v1/partners", { token: apiKey, body: { name: "Globex NV", address: { city: value, country: "BE" } } }), "address.city");
    const partner = await createPartner(apiKey);
    expectRefused(await call("PATCH", `/v1/partners/${partner.id}`, { token: apiKey, body: { name: value } }), "name");
    expect((await call("GET", `/v1/partners/${partner.id}`, { token: apiKey })).body.name).toBe("Globex NV");
  });

  it.each(UNSAFE)("refuses %s in an account's name", async (_what, value) => {
    const number = belgianNumber();
    expectRefused(await call("POST", "/v1/admin/accounts", { token: adminToken(), body: { name: value, country: "BE", companyNumber: number } }), "name");
  });

  it.each(UNSAFE)("refuses %s in a sales invoice's number", async (_what, value) => {
    const { apiKey } = await createAccount();
    const customer = await createPartner(apiKey);
    const response = await uploadSalesInvoice(apiKey, customer.id, { metadata: { number: value }, pdfName: "invoice.pdf" });
    expectError(response, 400, "VALIDATION_FAILED");
    expect(JSON.stringify(response.body.error.details)).toMatch(/number/);
  });

  it("trims surrounding spaces, and keeps accents, apostrophes and scripts a name may hold", async () => {
    const { apiKey } = await createAccount();
    for (const name of ["  Société Générale d'Électricité  ", "Müller & Söhne GmbH", "شركة النور", "Zürich AG (Niederlassung)"]) {
      const response = await call("POST", "/v1/partners", { token: apiKey, body: { name } });
      expect(response.status).toBe(201);
      expect(response.body.name).toBe(name.trim());
    }
  });
});
