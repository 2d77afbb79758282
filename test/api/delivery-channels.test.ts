import { describe, expect, it } from "vitest";
import { belgianNumber, createAccount } from "../helpers/accounts.ts";
import { call, envWithoutPeppol, expectError } from "../helpers/api.ts";
import { createPartner } from "../helpers/partners.ts";

const channelsPath = (id: string) => `/v1/partners/${id}/delivery-channels`;
const setEmail = (apiKey: string, id: string, body: unknown) => call("PUT", `${channelsPath(id)}/email`, { token: apiKey, body });
const setPeppol = (apiKey: string, id: string, body: unknown, env?: Env) => call("PUT", `${channelsPath(id)}/peppol`, { token: apiKey, body, env });
const emailChannel = (response: { body: { items: { channel: string }[] } }) => response.body.items.find((c) => c.channel === "email");
const peppolChannel = (response: { body: { items: { channel: string }[] } }) => response.body.items.find((c) => c.channel === "peppol");

describe("GET /v1/partners/{id}/delivery-channels", () => {
  it("lists every channel, all off for a new partner", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey, { peppolId: "0088:1548079098355" });
    const response = await call("GET", channelsPath(partner.id), { token: apiKey });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      items: [
        { channel: "email", enabled: false, recipients: ["ap@globex.example"], recipientsFromProfile: true },
        { channel: "peppol", enabled: false, participantId: "0088:1548079098355", participantIdFromProfile: true, available: true },
      ],
    });
  });

  it("answers 404 for an unknown partner", async () => {
    const { apiKey } = await createAccount();
    expectError(await call("GET", channelsPath("ptn_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I"), { token: apiKey }), 404, "NOT_FOUND");
  });
});

describe("PUT /v1/partners/{id}/delivery-channels/email", () => {
  it("switches email on for an existing customer, sending to the profile's email", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey);
    const response = await setEmail(apiKey, partner.id, { enabled: true });
    expect(response.status).toBe(200);
    expect(emailChannel(response)).toEqual({ channel: "email", enabled: true, recipients: ["ap@globex.example"], recipientsFromProfile: true });
    expect((await call("GET", `/v1/partners/${partner.id}`, { token: apiKey })).body.deliveryChannels).toEqual(response.body.items);
  });

  it("follows the profile's email when it changes", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey);
    await setEmail(apiKey, partner.id, { enabled: true });
    await call("PATCH", `/v1/partners/${partner.id}`, { token: apiKey, body: { email: "accounts@globex.example" } });
    expect(emailChannel(await call("GET", channelsPath(partner.id), { token: apiKey }))).toMatchObject({ recipients: ["accounts@globex.example"] });
  });

  it("asks for an email address first when the partner has none", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey, { email: null });
    const response = await setEmail(apiKey, partner.id, { enabled: true });
    expectError(response, 422, "VALIDATION_FAILED");
    expect(response.body.error.message).toContain("add an email address to the partner first");
    expect(response.body.error.details).toEqual([{ path: "recipients", message: response.body.error.message }]);
    expect(emailChannel(await call("GET", channelsPath(partner.id), { token: apiKey }))).toMatchObject({ enabled: false });
  });

  it("refuses the same at creation, creating nothing", async () => {
    const { apiKey } = await createAccount();
    const response = await call("POST", "/v1/partners", { token: apiKey, body: { name: "No Mail BV", deliveryChannels: [{ channel: "email", enabled: true }] } });
    expectError(response, 422, "VALIDATION_FAILED");
    expect(response.body.error.details[0].path).toBe("deliveryChannels.0.recipients");
    expect((await call("GET", "/v1/partners", { token: apiKey })).body.items).toEqual([]);
  });

  it("sends to recipients of its own, without duplicates, and keeps them while switched off", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey, { email: null });
    const recipients = ["ap@globex.example", "AP@globex.example", "controller@globex.example"];
    const on = await setEmail(apiKey, partner.id, { enabled: true, recipients });
    expect(emailChannel(on)).toEqual({ channel: "email", enabled: true, recipients: ["ap@globex.example", "controller@globex.example"], recipientsFromProfile: false });

    const off = await setEmail(apiKey, partner.id, { enabled: false });
    expect(emailChannel(off)).toMatchObject({ enabled: false, recipients: ["ap@globex.example", "controller@globex.example"] });
    expect(emailChannel(await setEmail(apiKey, partner.id, { enabled: true }))).toMatchObject({ enabled: true, recipientsFromProfile: false });
  });

  it("goes back to the profile's email when recipients are set to null", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey);
    await setEmail(apiKey, partner.id, { enabled: true, recipients: ["other@globex.example"] });
    const response = await setEmail(apiKey, partner.id, { enabled: true, recipients: null });
    expect(emailChannel(response)).toEqual({ channel: "email", enabled: true, recipients: ["ap@globex.example"], recipientsFromProfile: true });
  });

  it.each([
    ["no enabled flag", { recipients: ["a@b.example"] }, "enabled"],
    ["an empty list", { enabled: true, recipients: [] }, "recipients"],
    ["51 recipients, over Cloudflare's per-message limit", { enabled: true, recipients: Array.from({ length: 51 }, (_, i) => `r${i}@globex.example`) }, "recipients"],
    ["a bad address among them", { enabled: true, recipients: ["a@globex.example", "Bob <b@globex.example>"] }, "recipients.1"],
  ])("refuses %s", async (_what, body, path) => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey);
    const response = await setEmail(apiKey, partner.id, body);
    expectError(response, 400, "VALIDATION_FAILED");
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it("takes 50 recipients", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey);
    const recipients = Array.from({ length: 50 }, (_, i) => `r${i}@globex.example`);
    expect(emailChannel(await setEmail(apiKey, partner.id, { enabled: true, recipients }))).toMatchObject({ recipients });
  });
});

describe("removing the address a switched-on channel delivers to", () => {
  it("is refused for the email, with what to do instead", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey);
    await setEmail(apiKey, partner.id, { enabled: true });
    const response = await call("PATCH", `/v1/partners/${partner.id}`, { token: apiKey, body: { email: null } });
    expectError(response, 422, "VALIDATION_FAILED");
    expect(response.body.error.details[0].path).toBe("email");
    expect(response.body.error.message).toMatch(/switch it off/);
    expect((await call("GET", `/v1/partners/${partner.id}`, { token: apiKey })).body.email).toBe("ap@globex.example");
  });

  it("is allowed once the channel is off, or has recipients of its own", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey);
    await setEmail(apiKey, partner.id, { enabled: true, recipients: ["controller@globex.example"] });
    expect((await call("PATCH", `/v1/partners/${partner.id}`, { token: apiKey, body: { email: null } })).status).toBe(200);

    const other = await createPartner(apiKey, { name: "Other" });
    await setEmail(apiKey, other.id, { enabled: true });
    await setEmail(apiKey, other.id, { enabled: false });
    expect((await call("PATCH", `/v1/partners/${other.id}`, { token: apiKey, body: { email: null } })).status).toBe(200);
  });

  it("is refused for the Peppol id", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey, { peppolId: `0208:${belgianNumber()}` });
    await setPeppol(apiKey, partner.id, { enabled: true });
    const response = await call("PATCH", `/v1/partners/${partner.id}`, { token: apiKey, body: { peppolId: null } });
    expectError(response, 422, "VALIDATION_FAILED");
    expect(response.body.error.details[0].path).toBe("peppolId");
  });
});

describe("PUT /v1/partners/{id}/delivery-channels/peppol", () => {
  it("switches Peppol on with the profile's participant id, beside email", async () => {
    const { apiKey } = await createAccount();
    const number = belgianNumber();
    const partner = await createPartner(apiKey, { peppolId: `0208:${number}` });
    await setEmail(apiKey, partner.id, { enabled: true });
    const response = await setPeppol(apiKey, partner.id, { enabled: true });
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      { channel: "email", enabled: true, recipients: ["ap@globex.example"], recipientsFromProfile: true },
      { channel: "peppol", enabled: true, participantId: `0208:${number}`, participantIdFromProfile: true, available: true },
    ]);
  });

  it("takes a participant id of its own, checked and normalised", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey);
    const number = belgianNumber();
    const response = await setPeppol(apiKey, partner.id, { enabled: true, participantId: `iso6523-actorid-upis::9925:be${number}` });
    expect(peppolChannel(response)).toMatchObject({ enabled: true, participantId: `9925:BE${number}`, participantIdFromProfile: false });

    const bad = await setPeppol(apiKey, partner.id, { enabled: true, participantId: "0088:1548079098356" });
    expectError(bad, 422, "VALIDATION_FAILED");
    expect(bad.body.error.details).toEqual([{ path: "participantId", message: expect.stringContaining("check digits of the GLN") }]);
  });

  it("asks for a participant id first when there is none", async () => {
    const { apiKey } = await createAccount();
    const partner = await createPartner(apiKey);
    const response = await setPeppol(apiKey, partner.id, { enabled: true });
    expectError(response, 422, "VALIDATION_FAILED");
    expect(response.body.error.details[0].path).toBe("participantId");
    expect(response.body.error.message).toContain("Peppol participant id first");
  });

  it("can be switched on at creation", async () => {
    const { apiKey } = await createAccount();
    const response = await call("POST", "/v1/partners", {
      token: apiKey,
      body: { name: "Both BV", email: "ap@both.example", peppolId: "0088:1548079098355", deliveryChannels: [{ channel: "peppol", enabled: true }, { channel: "email", enabled: true }] },
    });
    expect(response.status).toBe(201);
    expect(response.body.deliveryChannels.map((c: { enabled: boolean }) => c.enabled)).toEqual([true, true]);
  });

  describe("without the Peppol connector's queue (PEPPOL_QUEUE unbound)", () => {
    it("cannot be switched on, and says why", async () => {
      const { apiKey } = await createAccount();
      const partner = await createPartner(apiKey, { peppolId: "0088:1548079098355" });
      const response = await setPeppol(apiKey, partner.id, { enabled: true }, envWithoutPeppol());
      expectError(response, 409, "CONFLICT");
      expect(response.body.error.message).toContain("PEPPOL_QUEUE");
      const channels = await call("GET", channelsPath(partner.id), { token: apiKey, env: envWithoutPeppol() });
      expect(peppolChannel(channels)).toMatchObject({ enabled: false, available: false });
    });

    it("refuses it at creation too, and creates nothing", async () => {
      const { apiKey } = await createAccount();
      const response = await call("POST", "/v1/partners", {
        token: apiKey,
        env: envWithoutPeppol(),
        body: { name: "Peppol BV", peppolId: "0088:1548079098355", deliveryChannels: [{ channel: "peppol", enabled: true }] },
      });
      expectError(response, 409, "CONFLICT");
      expect((await call("GET", "/v1/partners", { token: apiKey })).body.items).toEqual([]);
    });

    it("can still be switched off, and email works as usual", async () => {
      const { apiKey } = await createAccount();
      const partner = await createPartner(apiKey, { peppolId: "0088:1548079098355" });
      await setPeppol(apiKey, partner.id, { enabled: true });
      const off = await setPeppol(apiKey, partner.id, { enabled: false }, envWithoutPeppol());
      expect(peppolChannel(off)).toMatchObject({ enabled: false, available: false });
      const email = await call("PUT", `${channelsPath(partner.id)}/email`, { token: apiKey, body: { enabled: true }, env: envWithoutPeppol() });
      expect(emailChannel(email)).toMatchObject({ enabled: true });
    });
  });
});
