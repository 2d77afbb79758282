import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../helpers/documents.ts";
import { belgianNumber } from "../helpers/numbers.ts";
import { bytesOf, FACTS, serialise, ublInvoice } from "../helpers/einvoice.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";
import { expectAccessible, launch, mailTo, newPerson, plainText, reloadUntil, run, screenshots, sendMail } from "./harness.ts";

if (!run.available) console.warn(run.reason);

const PASSWORD = "plum-harbour-violet-42";
const SUPPLIER = "billing@supplier.example";

/** The element that has focus: its tag, id, and whether it is inside an open dialog. */
const focused = (page: Page) =>
  page.evaluate<{ tag?: string; id?: string; text?: string; inDialog: boolean }>(`(() => {
    const el = document.activeElement;
    return { tag: el?.tagName.toLowerCase(), id: el?.id, text: el?.textContent?.trim(), inDialog: Boolean(el?.closest("dialog[open]")) };
  })()`);

describe.skipIf(!run.available)("the web app in a browser", () => {
  let browser: Browser;
  let owner: { context: BrowserContext; page: Page };
  const number = belgianNumber();
  const ownerEmail = `ann-${number}@acme.example`;
  const vatAddress = `be${number}@invoices.example.com`;
  let invoiceUrl = "";

  beforeAll(async () => {
    browser = await launch();
    owner = await newPerson(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("signs up with the keyboard alone", async () => {
    const { page } = owner;
    await page.goto("/sign-in");
    await expectAccessible(page);
    await screenshots(page, "sign-in");
    await page.goto("/sign-up");
    await expectAccessible(page);
    // Tab from the top: the skip link first, then into the page.
    await page.keyboard.press("Tab");
    expect((await focused(page)).text).toBe("Skip to main content");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe("companyName");
    await page.keyboard.type("Acme Trading BV");
    await page.keyboard.press("Tab"); // country: Belgium is chosen
    await page.keyboard.press("Tab");
    await page.keyboard.type(`BE${number}`);
    await page.keyboard.press("Tab");
    await page.keyboard.type(number);
    await page.keyboard.press("Tab");
    await page.keyboard.type("Ann Owner");
    await page.keyboard.press("Tab");
    await page.keyboard.type(ownerEmail);
    await page.keyboard.press("Tab");
    await page.keyboard.type("short");
    await page.keyboard.press("Enter");
    // The error summary takes focus; its link leads to the field.
    await page.waitForURL("**/sign-up");
    expect((await focused(page)).text).toContain("There is a problem");
    await expectAccessible(page, "sign-up with errors");
    await screenshots(page, "sign-up-errors");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect((await focused(page)).id).toBe("password");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/connectors?notice=welcome");
    await expect.poll(() => page.innerText("main")).toContain("Welcome. Start by installing the email connector.");
  });

  it("installs the email connector, opens it and copies an import address", async () => {
    const { page } = owner;
    await expectAccessible(page);
    await screenshots(page, "connectors");
    await page.getByRole("button", { name: "Install" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL("**/connectors/email?notice=connectorInstalled");
    await expect.poll(() => page.innerText("main")).toContain(vatAddress);
    await expectAccessible(page);
    await screenshots(page, "email-connector");
    const copy = page.getByRole("button", { name: "Copy address" }).first();
    await copy.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate<string>("navigator.clipboard.readText()")).toBe(vatAddress);
    await expect.poll(() => page.locator(".copy__status").first().innerText()).toBe("Copied");
  });

  it("mails an e-invoice to the address and finds it in purchase invoices", async () => {
    const { page } = owner;
    const xml = bytesOf(serialise(ublInvoice({ ...FACTS, number: "INV-2026-0042", buyer: { name: "Acme Trading BV", vat: `BE${number}` } })));
    const raw = mail(multipart("mixed", text("Please find our invoice attached."), attachment("INV-2026-0042.xml", "application/xml", xml), attachment("INV-2026-0042.pdf", "application/pdf", makePdf())), {
      to: vatAddress,
      subject: "Invoice INV-2026-0042",
    });
    expect((await sendMail(raw, { from: SUPPLIER, to: vatAddress })).status).toBe(200);
    await reloadUntil(page, "/purchase-invoices", "INV-2026-0042");
    await expectAccessible(page);
    await screenshots(page, "purchase-invoices");
    await page.getByRole("link", { name: "INV-2026-0042" }).click();
    await expect.poll(() => page.innerText("main")).toContain("Supplier & Sons NV");
    invoiceUrl = new URL(page.url()).pathname;
    expect(await page.innerText("main")).toMatch(/Amount due\s+€121\.00/);
    await expectAccessible(page);
    await screenshots(page, "purchase-invoice");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download the file" }).click();
    expect((await download).suggestedFilename()).toBe("INV-2026-0042.xml");
  });

  it("flags a dangerous attachment in the inbox, with its reason in French", async () => {
    const { page } = owner;
    await page.goto("/inbox");
    await page.getByRole("button", { name: "Français" }).click();
    await page.waitForURL("**/inbox");
    const raw = mail(multipart("mixed", text("Voir pièce jointe"), attachment("facture.pdf.exe", "application/octet-stream", new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]))), {
      to: vatAddress,
      subject: "Facture mars",
    });
    expect((await sendMail(raw, { from: SUPPLIER, to: vatAddress })).status).toBe(200);
    await reloadUntil(page, "/inbox", /facture\.pdf\.exe\s+Dangereux/);
    expect(await page.innerText("main")).toMatch(/Dangereux : .*programme/);
    await expectAccessible(page);
    await screenshots(page, "inbox");
    await page.getByRole("button", { name: "English" }).click();
  });

  it("reclassifies a file with the keyboard, in a dialog that holds focus and gives it back", async () => {
    const { page } = owner;
    const raw = mail(multipart("mixed", text("x"), attachment("invoice-77.pdf", "application/pdf", makePdf()), attachment("terms.pdf", "application/pdf", makePdf())), { to: vatAddress, subject: "Invoice 77 and our terms" });
    expect((await sendMail(raw, { from: SUPPLIER, to: vatAddress })).status).toBe(200);
    await reloadUntil(page, "/inbox?show=all", "Invoice 77 and our terms");
    await page.getByRole("link", { name: "Invoice 77 and our terms" }).click();
    // Once the mail is checked, its files can be reclassified.
    await reloadUntil(page, new URL(page.url()).pathname, /Reclassify\s*terms\.pdf/);
    await expectAccessible(page);
    const trigger = page.getByRole("button", { name: "Reclassify terms.pdf" });
    await trigger.focus();
    await page.keyboard.press("Enter");
    expect((await focused(page)).inDialog).toBe(true);
    await expectAccessible(page, "reclassify dialog");
    await screenshots(page, "reclassify");
    // Tab never leaves the open dialog.
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      const now = await focused(page);
      expect(now.inDialog || now.tag === "body").toBe(true);
    }
    await page.keyboard.press("Escape");
    expect(await focused(page)).toMatchObject({ inDialog: false, text: "Reclassify terms.pdf" });
    await page.keyboard.press("Enter");
    const appendix = page.getByRole("radio", { name: "An appendix of invoice-77.pdf" });
    await appendix.focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL("**notice=fileReclassified");
    expect(await page.innerText("main")).toMatch(/terms\.pdf[\s\S]*Appendix of invoice-77\.pdf/);
  });

  it("renders a hostile subject and file name as text and runs nothing from them", async () => {
    const { page } = owner;
    const subject = '<img src=x onerror="window.__xss=1"> "><script>window.__xss=3</script>';
    const name = '"><svg onload="window.__xss=2">.pdf';
    const raw = mail(multipart("mixed", text("x"), attachment(name, "application/pdf", makePdf(), { params: `; filename*=UTF-8''${encodeURIComponent(name)}` })), {
      to: vatAddress,
      subject,
    });
    expect((await sendMail(raw, { from: SUPPLIER, to: vatAddress })).status).toBe(200);
    await reloadUntil(page, "/inbox?show=all", "&lt;img src=x");
    expect(await page.innerText("main")).toContain(subject);
    await page.getByRole("link", { name: subject }).click();
    // The inbox lists a mail once it is received; its files show once it is opened, which may take a moment more.
    await reloadUntil(page, new URL(page.url()).pathname, new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    expect(await page.innerText("main")).toContain(name);
    expect(await page.evaluate<unknown>("window.__xss")).toBeUndefined();
    expect(await page.locator("main img, main svg, main script").count()).toBe(0);
  });

  it("sets its cookies with their flags, and refuses a form without its CSRF token", async () => {
    const cookies = await owner.context.cookies();
    const session = cookies.find((c) => c.name === "__Host-session")!;
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    expect(session.domain).toBe("localhost");
    const refused = await owner.page.request.post("/connectors/email/deactivate", { form: { nothing: "here" } });
    expect(refused.status()).toBe(403);
    await owner.page.goto("/connectors/email");
    expect(await owner.page.innerText("main")).toContain("Active");
  });

  it("deactivates the connector behind a confirmation that says what it does; mail is then refused", async () => {
    const { page } = owner;
    await page.goto("/connectors/email");
    const trigger = page.getByRole("button", { name: "Deactivate the email connector" });
    await trigger.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Deactivate the email connector?" });
    expect(await dialog.innerText()).toContain("Mail to your import addresses is refused");
    expect((await focused(page)).inDialog).toBe(true);
    await expectAccessible(page, "deactivate dialog");
    await screenshots(page, "deactivate");
    await dialog.getByRole("button", { name: "Yes, deactivate it" }).click();
    await page.waitForURL("**notice=connectorDeactivated");
    const refused = await sendMail(mail(text("x"), { to: vatAddress }), { from: SUPPLIER, to: vatAddress });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/not active|inactive|deactivated/i);
    await page.getByRole("button", { name: "Re-activate the email connector" }).click();
    await page.waitForURL("**notice=connectorActivated");
  });

  it("invites a colleague, who joins through the mailed link and signs in as a member", async () => {
    const { page } = owner;
    const colleague = `bob-${number}@acme.example`;
    await page.goto("/team");
    await page.getByLabel("Their email address").fill(colleague);
    const since = Date.now() - 1000;
    await page.getByRole("button", { name: "Send the invitation" }).click();
    await page.waitForURL(/notice=invitation/);
    expect(page.url()).toContain("notice=invitationSent");
    await expectAccessible(page);
    await screenshots(page, "team");
    const link = /http:\/\/localhost:\d+\/invitations\/[\w-]+/.exec(plainText(await mailTo(colleague, since)))![0];
    expect(link.startsWith(run.url)).toBe(true);

    const bob = await newPerson(browser);
    await bob.page.goto(link);
    await expectAccessible(bob.page);
    await bob.page.getByLabel("Your name").fill("Bob Member");
    await bob.page.getByLabel("New password").fill(PASSWORD);
    await bob.page.getByRole("button", { name: "Join and sign in" }).click();
    await bob.page.waitForURL("**/connectors?notice=welcome");
    await bob.page.getByRole("button", { name: "Sign out" }).click();
    await bob.page.waitForURL("**/sign-in?notice=signedOut");
    await bob.page.getByLabel("Email address").fill(colleague);
    await bob.page.getByLabel("Password").fill(PASSWORD);
    await bob.page.keyboard.press("Enter");
    await bob.page.waitForURL("**/connectors");
    await bob.page.goto("/team");
    expect(await bob.page.innerText("main")).toMatch(/Bob Member \(you\)\s+\S+\s+Member/);
    await bob.page.goto(invoiceUrl);
    expect(await bob.page.innerText("main")).toContain("Supplier & Sons NV");
    await bob.context.close();
  });

  it("answers 404 for another account's pages", async () => {
    const stranger = await newPerson(browser);
    const { page } = stranger;
    await page.goto("/sign-up");
    const other = belgianNumber();
    await page.getByLabel("Company name").fill("Globex SA");
    await page.getByLabel("VAT number").fill(`BE${other}`);
    await page.getByLabel("Your name").fill("Eve");
    await page.getByLabel("Email address").fill(`eve-${other}@globex.example`);
    await page.getByLabel("New password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create the account" }).click();
    await page.waitForURL("**/connectors?notice=welcome");
    const response = await page.goto(invoiceUrl);
    expect(response!.status()).toBe(404);
    expect(await page.innerText("main")).toContain("Page not found");
    expect((await page.goto(`${invoiceUrl}/file`))!.status()).toBe(404);
    await expectAccessible(page, "404");
    await page.goto("/settings");
    await expectAccessible(page);
    await screenshots(page, "settings");
    await stranger.context.close();
  });
});
