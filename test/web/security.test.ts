import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../../src/web/middleware/security-headers.ts";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";
import { makePdf } from "../helpers/documents.ts";
import { deliverAndSettle } from "../helpers/mail.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";
import { readyToSend } from "../helpers/sales-invoices.ts";
import { signedUpClient, STRONG_PASSWORD, textOf, WebClient } from "../helpers/web.ts";

const connectorStatus = async (vatNumber: string) =>
  (await env.DB.prepare("SELECT c.status FROM connectors c JOIN accounts a ON a.id = c.account_id WHERE a.vat_number = ?").bind(vatNumber).first<{ status: string }>())?.status;

describe("CSRF", () => {
  it("refuses a state-changing form without its token, with a wrong one, or from another site, and changes nothing", async () => {
    const { client, vatNumber } = await signedUpClient();
    await client.get("/connectors");
    await client.post("/connectors/email/install");
    expect(await connectorStatus(vatNumber)).toBe("active");

    const without = await client.post("/connectors/email/deactivate", {}, { csrf: false });
    expect(without.status).toBe(403);
    expect(textOf(without.html)).toContain("The form was too old or came from another site, so nothing was changed.");
    expect((await client.post("/connectors/email/deactivate", {}, { csrf: "x".repeat(43) })).status).toBe(403);
    expect((await client.post("/connectors/email/deactivate", {}, { origin: "https://evil.example" })).status).toBe(403);
    // Without Origin, the browser's Sec-Fetch-Site says where it came from.
    const crossSite = await client.fetch("/connectors/email/deactivate", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site" },
      body: `_csrf=${encodeURIComponent(client.csrf)}`,
    });
    expect(crossSite.status).toBe(403);
    expect(await connectorStatus(vatNumber)).toBe("active");

    // The token of another person's session does not work either.
    const { client: other } = await signedUpClient();
    expect((await client.post("/connectors/email/deactivate", {}, { csrf: other.csrf })).status).toBe(403);
    expect(await connectorStatus(vatNumber)).toBe("active");

    expect((await client.post("/connectors/email/deactivate")).status).toBe(303);
    expect(await connectorStatus(vatNumber)).toBe("inactive");
  });

  it("protects the forms used before sign-in with a signed double submit", async () => {
    const { email } = await signedUpClient();
    const client = new WebClient();
    await client.get("/sign-in");
    const cookie = client.cookies.get("__Host-csrf")!;
    expect(client.csrf.startsWith(`${cookie}.`)).toBe(true);
    // Without the cookie, or with a token whose signature was made up, nobody signs in.
    const noCookie = new WebClient();
    noCookie.csrf = client.csrf;
    expect((await noCookie.post("/sign-in", { email, password: STRONG_PASSWORD })).status).toBe(403);
    expect((await client.post("/sign-in", { email, password: STRONG_PASSWORD }, { csrf: `${cookie}.forged` })).status).toBe(403);
    // A cookie an attacker planted does not verify with a token they made up.
    const planted = new WebClient();
    planted.cookies.set("__Host-csrf", "A".repeat(43));
    expect((await planted.post("/sign-in", { email, password: STRONG_PASSWORD }, { csrf: `${"A".repeat(43)}.${"B".repeat(43)}` })).status).toBe(403);
    expect((await client.post("/sign-in", { email, password: STRONG_PASSWORD })).status).toBe(303);
  });

  it("gives the CSRF cookie the same flags as the session's", async () => {
    const page = await new WebClient().get("/sign-in");
    const cookie = page.headers.getSetCookie().find((c) => c.startsWith("__Host-csrf="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
  });
});

describe("headers", () => {
  it("serves every page with the strict Content-Security-Policy and its companions", async () => {
    const { client } = await signedUpClient();
    for (const path of ["/sign-in", "/connectors", "/inbox", "/purchase-invoices", "/settings", "/team", "/nothing-here"]) {
      const page = path === "/sign-in" ? await new WebClient().get(path) : await client.get(path);
      expect(page.headers.get("Content-Security-Policy"), path).toBe(CONTENT_SECURITY_POLICY);
      expect(page.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(page.headers.get("Referrer-Policy")).toBe("same-origin");
      expect(page.headers.get("Cache-Control")).toBe("no-store");
      expect(page.html).not.toMatch(/<script(?![^>]*\ssrc="\/app\.js")/);
      expect(page.html).not.toMatch(/\sstyle="/);
      expect(page.html).not.toMatch(/\son[a-z]+="/);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toContain("unsafe-inline");
  });

  it("keeps the API's JSON errors for /v1 and the web app's pages for the rest", async () => {
    expect((await call("GET", "/v1/nothing")).body.error.code).toBe("NOT_FOUND");
    const { client } = await signedUpClient();
    const page = await client.get("/nothing-here");
    expect(page.status).toBe(404);
    expect(page.headers.get("Content-Type")).toMatch(/text\/html/);
  });
});

describe("what came by mail", () => {
  const hostile = ['<img src=x onerror="alert(1)">', '"><script>alert(2)</script>'];

  it("renders a hostile subject, sender and file name as text, in the inbox, the mail and the purchase invoice", async () => {
    const { client, vatNumber } = await signedUpClient();
    await client.post("/connectors/email/install");
    const account = { apiKey: "", vatAddress: `${vatNumber.toLowerCase()}@${env.INBOUND_DOMAIN}` };
    const keyPage = await client.post("/settings/api-keys");
    account.apiKey = /eck_[\w-]+/.exec(keyPage.html)![0];
    const raw = mail(multipart("mixed", text("x"), attachment(`${hostile[0]}.pdf`, "application/pdf", makePdf()), attachment(`${hostile[1]}.exe`, "application/octet-stream", new Uint8Array([0x4d, 0x5a, 0x90, 0]))), {
      to: account.vatAddress,
      subject: `${hostile[0]} ${hostile[1]}`,
      from: `"${hostile[1]}" <billing@supplier.example>`,
    });
    const message = await deliverAndSettle(raw, account);
    const invoiceId = message.documents[0];
    for (const path of ["/inbox?show=all", `/inbox/mails/${message.id}`, `/purchase-invoices/${invoiceId}`, "/purchase-invoices"]) {
      const page = await client.get(path);
      expect(page.status, path).toBe(200);
      expect(page.html, path).not.toContain("<img src=x");
      expect(page.html, path).not.toContain("<script>alert");
      expect(page.html, path).toContain("&lt;img src=x onerror=");
      // The list shows the file name (made safe when stored); the other pages show the subject as it came.
      if (path !== "/purchase-invoices") expect(textOf(page.html), path).toContain('<img src=x onerror="alert(1)">');
    }
  });

  it("serves a purchase invoice's file as a download, never inline", async () => {
    const { client, vatNumber } = await signedUpClient();
    await client.post("/connectors/email/install");
    const apiKey = /eck_[\w-]+/.exec((await client.post("/settings/api-keys")).html)![0];
    const message = await deliverAndSettle(mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", makePdf()))), {
      apiKey,
      vatAddress: `${vatNumber.toLowerCase()}@${env.INBOUND_DOMAIN}`,
    });
    const file = await client.get(`/purchase-invoices/${message.documents[0]}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Disposition")).toMatch(/^attachment; filename="invoice\.pdf"/);
    expect(file.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(file.headers.get("Content-Security-Policy")).toBe("default-src 'none'; sandbox");
  });
});

describe("another account's things", () => {
  it("answer 404 on every page and download, exactly as an unknown id does", async () => {
    const owner = await createAccountWithConnector();
    const message = await deliverAndSettle(
      mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", makePdf()), attachment("terms.pdf", "application/pdf", makePdf())), { to: owner.vatAddress }),
      owner,
    );
    const [invoice, terms] = message.files.map((f: any) => f);
    const { client } = await signedUpClient();
    for (const path of [
      `/purchase-invoices/${invoice.purchaseInvoiceId}`,
      `/purchase-invoices/${invoice.purchaseInvoiceId}/file`,
      `/inbox/mails/${message.id}`,
      `/inbox/mails/${message.id}/files/${terms.id}/reclassify`,
      "/purchase-invoices/pin_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I",
    ]) {
      const page = await client.get(path);
      expect(page.status, path).toBe(404);
      expect(textOf(page.html)).toContain("Page not found");
    }
    const post = await client.post(`/inbox/mails/${message.id}/files/${terms.id}/reclassify`, { [`placement-${terms.id}`]: invoice.purchaseInvoiceId });
    expect(post.status).toBe(404);
    expect((await call("GET", "/v1/purchase-invoices", { token: owner.apiKey })).body.items).toHaveLength(2);
  });

  it("answer 404 on part 2's pages too (partners, their channels and invoices, sales invoices, downloads), and change nothing", async () => {
    const { apiKey, customer, invoice } = await readyToSend();
    const { client } = await signedUpClient();
    for (const path of [
      `/partners/${customer.id}`,
      `/partners/${customer.id}/channels`,
      `/partners/${customer.id}/setup`,
      `/partners/${customer.id}/invoices`,
      `/sales-invoices/${invoice.id}`,
      `/sales-invoices/${invoice.id}/file`,
    ]) {
      const page = await client.get(path);
      expect(page.status, path).toBe(404);
    }
    await client.get("/partners");
    for (const [path, form] of [
      [`/partners/${customer.id}`, { name: "Taken over" }],
      [`/partners/${customer.id}/channels/email`, {}],
      [`/partners/${customer.id}/setup`, { channels: "email" }],
      [`/sales-invoices/${invoice.id}/send`, {}],
    ] as const) {
      expect((await client.post(path, form)).status, path).toBe(404);
    }
    const after = (await call("GET", `/v1/partners/${customer.id}`, { token: apiKey })).body;
    expect(after.name).toBe(customer.name);
    expect(after.deliveryChannels).toEqual(customer.deliveryChannels);
    expect((await call("GET", `/v1/sales-invoices/${invoice.id}/deliveries`, { token: apiKey })).body.items ?? []).toEqual([]);
  });
});
