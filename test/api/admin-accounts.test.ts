import { describe, expect, it } from "vitest";
import { belgianNumber, createAccount } from "../helpers/accounts.ts";
import { adminToken, call, expectError } from "../helpers/api.ts";

const create = (body: unknown) => call("POST", "/v1/admin/accounts", { token: adminToken(), body });

describe("POST /v1/admin/accounts", () => {
  it("creates an account with normalised numbers and returns its API key once", async () => {
    const number = belgianNumber();
    const typed = `BE ${number.slice(0, 4)}.${number.slice(4, 7)}.${number.slice(7)}`;
    const response = await create({ name: " Acme Trading BV ", country: "be", vatNumber: typed, companyNumber: typed.slice(3), contactEmail: "ap@acme.example" });
    expect(response.status).toBe(201);
    expect(response.body.apiKey).toMatch(/^eck_[A-Za-z0-9_-]{43}$/);
    expect(response.body.account).toEqual({
      id: expect.stringMatching(/^acc_[0-9A-Z]{26}$/),
      name: "Acme Trading BV",
      country: "BE",
      vatNumber: `BE${number}`,
      companyNumber: number,
      contactEmail: "ap@acme.example",
      language: "en",
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });

    const own = await call("GET", "/v1/account", { token: response.body.apiKey });
    expect(own.body.id).toBe(response.body.account.id);
  });

  it("accepts a Belgian VAT number typed without its country prefix, or in the old 9-digit form", async () => {
    const number = belgianNumber();
    const response = await create({ name: "Short BV", country: "BE", vatNumber: number.slice(1) });
    expect(response.status).toBe(201);
    expect(response.body.account.vatNumber).toBe(`BE${number}`);
    expect(response.body.account.companyNumber).toBeNull();
  });

  it("checks foreign VAT numbers with their own rules", async () => {
    const response = await create({ name: "Nederland BV", country: "NL", vatNumber: "NL 0044.95.445B01", language: "nl" });
    expect(response.status).toBe(201);
    expect(response.body.account.vatNumber).toBe("NL004495445B01");
    expect(response.body.account.language).toBe("nl");
  });

  it("accepts a company number alone", async () => {
    const response = await create({ name: "Ltd", country: "GB", companyNumber: "sc-123456" });
    expect(response.status).toBe(201);
    expect(response.body.account).toMatchObject({ vatNumber: null, companyNumber: "SC123456" });
  });

  it.each([
    [{ country: "BE", vatNumber: "BE0123456789" }, "vatNumber", /check digits/],
    [{ country: "BE", vatNumber: "BE01234" }, "vatNumber", /10 digits/],
    [{ country: "BE", vatNumber: "BE2123456749" }, "vatNumber", /start with 0 or 1/],
    [{ country: "NL", vatNumber: "NL123" }, "vatNumber", /format/],
    [{ country: "US", vatNumber: "US123456789" }, "vatNumber", /country whose VAT numbers can be checked/],
    [{ country: "BE", companyNumber: "0123456789" }, "companyNumber", /check digits/],
    [{ country: "FR", companyNumber: "12" + "3".repeat(30) }, "companyNumber", /2 to 20 letters and digits/],
  ])("refuses invalid identifiers (%o) with 422 naming the field", async (numbers, path, message) => {
    const response = await create({ name: "Bad Numbers", ...numbers });
    expectError(response, 422, "VALIDATION_FAILED");
    expect(response.body.error.details).toEqual([{ path, message: expect.stringMatching(message) }]);
    expect(response.body.error.message).toMatch(message);
  });

  it("reports every malformed field at once", async () => {
    const response = await create({ name: "", country: "XX", contactEmail: "not an email", language: "es" });
    expectError(response, 400, "VALIDATION_FAILED");
    const paths = response.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(["contactEmail", "country", "language", "name"]);
  });

  it("needs a VAT number or a company number", async () => {
    const response = await create({ name: "Nameless Numbers", country: "BE" });
    expectError(response, 400, "VALIDATION_FAILED");
    expect(response.body.error.details).toEqual([{ path: "vatNumber", message: expect.stringMatching(/VAT number, a company number, or both/) }]);
  });

  it("refuses a body that is not JSON", async () => {
    expectError(await call("POST", "/v1/admin/accounts", { token: adminToken(), body: "{nope", headers: { "Content-Type": "application/json" } }), 400, "VALIDATION_FAILED");
    expectError(await call("POST", "/v1/admin/accounts", { token: adminToken(), body: "name=x", headers: { "Content-Type": "text/plain" } }), 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("refuses a body over the size limit", async () => {
    const response = await create({ name: "x".repeat(300 * 1024), country: "BE" });
    expectError(response, 413, "PAYLOAD_TOO_LARGE");
  });

  it("refuses a VAT or company number that another account already uses", async () => {
    const first = await createAccount();
    const sameVat = await create({ name: "Copy", country: "BE", vatNumber: first.vatNumber!.toLowerCase() });
    expectError(sameVat, 409, "CONFLICT");
    expect(sameVat.body.error.message).toContain(first.vatNumber);
    expect(sameVat.body.error.details).toEqual([{ path: "vatNumber", message: "already used by another account" }]);

    const sameCompany = await create({ name: "Copy", country: "BE", companyNumber: `${first.companyNumber!.slice(0, 4)}.${first.companyNumber!.slice(4)}` });
    expectError(sameCompany, 409, "CONFLICT");
    expect(sameCompany.body.error.details[0].path).toBe("companyNumber");
  });

  it("lets the same company number exist in two countries", async () => {
    await create({ name: "Ltd GB", country: "GB", companyNumber: "01234567" });
    const response = await create({ name: "SARL FR", country: "FR", companyNumber: "01234567" });
    expect(response.status).toBe(201);
  });
});

describe("GET /v1/admin/accounts/{id}", () => {
  it("returns the account", async () => {
    const { id, account } = await createAccount();
    const response = await call("GET", `/v1/admin/accounts/${id}`, { token: adminToken() });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(account);
  });

  it("answers 404 for an unknown id", async () => {
    expectError(await call("GET", "/v1/admin/accounts/acc_01JD00000000000000000000XX", { token: adminToken() }), 404, "NOT_FOUND");
  });
});

describe("GET /v1/admin/accounts", () => {
  it("finds an account by its VAT or company number, however typed", async () => {
    const { id, vatNumber, companyNumber } = await createAccount();
    const byVat = await call("GET", `/v1/admin/accounts?vatNumber=${encodeURIComponent(`be ${vatNumber!.slice(2)}`)}`, { token: adminToken() });
    expect(byVat.body.items.map((a: { id: string }) => a.id)).toEqual([id]);
    const byCompany = await call("GET", `/v1/admin/accounts?companyNumber=${companyNumber!.slice(0, 4)}.${companyNumber!.slice(4)}`, { token: adminToken() });
    expect(byCompany.body.items.map((a: { id: string }) => a.id)).toEqual([id]);
  });

  it("pages newest first", async () => {
    const created = [];
    for (let i = 0; i < 3; i++) created.push((await createAccount()).id);
    const first = await call("GET", "/v1/admin/accounts?limit=2", { token: adminToken() });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].id).toBe(created[2]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await call("GET", `/v1/admin/accounts?limit=2&cursor=${cursor}`, { token: adminToken() });
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    const ids = seen.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(ids).toEqual(expect.arrayContaining(created));
  });

  it.each(["limit=0", "limit=201", "limit=ten"])("refuses %s", async (query) => {
    const response = await call("GET", `/v1/admin/accounts?${query}`, { token: adminToken() });
    expectError(response, 400, "VALIDATION_FAILED");
    expect(response.body.error.details[0].path).toBe("limit");
  });
});

describe("POST /v1/admin/accounts/{id}/api-keys", () => {
  it("issues another working key; the first one keeps working", async () => {
    const { id, apiKey } = await createAccount();
    const response = await call("POST", `/v1/admin/accounts/${id}/api-keys`, { token: adminToken() });
    expect(response.status).toBe(201);
    expect(response.body.apiKey).toMatch(/^eck_/);
    expect(response.body.apiKey).not.toBe(apiKey);
    for (const key of [apiKey, response.body.apiKey]) {
      expect((await call("GET", "/v1/account", { token: key })).body.id).toBe(id);
    }
  });

  it("answers 404 for an unknown account", async () => {
    expectError(await call("POST", "/v1/admin/accounts/acc_missing/api-keys", { token: adminToken() }), 404, "NOT_FOUND");
  });
});
