import { describe, expect, it } from "vitest";
import { belgianNumber, createAccount } from "../helpers/accounts.ts";
import { call, expectError } from "../helpers/api.ts";
import { createPartner } from "../helpers/partners.ts";

const channelsOff = [
  { channel: "email", enabled: false, recipients: expect.any(Array), recipientsFromProfile: true },
  { channel: "peppol", enabled: false, participantId: null, participantIdFromProfile: true, available: true },
];

describe("POST /v1/partners", () => {
  it("creates a customer with normalised identifiers, in the account's language by default", async () => {
    const { apiKey } = await createAccount({ language: "nl" });
    const number = belgianNumber();
    const response = await call("POST", "/v1/partners", {
      token: apiKey,
      body: {
        name: " Globex NV ",
        vatNumber: `be ${number.slice(0, 4)}.${number.slice(4, 7)}.${number.slice(7)}`,
        companyNumber: number,
        email: " ap@globex.example ",
        address: { street: "Kerkstraat 1", postalCode: "9000", city: "Gent", country: "be" },
        peppolId: `0208:${number.slice(0, 4)}.${number.slice(4, 7)}.${number.slice(7)}`,
      },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^ptn_[0-9A-Z]{26}$/),
      name: "Globex NV",
      roles: ["customer"],
      vatNumber: `BE${number}`,
      companyNumber: number,
      email: "ap@globex.example",
      language: "nl",
      address: { street: "Kerkstraat 1", postalCode: "9000", city: "Gent", country: "BE" },
      peppolId: `0208:${number}`,
      deliveryChannels: [
        { channel: "email", enabled: false, recipients: ["ap@globex.example"], recipientsFromProfile: true },
        { channel: "peppol", enabled: false, participantId: `0208:${number}`, participantIdFromProfile: true, available: true },
      ],
      archivedAt: null,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
    expect((await call("GET", `/v1/partners/${response.body.id}`, { token: apiKey })).body).toEqual(response.body);
  });

  it("creates a customer and switches email on in one call", async () => {
    const { apiKey } = await createAccount();
    const response = await call("POST", "/v1/partners", {
      token: apiKey,
      body: { name: "Initech BV", email: "invoices@initech.example", deliveryChannels: [{ channel: "email", enabled: true }] },
    });
    expect(response.status).toBe(201);
    expect(response.body.deliveryChannels[0]).toEqual({
      channel: "email",
      enabled: true,
      recipients: ["invoices@initech.example"],
      recipientsFromProfile: true,
    });
    const channels = await call("GET", `/v1/partners/${response.body.id}/delivery-channels`, { token: apiKey });
    expect(channels.body.items).toEqual(response.body.deliveryChannels);
  });

  it("takes a supplier, a foreign VAT number and the language given", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey, { roles: ["supplier", "customer"], vatNumber: "NL 0044.95.445B01", address: { country: "NL" }, language: "de" });
    expect(partner).toMatchObject({ roles: ["supplier", "customer"], vatNumber: "NL004495445B01", language: "de" });
    expect(partner.address).toEqual({ street: null, postalCode: null, city: null, country: "NL" });
  });

  it("reads a VAT number without prefix in the partner's country", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey, { vatNumber: "004495445B01", address: { country: "NL" } });
    expect(partner.vatNumber).toBe("NL004495445B01");
  });

  it("refuses, in one answer, every identifier that does not check out", async () => {
    const { apiKey } = await createAccount();
    const response = await call("POST", "/v1/partners", {
      token: apiKey,
      body: { name: "Typo BV", vatNumber: "BE0123456748", companyNumber: "12", peppolId: "0208:0123456748" },
    });
    expectError(response, 422, "VALIDATION_FAILED");
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toEqual(["vatNumber", "companyNumber", "peppolId"]);
    expect(response.body.error.details[0].message).toContain("check digits");
    expect((await call("GET", "/v1/partners", { token: apiKey })).body.items).toEqual([]);
  });

  it.each([
    ["an empty name", { name: " " }, "name"],
    ["no role", { name: "X", roles: [] }, "roles"],
    ["a role twice", { name: "X", roles: ["customer", "customer"] }, "roles"],
    ["an unknown role", { name: "X", roles: ["reseller"] }, "roles.0"],
    ["a language we do not write", { name: "X", language: "es" }, "language"],
    ["an unknown country", { name: "X", address: { country: "XX" } }, "address.country"],
    ["an address without country", { name: "X", address: { city: "Gent" } }, "address.country"],
    ["an email with a display name", { name: "X", email: "Globex <ap@globex.example>" }, "email"],
    ["two addresses in the email", { name: "X", email: "ap@globex.example,ceo@globex.example" }, "email"],
    ["a header smuggled into the email", { name: "X", email: "ap@globex.example\r\nBcc: all@evil.example" }, "email"],
    ["a local part over 64 characters", { name: "X", email: `${"a".repeat(65)}@globex.example` }, "email"],
    ["an address over 254 characters", { name: "X", email: `ap@${"d".repeat(62)}.${"e".repeat(62)}.${"f".repeat(62)}.${"g".repeat(62)}.example` }, "email"],
    ["a channel twice", { name: "X", email: "a@b.example", deliveryChannels: [{ channel: "email", enabled: true }, { channel: "email", enabled: false }] }, "deliveryChannels"],
    ["an unknown channel", { name: "X", deliveryChannels: [{ channel: "fax", enabled: true }] }, "deliveryChannels.0.channel"],
  ])("refuses %s with 400 naming the field", async (_what, body, path) => {
    const { apiKey } = await createAccount();
    const response = await call("POST", "/v1/partners", { token: apiKey, body });
    expectError(response, 400, "VALIDATION_FAILED");
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it("explains that a display name is not an address", async () => {
    const { apiKey } = await createAccount();
    const response = await call("POST", "/v1/partners", { token: apiKey, body: { name: "X", email: '"Globex" <ap@globex.example>' } });
    expect(response.body.error.details[0].message).toMatch(/bare address.*without a display name/);
  });

  it("refuses a second live partner with the same VAT number, however it is typed", async () => {
    const { apiKey } = await createAccount();
    const number = belgianNumber();
    const first = await createPartner(apiKey, { vatNumber: `BE${number}` });
    const response = await call("POST", "/v1/partners", { token: apiKey, body: { name: "Other", vatNumber: `be ${number.slice(0, 4)}.${number.slice(4, 7)}.${number.slice(7)}` } });
    expectError(response, 409, "CONFLICT");
    expect(response.body.error.message).toContain(first.id);
    expect(response.body.error.details).toEqual([{ path: "vatNumber", message: expect.any(String) }]);
  });

  it("lets two accounts have a partner with the same VAT number", async () => {
    const a = await createAccount();
    const b = await createAccount();
    const vatNumber = `BE${belgianNumber()}`;
    await createPartner(a.apiKey, { vatNumber });
    expect((await createPartner(b.apiKey, { vatNumber })).vatNumber).toBe(vatNumber);
  });
});

describe("GET /v1/partners", () => {
  async function accountWithPartners() {
    const { apiKey } = await createAccount();
    const number = belgianNumber();
    const globex = await createPartner(apiKey, { name: "Globex NV", email: "ap@globex.example", vatNumber: `BE${number}` });
    const initech = await createPartner(apiKey, { name: "Initech BV", email: "billing@initech.example", roles: ["supplier"] });
    const both = await createPartner(apiKey, { name: "Umbrella 100% Corp", email: "finance@umbrella.example", roles: ["customer", "supplier"] });
    return { apiKey, number, globex, initech, both };
  }
  const names = (response: { body: { items: { name: string }[] } }) => response.body.items.map((p) => p.name);

  it("lists newest first, with the channels of each", async () => {
    const { apiKey } = await accountWithPartners();
    const response = await call("GET", "/v1/partners", { token: apiKey });
    expect(response.status).toBe(200);
    expect(names(response)).toEqual(["Umbrella 100% Corp", "Initech BV", "Globex NV"]);
    expect(response.body.items[0].deliveryChannels).toEqual(channelsOff);
    expect(response.body.nextCursor).toBeNull();
  });

  it("filters by role", async () => {
    const { apiKey } = await accountWithPartners();
    expect(names(await call("GET", "/v1/partners?role=customer", { token: apiKey }))).toEqual(["Umbrella 100% Corp", "Globex NV"]);
    expect(names(await call("GET", "/v1/partners?role=supplier", { token: apiKey }))).toEqual(["Umbrella 100% Corp", "Initech BV"]);
    expectError(await call("GET", "/v1/partners?role=reseller", { token: apiKey }), 400, "VALIDATION_FAILED");
  });

  it("searches the name, the email and the VAT number, ignoring case and separators", async () => {
    const { apiKey, number } = await accountWithPartners();
    const search = (q: string) => call("GET", `/v1/partners?q=${encodeURIComponent(q)}`, { token: apiKey }).then(names);
    expect(await search("globex")).toEqual(["Globex NV"]);
    expect(await search("BILLING@")).toEqual(["Initech BV"]);
    expect(await search(`${number.slice(0, 4)}.${number.slice(4, 7)}`)).toEqual(["Globex NV"]);
    expect(await search("100%")).toEqual(["Umbrella 100% Corp"]);
    expect(await search("_")).toEqual([]);
    expect(await search("nobody")).toEqual([]);
  });

  it("pages with a cursor", async () => {
    const { apiKey } = await accountWithPartners();
    const first = await call("GET", "/v1/partners?limit=2", { token: apiKey });
    expect(names(first)).toEqual(["Umbrella 100% Corp", "Initech BV"]);
    const second = await call("GET", `/v1/partners?limit=2&cursor=${first.body.nextCursor}`, { token: apiKey });
    expect(names(second)).toEqual(["Globex NV"]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("shows an account only its own partners", async () => {
    const { apiKey } = await accountWithPartners();
    const other = await createAccount();
    await createPartner(other.apiKey, { name: "Someone Else", email: "ap@else.example" });
    expect(names(await call("GET", "/v1/partners", { token: other.apiKey }))).toEqual(["Someone Else"]);
    expect(names(await call("GET", "/v1/partners?q=globex", { token: other.apiKey }))).toEqual([]);
    expect(names(await call("GET", "/v1/partners", { token: apiKey }))).not.toContain("Someone Else");
  });
});

describe("PATCH /v1/partners/{id}", () => {
  it("changes the fields given and removes those set to null", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey, { vatNumber: `BE${belgianNumber()}`, address: { city: "Gent", country: "BE" } });
    const response = await call("PATCH", `/v1/partners/${partner.id}`, {
      token: apiKey,
      body: { email: "new@globex.example", vatNumber: null, language: "fr", roles: ["customer", "supplier"] },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: partner.name, email: "new@globex.example", vatNumber: null, language: "fr", roles: ["customer", "supplier"] });
    expect(response.body.address).toEqual(partner.address);
    expect(response.body.updatedAt >= partner.updatedAt).toBe(true);
    expect((await call("GET", `/v1/partners/${partner.id}`, { token: apiKey })).body).toEqual(response.body);
  });

  it("checks identifiers as creation does", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey);
    const response = await call("PATCH", `/v1/partners/${partner.id}`, { token: apiKey, body: { peppolId: "1234:abc" } });
    expectError(response, 422, "VALIDATION_FAILED");
    expect(response.body.error.details[0]).toEqual({ path: "peppolId", message: expect.stringContaining("not a usable Peppol identifier scheme") });
  });

  it("refuses the VAT number of another partner", async () => {
    const { apiKey } = await createAccount();
    const vatNumber = `BE${belgianNumber()}`;
    await createPartner(apiKey, { vatNumber });
    const other = await createPartner(apiKey, { name: "Other" });
    expectError(await call("PATCH", `/v1/partners/${other.id}`, { token: apiKey, body: { vatNumber } }), 409, "CONFLICT");
  });

  it("keeps a partner's own VAT number when other fields change", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey, { vatNumber: `BE${belgianNumber()}` });
    const response = await call("PATCH", `/v1/partners/${partner.id}`, { token: apiKey, body: { name: "Globex Holding NV", vatNumber: partner.vatNumber } });
    expect(response.status).toBe(200);
  });

  it.each([
    ["an empty name", { name: "" }],
    ["a null name", { name: null }],
    ["delivery channels, which have their own endpoints", { deliveryChannels: [] }],
  ])("refuses %s", async (_what, body) => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey);
    expectError(await call("PATCH", `/v1/partners/${partner.id}`, { token: apiKey, body }), 400, "VALIDATION_FAILED");
  });
});

describe("DELETE /v1/partners/{id}", () => {
  it("erases a partner without history, and frees its VAT number", async () => {
    const { apiKey } = await createAccount();
    const vatNumber = `BE${belgianNumber()}`;
    const partner = await createPartner(apiKey, { vatNumber, deliveryChannels: [{ channel: "email", enabled: true }] });
    const response = await call("DELETE", `/v1/partners/${partner.id}`, { token: apiKey });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: partner.id, outcome: "deleted" });
    expectError(await call("GET", `/v1/partners/${partner.id}`, { token: apiKey }), 404, "NOT_FOUND");
    expectError(await call("DELETE", `/v1/partners/${partner.id}`, { token: apiKey }), 404, "NOT_FOUND");
    expect((await createPartner(apiKey, { vatNumber })).vatNumber).toBe(vatNumber);
  });
});

describe("a partner of another account", () => {
  it("is not found, whatever is done with it", async () => {
    const a = await createAccount();
    const b = await createAccount();
    const partner = await createPartner(a.apiKey);
    const path = `/v1/partners/${partner.id}`;
    expectError(await call("GET", path, { token: b.apiKey }), 404, "NOT_FOUND");
    expectError(await call("PATCH", path, { token: b.apiKey, body: { name: "Hijacked" } }), 404, "NOT_FOUND");
    expectError(await call("DELETE", path, { token: b.apiKey }), 404, "NOT_FOUND");
    expectError(await call("GET", `${path}/delivery-channels`, { token: b.apiKey }), 404, "NOT_FOUND");
    expectError(await call("PUT", `${path}/delivery-channels/email`, { token: b.apiKey, body: { enabled: true } }), 404, "NOT_FOUND");
    expectError(await call("PUT", `${path}/delivery-channels/peppol`, { token: b.apiKey, body: { enabled: false } }), 404, "NOT_FOUND");
    const untouched = await call("GET", path, { token: a.apiKey });
    expect(untouched.body).toEqual(partner);
  });
});
