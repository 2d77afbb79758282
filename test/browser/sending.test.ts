import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bounces } from "../helpers/bounces.ts";
import { makePdf } from "../helpers/documents.ts";
import { belgianNumber } from "../helpers/numbers.ts";
import { partnerCsv } from "../helpers/partner-csv.ts";
import { expectAccessible, headerOf, launch, mailTo, newPerson, reloadUntil, run, screenshots, sendMail } from "./harness.ts";

/**
 * Part 2 of the web app in a browser: business partners, the delivery
 * channels pop-up, and sending sales invoices (the help article's second half).
 */

const PASSWORD = "plum-harbour-violet-42";

/** The element that has focus, and whether it is inside an open modal dialog. */
const focusInModal = (page: Page) => page.evaluate<boolean>(`Boolean(document.activeElement?.closest("dialog[open]")) && document.querySelector("dialog[open]").matches(":modal")`);

async function fillCustomer(page: Page, fields: { name: string; vat?: string; email?: string; language?: string }) {
  await page.goto("/partners/new");
  await page.getByLabel("Name", { exact: true }).fill(fields.name);
  if (fields.vat) await page.getByLabel("VAT number").fill(fields.vat);
  if (fields.email) await page.getByLabel("Email address").fill(fields.email);
  if (fields.language) await page.getByLabel("Language of its mails").selectOption(fields.language);
  await page.getByLabel("Street and number").fill("Rue de la Loi 16");
  await page.getByLabel("Postal code").fill("1000");
  await page.getByLabel("City").fill("Bruxelles");
}

describe.skipIf(!run.available)("business partners and sales invoices in a browser", () => {
  let browser: Browser;
  let owner: { context: BrowserContext; page: Page };
  /** An API key of the account: the test reads a delivery's signed bounce address where an integrator would. */
  let apiKey = "";
  const number = belgianNumber();
  const globexEmail = `ap-${number}@globex.example`;

  beforeAll(async () => {
    browser = await launch();
    owner = await newPerson(browser);
    const { page } = owner;
    await page.goto("/sign-up");
    await page.getByLabel("Company name").fill("Acme Trading BV");
    await page.getByLabel("VAT number").fill(`BE${number}`);
    await page.getByLabel("Your name").fill("Ann Owner");
    await page.getByLabel("Email address").fill(`ann-${number}@acme.example`);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create the account" }).click();
    await page.waitForURL("**/connectors?notice=welcome");
    await page.getByRole("button", { name: "Install" }).click();
    await page.waitForURL("**/connectors/email?notice=connectorInstalled");
    await page.goto("/settings");
    await page.getByRole("button", { name: "Create an API key" }).click();
    apiKey = /eck_[\w-]+/.exec(await page.innerText("main"))![0];
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("creates a new customer through the pop-up, with email on", async () => {
    const { page } = owner;
    await fillCustomer(page, { name: "Globex SA", email: globexEmail, language: "fr" });
    await expectAccessible(page, "new customer");
    await screenshots(page, "partner-new");
    await page.getByRole("button", { name: "Save the customer" }).click();
    await page.waitForURL(/\/partners\/ptn_\w+\?setup=channels/);
    // A real modal: focus inside it, the page behind inert, email switched on because the profile has an address.
    const dialog = page.getByRole("dialog", { name: "How should this customer receive its invoices?" });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await focusInModal(page)).toBe(true);
    expect(await page.getByLabel("Email", { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel("Peppol", { exact: true }).isDisabled()).toBe(true);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      expect(await focusInModal(page)).toBe(true);
    }
    await expectAccessible(page, "the channels pop-up");
    await screenshots(page, "partner-channels-dialog");
    await page.getByRole("button", { name: "Save the delivery channels" }).click();
    await page.waitForURL(/\/channels\?notice=channelsSaved/);
    expect(await page.getByRole("switch", { name: "Send invoices by email" }).isChecked()).toBe(true);
    await expect.poll(() => page.innerText("main")).toContain(`Invoices go to the profile's address, ${globexEmail}.`);
    await expectAccessible(page, "delivery channels");
    await screenshots(page, "partner-channels");
  });

  it("closes the pop-up without channels, and says how to add them later", async () => {
    const { page } = owner;
    await fillCustomer(page, { name: "Initech BV" });
    await page.getByRole("button", { name: "Save the customer" }).click();
    await page.waitForURL(/setup=channels/);
    // No address: email cannot be switched on, and the pop-up says why.
    expect(await page.getByLabel("Email", { exact: true }).isDisabled()).toBe(true);
    await expect.poll(() => page.getByRole("dialog").innerText()).toContain("Email delivery needs an email address in the customer's profile.");
    await page.keyboard.press("Escape");
    await page.waitForURL(/\/channels\?notice=channelsSkipped/);
    await expect.poll(() => page.innerText("main")).toContain("The customer is saved without a delivery channel: switch one on in its Delivery channels tab");
    expect(await page.getByRole("switch", { name: "Send invoices by email" }).isChecked()).toBe(false);
    await expectAccessible(page, "channels after closing the pop-up");
    await screenshots(page, "partner-channels-none");
  });

  it("gives an existing customer an email address, then switches its email channel on", async () => {
    const { page } = owner;
    await page.goto("/partners");
    await page.getByRole("searchbox", { name: "Search" }).fill("initech");
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => page.innerText("main")).toContain("Initech BV");
    expect(await page.innerText("main")).not.toContain("Globex SA");
    await page.goto("/partners");
    await expectAccessible(page, "business partners");
    await screenshots(page, "partners");
    await page.getByRole("link", { name: "Initech BV" }).click();
    await page.getByRole("link", { name: "Delivery channels" }).click();
    // The switch is off and cannot be used: the page says why and links to the field.
    expect(await page.getByRole("switch", { name: "Send invoices by email" }).isDisabled()).toBe(true);
    await page.getByRole("link", { name: "Add the email address to the profile" }).click();
    await page.waitForURL(/#email$/);
    await page.getByLabel("Email address").fill(`billing-${number}@initech.example`);
    await expectAccessible(page, "profile");
    await screenshots(page, "partner-profile");
    await page.getByRole("button", { name: "Save the profile" }).click();
    await page.waitForURL(/notice=partnerSaved/);
    await page.getByRole("link", { name: "Delivery channels" }).click();
    // The switch saves at once (its form is sent when it changes): no Save button with JavaScript.
    expect(await page.getByRole("button", { name: "Save", exact: true }).first().isVisible()).toBe(false);
    await page.getByRole("switch", { name: "Send invoices by email" }).check();
    await page.waitForURL(/notice=channelOn/);
    expect(await page.getByRole("switch", { name: "Send invoices by email" }).isChecked()).toBe(true);
    expect(await page.innerText("main")).toContain("The delivery channel is switched on.");
  });

  it("imports a CSV of 20 rows with 3 bad ones: 17 saved, the 3 in a report to download", async () => {
    const { page } = owner;
    await page.goto("/partners");
    await page.getByRole("link", { name: "Import from CSV" }).click();
    await page.waitForURL("**/partners/import");
    await expectAccessible(page, "import");
    await screenshots(page, "partner-import");
    const template = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download the template" }).click();
    expect((await template).suggestedFilename()).toBe("partners-template.csv");
    const { csv, badLines, names } = partnerCsv(20, [3, 9, 15]);
    await page.getByLabel("CSV file").setInputFiles({ name: "partners.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Import" }).click();
    await expect.poll(() => page.innerText("main")).toContain("17 partners saved. 3 rows left out: fix them and import them again.");
    const table = await page.getByRole("table", { name: "Rows left out" }).innerText();
    expect(table).toContain(`${badLines[1]}\temail\tnot-an-address\tNot an email address in the right form`);
    await expectAccessible(page, "import result");
    await screenshots(page, "partner-import-result");
    const report = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download the error report (CSV)" }).click();
    const download = await report;
    expect(download.suggestedFilename()).toBe("partners-import-errors.csv");
    const lines = (await readFile((await download.path())!, "utf8")).split("\r\n");
    expect(lines[0]).toBe("\uFEFFRow;Column;Value;Reason");
    expect(lines.slice(1, 4).map((l) => l.split(";")[0])).toEqual(badLines.map(String));
    await page.goto(`/partners?q=${encodeURIComponent(names[0]!)}`);
    expect(await page.innerText("main")).toContain(names[0]);
  });

  let invoicePath = "";

  it("uploads and sends an invoice: it is sent, and the mail wrangler dev wrote has the subject in the customer's language", async () => {
    const { page } = owner;
    await page.goto("/sales-invoices/new");
    await page.getByLabel("Customer of the invoice").selectOption({ label: "Globex SA" });
    await page.getByLabel("Invoice number").fill("2026-0042");
    await page.getByLabel("Issue date").fill("2026-11-02");
    await page.getByLabel("Total amount").fill("1210.00");
    await page.getByLabel("The invoice as PDF").setInputFiles({ name: "2026-0042.pdf", mimeType: "application/pdf", buffer: Buffer.from(makePdf("2026-0042")) });
    await expectAccessible(page, "upload");
    await screenshots(page, "sales-invoice-upload");
    await page.getByRole("button", { name: "Upload the invoice" }).click();
    await page.waitForURL(/\/sales-invoices\/sin_\w+\?notice=invoiceUploaded/);
    invoicePath = new URL(page.url()).pathname;
    const since = Date.now();
    await page.getByRole("button", { name: "Send the invoice" }).click();
    await reloadUntil(page, invoicePath, /Email\s+Sent/);
    expect(await page.innerText("main")).toMatch(/Queued[\s\S]*Sending[\s\S]*Sent/);
    const raw = await mailTo(globexEmail, since);
    expect(headerOf(raw, "Subject")).toBe("Facture 2026-0042 de Acme Trading BV");
    await expectAccessible(page, "sales invoice sent");
    await screenshots(page, "sales-invoice-sent");
    await page.goto("/sales-invoices");
    await expectAccessible(page, "sales invoices");
    await screenshots(page, "sales-invoices");
  });

  it("shows a bounce with the server's words, lists it in Deliveries and the inbox, and fixes it by sending again", async () => {
    const { page } = owner;
    await page.goto(invoicePath);
    const deliveryId = /id="d-(dlv_\w+)"/.exec(await page.content())![1]!;
    const delivery = (await (await fetch(`${run.url}/v1/deliveries/${deliveryId}`, { headers: { Authorization: `Bearer ${apiKey}` } })).json()) as { bounceAddress: string; messageId: string };
    const to = delivery.bounceAddress;
    expect(headerOf(await mailTo(globexEmail, 0), "Message-ID")).toBe(delivery.messageId);
    const messageId = delivery.messageId;
    // The local endpoint needs an envelope sender; a real report has an empty one (<>).
    const bounced = await sendMail(bounces.Postfix(to, globexEmail, messageId), { from: "MAILER-DAEMON@mx.example.net", to });
    expect(bounced.status, bounced.text).toBe(200);
    await reloadUntil(page, invoicePath, /Email\s+Bounced/);
    expect(await page.innerText("main")).toContain("Recipient address rejected");

    await page.goto("/inbox");
    await page.getByRole("link", { name: "Correct the addresses in Deliveries" }).click();
    await page.waitForURL("**/deliveries?status=bounced");
    expect(await page.innerText("main")).toContain("2026-0042");
    await expectAccessible(page, "deliveries");
    await screenshots(page, "deliveries");
    await page.getByRole("link", { name: "2026-0042" }).click();

    const corrected = `payables-${number}@globex.example`;
    await page.getByLabel("Send again to").fill(corrected);
    await page.getByLabel("Also use these addresses for Globex SA from now on").check();
    await expectAccessible(page, "a bounced delivery");
    await screenshots(page, "sales-invoice-bounced");
    const since = Date.now();
    await page.getByRole("button", { name: "Send again" }).click();
    await page.waitForURL(/notice=deliveryRetried/);
    await reloadUntil(page, invoicePath, /Email\s+Sent/);
    expect(await page.innerText("main")).toContain(`To ${corrected}`);
    await mailTo(corrected, since);
    await page.getByRole("link", { name: "Globex SA" }).click();
    await page.getByRole("link", { name: "Delivery channels" }).click();
    expect(await page.innerText("main")).toContain(`Invoices go to: ${corrected}`);
  });

  it("sending with the connector inactive shows the blocked delivery and a link to re-activate it", async () => {
    const { page } = owner;
    await page.goto("/connectors/email/deactivate");
    await page.getByRole("button", { name: "Yes, deactivate it" }).click();
    await page.waitForURL(/notice=connectorDeactivated/);
    await page.goto(invoicePath);
    await page.getByRole("button", { name: "Send it again" }).click();
    await page.waitForURL(/notice=invoiceSent/);
    const main = await page.innerText("main");
    expect(main).toMatch(/Email\s+Blocked/);
    await expectAccessible(page, "a blocked delivery");
    await screenshots(page, "sales-invoice-blocked");
    await page.getByRole("link", { name: "Re-activate the email connector" }).first().click();
    await page.waitForURL("**/connectors/email#state-title");
    await page.getByRole("button", { name: "Re-activate the email connector" }).click();
    await page.waitForURL(/notice=connectorActivated/);
  });
});
