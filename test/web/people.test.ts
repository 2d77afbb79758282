import type { EmailMessage } from "cloudflare:email";
import { env } from "cloudflare:workers";
import PostalMime from "postal-mime";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createContext } from "../../src/context.ts";
import { authenticate } from "../../src/users/users.ts";
import { belgianNumber } from "../helpers/accounts.ts";
import { adminToken, call, expectError } from "../helpers/api.ts";
import { signedUpClient, STRONG_PASSWORD, textOf, WebClient } from "../helpers/web.ts";

afterEach(() => vi.restoreAllMocks());

const rawOf = (message: EmailMessage) => (message as unknown as Record<string, string>)["EmailMessage::raw"]!;

/** Spies on SEND_EMAIL (Cloudflare's side cannot run here) and reads the mails sent to people. */
function mailbox() {
  const spy = vi.spyOn(env.SEND_EMAIL, "send").mockResolvedValue({ messageId: "<x@mail.example.com>" });
  return {
    spy,
    async mails() {
      return Promise.all(
        spy.mock.calls.map(async ([message]) => {
          const parsed = await PostalMime.parse(rawOf(message as EmailMessage));
          return { to: (message as EmailMessage).to, subject: parsed.subject!, text: parsed.text!, link: /https?:\/\/\S+\/(invitations|reset-password)\/[\w-]+/.exec(parsed.text!)?.[0] ?? null };
        }),
      );
    },
  };
}

const pathOf = (link: string) => new URL(link).pathname;

describe("an operator's account and its owner's invitation", () => {
  it("returns the link, mails it in the account's language, and the owner signs in through it once", async () => {
    const box = mailbox();
    const number = belgianNumber();
    const ownerEmail = `owner-${number}@brasserie.example`;
    const created = await call("POST", "/v1/admin/accounts", {
      token: adminToken(),
      body: { name: "Brasserie Dupont SRL", country: "BE", vatNumber: `BE${number}`, language: "fr", ownerEmail },
    });
    expect(created.status).toBe(201);
    expect(created.body.invitation).toMatchObject({ email: ownerEmail, mailed: true, url: expect.stringMatching(/^http:\/\/localhost:8787\/invitations\/[\w-]{43}$/) });
    const [sent] = await box.mails();
    expect(sent).toMatchObject({ to: ownerEmail, subject: "Rejoignez Brasserie Dupont SRL pour recevoir et envoyer des factures", link: created.body.invitation.url });
    expect(sent!.text).toContain("en tant que propriétaire");

    const client = new WebClient();
    const page = await client.get(pathOf(created.body.invitation.url));
    expect(page.status).toBe(200);
    // The token in the path never leaves the site in a Referer (and "no-referrer" would make Chromium send `Origin: null`, which CSRF checks refuse).
    expect(page.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(textOf(page.html)).toContain("Join Brasserie Dupont SRL");
    const weak = await client.post(pathOf(created.body.invitation.url), { name: "Claire", password: "azertyuiop" });
    expect(weak.status).toBe(400);
    const accepted = await client.post(pathOf(created.body.invitation.url), { name: "Claire Dupont", password: STRONG_PASSWORD });
    expect(accepted.location).toBe("/connectors?notice=welcome");
    const team = await client.get("/team");
    expect(textOf(team.html)).toContain("Claire Dupont (you)");
    expect(textOf(team.html)).toContain("Owner");

    // The link worked once.
    expect((await new WebClient().get(pathOf(created.body.invitation.url))).status).toBe(404);
  });

  it("refuses an owner email that already signs in", async () => {
    const { email } = await signedUpClient();
    const response = await call("POST", "/v1/admin/accounts", { token: adminToken(), body: { name: "X", country: "BE", vatNumber: `BE${belgianNumber()}`, ownerEmail: email } });
    expectError(response, 409, "CONFLICT");
  });
});

describe("an owner invites a colleague", () => {
  it("mails the link; the colleague joins as a member and sees the account, but cannot invite", async () => {
    const { client } = await signedUpClient();
    const box = mailbox();
    await client.get("/team");
    const colleague = `bob-${belgianNumber()}@acme.example`;
    const invited = await client.post("/team/invitations", { email: colleague });
    expect(invited.location).toBe("/team?notice=invitationSent");
    expect(textOf((await client.get("/team")).html)).toContain(colleague);
    const [sent] = await box.mails();
    expect(sent).toMatchObject({ to: colleague, subject: "Join Acme Trading BV to receive and send invoices" });
    expect(sent!.text).toContain("Ann Owner invites you");

    const bob = new WebClient();
    await bob.get(pathOf(sent!.link!));
    await bob.post(pathOf(sent!.link!), { name: "Bob Member", password: STRONG_PASSWORD });
    const team = await bob.get("/team");
    expect(textOf(team.html)).toContain("Bob Member (you)");
    expect(team.html).not.toContain('action="/team/invitations"');
    const refused = await bob.post("/team/invitations", { email: `eve-${belgianNumber()}@acme.example` });
    expect(refused.status).toBe(403);
    expect(textOf(refused.html)).toContain("Only an owner of the account can do this.");
    expect(box.spy).toHaveBeenCalledTimes(1);
  });

  it("says so when the person is already in the team, and when the mail could not be sent", async () => {
    const { client, email } = await signedUpClient();
    await client.get("/team");
    const already = await client.post("/team/invitations", { email });
    expect(already.status).toBe(409);
    expect(already.html).toContain('<a href="#email">This person is already in the team</a>');
    vi.spyOn(env.SEND_EMAIL, "send").mockRejectedValue(Object.assign(new Error("no"), { code: "E_SENDER_NOT_VERIFIED" }));
    const notMailed = await client.post("/team/invitations", { email: `carl-${belgianNumber()}@acme.example` });
    expect(notMailed.location).toBe("/team?notice=invitationNotMailed");
  });

  it("withdraws an invitation: its link stops working", async () => {
    const { client } = await signedUpClient();
    const box = mailbox();
    await client.get("/team");
    await client.post("/team/invitations", { email: `dan-${belgianNumber()}@acme.example` });
    const [sent] = await box.mails();
    const id = /action="\/team\/invitations\/(inv_\w+)\/revoke"/.exec((await client.get("/team")).html)![1];
    expect((await client.post(`/team/invitations/${id}/revoke`)).location).toBe("/team?notice=invitationRevoked");
    expect((await new WebClient().get(pathOf(sent!.link!))).status).toBe(404);
  });
});

describe("a forgotten password", () => {
  it("mails a link to a known address only, answering the same for both", async () => {
    const { email } = await signedUpClient();
    const box = mailbox();
    const client = new WebClient();
    client.language = "nl";
    await client.get("/forgot-password");
    const known = await client.post("/forgot-password", { email });
    const unknown = await client.post("/forgot-password", { email: `nobody-${belgianNumber()}@acme.example` });
    expect(known.location).toBe("/sign-in?notice=resetLinkSent");
    expect(unknown.location).toBe(known.location);
    await vi.waitUntil(() => box.spy.mock.calls.length > 0);
    const mails = await box.mails();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: email, subject: "Kies een nieuw wachtwoord voor Acme Trading BV" });
  });

  it("sets the new password through the link, once, and signs every session out", async () => {
    const { client: signedIn, email } = await signedUpClient();
    const box = mailbox();
    const client = new WebClient();
    await client.get("/forgot-password");
    await client.post("/forgot-password", { email });
    await vi.waitUntil(() => box.spy.mock.calls.length > 0);
    const link = pathOf((await box.mails())[0]!.link!);
    await client.get(link);
    const done = await client.post(link, { password: "new-harbour-plum-77" });
    expect(done.location).toBe("/sign-in?notice=passwordReset");
    expect((await signedIn.get("/inbox")).status).toBe(303);
    expect(await authenticate(createContext(env), email, STRONG_PASSWORD)).toBeNull();
    expect(await authenticate(createContext(env), email, "new-harbour-plum-77")).not.toBeNull();
    const again = await new WebClient().get(link);
    expect(again.status).toBe(404);
    expect(textOf(again.html)).toContain("This link does not work any more");
  });
});

describe("settings", () => {
  it("changes the password after checking the current one", async () => {
    const { client, email } = await signedUpClient();
    await client.get("/settings");
    const wrong = await client.post("/settings/password", { currentPassword: "not-it-at-all", newPassword: "new-harbour-plum-77" });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain('<a href="#currentPassword">The current password is not right</a>');
    const ok = await client.post("/settings/password", { currentPassword: STRONG_PASSWORD, newPassword: "new-harbour-plum-77" });
    expect(ok.location).toBe("/settings?notice=passwordChanged");
    // This browser stays signed in.
    expect((await client.get("/settings")).status).toBe(200);
    expect(await authenticate(createContext(env), email, "new-harbour-plum-77")).not.toBeNull();
  });

  it("creates an API key shown once, which works on the API, and revokes it", async () => {
    const { client } = await signedUpClient();
    await client.get("/settings");
    const created = await client.post("/settings/api-keys");
    expect(created.status).toBe(201);
    const key = /eck_[\w-]+/.exec(created.html)![0];
    expect((await call("GET", "/v1/account", { token: key })).status).toBe(200);
    const page = await client.get("/settings");
    expect(page.html).not.toContain(key);
    const id = /action="\/settings\/api-keys\/(key_\w+)\/revoke"/.exec(page.html)![1];
    await client.post(`/settings/api-keys/${id}/revoke`);
    expectError(await call("GET", "/v1/account", { token: key }), 401, "UNAUTHENTICATED");
  });

  it("saves the company profile, for owners only", async () => {
    const { client } = await signedUpClient();
    await client.get("/settings");
    const saved = await client.post("/settings/profile", { name: "Acme Trading NV", contactEmail: "ap@acme.example", accountLanguage: "nl" });
    expect(saved.location).toBe("/settings?notice=profileSaved");
    expect(textOf((await client.get("/connectors")).html)).toContain("Acme Trading NV");
  });
});

describe("POST /v1/admin/accounts/{id}/invitations", () => {
  it("invites again, replacing the earlier link, and is for operators only", async () => {
    const box = mailbox();
    const number = belgianNumber();
    const ownerEmail = `owner-${number}@acme.example`;
    const created = await call("POST", "/v1/admin/accounts", { token: adminToken(), body: { name: "Acme BV", country: "BE", vatNumber: `BE${number}`, ownerEmail } });
    const again = await call("POST", `/v1/admin/accounts/${created.body.account.id}/invitations`, { token: adminToken(), body: { email: ownerEmail } });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ email: ownerEmail, mailed: true });
    expect(again.body.url).not.toBe(created.body.invitation.url);
    expect((await new WebClient().get(pathOf(created.body.invitation.url))).status).toBe(404);
    expect((await new WebClient().get(pathOf(again.body.url))).status).toBe(200);
    expect(box.spy).toHaveBeenCalledTimes(2);
    expectError(await call("POST", `/v1/admin/accounts/${created.body.account.id}/invitations`, { token: created.body.apiKey, body: { email: ownerEmail } }), 403, "FORBIDDEN");
    expectError(await call("POST", "/v1/admin/accounts/acc_nope/invitations", { token: adminToken(), body: { email: ownerEmail } }), 404, "NOT_FOUND");
  });
});
