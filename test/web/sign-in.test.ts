import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createContext } from "../../src/context.ts";
import { createWebApp } from "../../src/web/app.tsx";
import { sessionExpired } from "../../src/users/sessions.ts";
import { SESSION_ABSOLUTE_SECONDS, SESSION_IDLE_SECONDS } from "../../src/users/limits.ts";
import { belgianNumber } from "../helpers/accounts.ts";
import { signedUpClient, STRONG_PASSWORD, textOf, WebClient } from "../helpers/web.ts";

const sessionCookie = (page: { headers: Headers }) => page.headers.getSetCookie().find((c) => c.startsWith("__Host-session="));

describe("sign-up", () => {
  it("creates the account and its owner, signs them in with a cookie that carries every flag, and greets them", async () => {
    const client = new WebClient();
    await client.get("/sign-up");
    const number = belgianNumber();
    const page = await client.post("/sign-up", {
      companyName: "Brasserie Dupont SRL",
      country: "BE",
      vatNumber: `BE ${number.slice(0, 4)}.${number.slice(4, 7)}.${number.slice(7)}`,
      companyNumber: "",
      name: "Claire Dupont",
      email: `Claire-${number}@Dupont.example`,
      password: STRONG_PASSWORD,
    });
    expect(page.status).toBe(303);
    expect(page.location).toBe("/connectors?notice=welcome");
    const cookie = sessionCookie(page)!;
    expect(cookie).toMatch(/^__Host-session=[\w-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    const connectors = await client.get("/connectors?notice=welcome");
    expect(textOf(connectors.html)).toContain("Welcome. Start by installing the email connector.");
    expect(textOf(connectors.html)).toContain("Brasserie Dupont SRL");
    expect(textOf(connectors.html)).toContain("Claire Dupont");
    const row = await env.DB.prepare("SELECT u.email, u.role, a.vat_number FROM users u JOIN accounts a ON a.id = u.account_id WHERE u.email = ?")
      .bind(`claire-${number}@dupont.example`)
      .first();
    expect(row).toEqual({ email: `claire-${number}@dupont.example`, role: "owner", vat_number: `BE${number}` });
  });

  it("lists every problem in an error summary that links to its field, keeping what was typed", async () => {
    const client = new WebClient();
    await client.get("/sign-up");
    const page = await client.post("/sign-up", { companyName: "", country: "BE", vatNumber: "", companyNumber: "", name: "Ann", email: "not-an-address", password: "short" });
    expect(page.status).toBe(400);
    expect(page.html).toContain("<title>Error: Create an account");
    expect(page.html).toContain('<a href="#companyName">Enter the company name</a>');
    expect(page.html).toContain('<a href="#vatNumber">Enter the VAT number or the company number</a>');
    expect(page.html).toContain('<a href="#email">Enter an email address in the right form, like name@example.com</a>');
    expect(page.html).toMatch(/id="email"[^>]*value="not-an-address"/);
    expect(page.html).toMatch(/id="email"[^>]*aria-describedby="email-hint email-error"/);
    // The password is never sent back.
    expect(page.html).not.toContain('value="short"');
  });

  it("refuses a wrong check digit, a number another account has, a common password and an address already in use", async () => {
    const { client: first, email, vatNumber } = await signedUpClient();
    const client = new WebClient();
    await client.get("/sign-up");
    const base = { companyName: "Other BV", country: "BE", companyNumber: "", name: "Bob", password: STRONG_PASSWORD };
    const badDigits = await client.post("/sign-up", { ...base, vatNumber: "BE0123456789", email: `bob-${belgianNumber()}@other.example` });
    expect(textOf(badDigits.html)).toContain("Enter a valid VAT number, like BE0123456749");
    const taken = await client.post("/sign-up", { ...base, vatNumber, email: `bob-${belgianNumber()}@other.example` });
    expect(taken.status).toBe(409);
    expect(textOf(taken.html)).toContain("Another account already uses this number");
    const common = await client.post("/sign-up", { ...base, vatNumber: `BE${belgianNumber()}`, email: `bob-${belgianNumber()}@other.example`, password: "Password123" });
    expect(textOf(common.html)).toContain("This password is too common");
    const sameEmail = await client.post("/sign-up", { ...base, vatNumber: `BE${belgianNumber()}`, email });
    expect(sameEmail.status).toBe(409);
    expect(textOf(sameEmail.html)).toContain("Someone already signs in with this email address");
    expect(first.cookies.has("__Host-session")).toBe(true);
  });

  it("is closed when the operator switches SIGN_UP off", async () => {
    const closed = { ...env, SIGN_UP: "off" } as Env;
    const app = createWebApp();
    const page = await app.fetch(new Request("https://connector.test/sign-up"), closed, { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext);
    expect(page.status).toBe(404);
    expect(textOf(await page.text())).toContain("New accounts are created by your provider. Ask them for an invitation.");
    const signIn = await app.fetch(new Request("https://connector.test/sign-in"), closed, { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext);
    expect(await signIn.text()).not.toContain('href="/sign-up"');
  });
});

describe("sign-in and sign-out", () => {
  it("signs in with a new session each time, and sign-out ends it", async () => {
    const { client, email } = await signedUpClient();
    const before = client.cookies.get("__Host-session");
    await client.get("/sign-in");
    const page = await client.post("/sign-in", { email: email.toUpperCase(), password: STRONG_PASSWORD, next: "/inbox" });
    expect(page.status).toBe(303);
    expect(page.location).toBe("/inbox");
    const after = client.cookies.get("__Host-session");
    expect(after).not.toBe(before);
    // The session it replaced is over.
    const stale = new WebClient();
    stale.cookies.set("__Host-session", before!);
    expect((await stale.get("/inbox")).location).toBe("/sign-in?next=%2Finbox");

    await client.get("/inbox");
    const out = await client.post("/sign-out");
    expect(out.location).toBe("/sign-in?notice=signedOut");
    const replay = new WebClient();
    replay.cookies.set("__Host-session", after!);
    expect((await replay.get("/connectors")).status).toBe(303);
  });

  it("says the same for an unknown address and a wrong password", async () => {
    const { email } = await signedUpClient();
    const client = new WebClient();
    await client.get("/sign-in");
    const wrong = await client.post("/sign-in", { email, password: "not-the-password-1" });
    const unknown = await client.post("/sign-in", { email: `nobody-${belgianNumber()}@acme.example`, password: "not-the-password-1" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(textOf(wrong.html)).toContain("The email address or the password is not right");
    expect(textOf(unknown.html).replace(/nobody-\S+/, "")).toBe(textOf(wrong.html).replace(email, ""));
  });

  it("throttles attempts on one address: the sixth in a minute gets 429 and a clear message, even with the right password", async () => {
    const { email } = await signedUpClient();
    const client = new WebClient();
    await client.get("/sign-in");
    for (let i = 0; i < 5; i++) expect((await client.post("/sign-in", { email, password: `wrong-password-${i}` })).status).toBe(401);
    const blocked = await client.post("/sign-in", { email, password: STRONG_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(textOf(blocked.html)).toContain("Too many attempts. Wait a minute, then try again.");
    expect(blocked.headers.getSetCookie().some((c) => c.startsWith("__Host-session="))).toBe(false);
  });

  it("sends a person who is not signed in to sign in, and back to the page after", async () => {
    const page = await new WebClient().get("/purchase-invoices?format=pdf");
    expect(page.status).toBe(303);
    expect(page.location).toBe("/sign-in?next=%2Fpurchase-invoices%3Fformat%3Dpdf");
  });

  it("never sends a person to another site after sign-in", async () => {
    const { email } = await signedUpClient();
    for (const next of ["https://evil.example/", "//evil.example/x", "/\\evil.example"]) {
      const client = new WebClient();
      await client.get("/sign-in");
      const page = await client.post("/sign-in", { email, password: STRONG_PASSWORD, next });
      expect(page.location).toBe("/connectors");
    }
  });

  it("ends a session after the idle time and after the absolute time, however active", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
    const later = new Date(now.getTime() + 1000).toISOString();
    expect(sessionExpired({ lastSeenAt: ago(SESSION_IDLE_SECONDS - 60), expiresAt: later }, now)).toBe(false);
    expect(sessionExpired({ lastSeenAt: ago(SESSION_IDLE_SECONDS + 1), expiresAt: later }, now)).toBe(true);
    expect(sessionExpired({ lastSeenAt: ago(1), expiresAt: ago(0) }, now)).toBe(true);
    expect(SESSION_ABSOLUTE_SECONDS).toBeGreaterThan(SESSION_IDLE_SECONDS);
  });

  it("signs out everywhere: every session of the user ends", async () => {
    const { client, email } = await signedUpClient();
    const other = new WebClient();
    await other.get("/sign-in");
    await other.post("/sign-in", { email, password: STRONG_PASSWORD });
    expect((await other.get("/inbox")).status).toBe(200);
    await client.get("/settings");
    const page = await client.post("/settings/sign-out-everywhere");
    expect(page.location).toBe("/sign-in?notice=signedOutEverywhere");
    expect((await other.get("/inbox")).status).toBe(303);
    const ctx = createContext(env);
    const left = await ctx.env.DB.prepare("SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?").bind(email).first<{ n: number }>();
    expect(left!.n).toBe(0);
  });
});
