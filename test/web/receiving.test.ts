import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeDocx, makePdf } from "../helpers/documents.ts";
import { deliver, deliverAndSettle } from "../helpers/mail.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";
import { buildPdf } from "../helpers/pdf.ts";
import { signedUpClient, textOf } from "../helpers/web.ts";

/** A signed-up account with the connector installed from the web, and an API key for the helpers. */
async function installed() {
  const signedUp = await signedUpClient();
  const { client } = signedUp;
  const install = await client.post("/connectors/email/install");
  expect(install.location).toBe("/connectors/email?notice=connectorInstalled");
  const apiKey = /eck_[\w-]+/.exec((await client.post("/settings/api-keys")).html)![0];
  return { ...signedUp, apiKey, vatAddress: `${signedUp.vatNumber.toLowerCase()}@${env.INBOUND_DOMAIN}` };
}

describe("the connectors", () => {
  it("lists email with Install, then Open; Peppol as available when its queue is bound", async () => {
    const { client } = await signedUpClient();
    const before = textOf((await client.get("/connectors")).html);
    expect(before).toContain("Not installed");
    expect(before).toContain("Install");
    expect(before).toContain("Peppol Send sales invoices over the Peppol network");
    expect(before).toContain("Available");
    await client.post("/connectors/email/install");
    const after = await client.get("/connectors");
    expect(after.html).toContain('href="/connectors/email"');
    expect(textOf(after.html)).toContain("Open the connector");
  });

  it("shows the import addresses with copy buttons, the checks, the last 30 days, and deactivates behind a confirmation", async () => {
    const account = await installed();
    const { client } = account;
    await deliverAndSettle(mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", makePdf()))), account);
    await deliverAndSettle(mail(text("no attachment")), account);
    const page = await client.get("/connectors/email");
    const words = textOf(page.html);
    expect(words).toContain(account.vatAddress);
    expect(page.html).toContain(`data-copy="${account.vatAddress}"`);
    expect(words).toContain("Give these addresses to your suppliers");
    expect(words).toContain("Built-in rules");
    expect(words).toMatch(/Mails received 2 Invoices imported 1 Files flagged 0 Mails ignored 1/);
    // The confirmation, as a dialog and as the page it falls back to, says what deactivating does.
    expect(page.html).toContain('<dialog id="deactivate-dialog"');
    const confirm = textOf((await client.get("/connectors/email/deactivate")).html);
    expect(confirm).toContain("Mail to your import addresses is refused");
    expect(confirm).toContain("Sales invoices are not sent by email");
    expect((await client.post("/connectors/email/deactivate")).location).toBe("/connectors/email?notice=connectorDeactivated");
    expect((await deliver(mail(text("x")), { to: account.vatAddress })).rejected).toMatch(/not active|inactive|deactivated/i);
    const reactivated = await client.post("/connectors/email/activate");
    expect(reactivated.location).toBe("/connectors/email?notice=connectorActivated");
    expect((await deliver(mail(multipart("mixed", text("x"), attachment("b.pdf", "application/pdf", makePdf()))), { to: account.vatAddress })).rejected).toBeNull();
  });
});

describe("purchase invoices", () => {
  it("lists, searches, filters and pages; the detail shows the mail it came with and links the file", async () => {
    const account = await installed();
    const { client } = account;
    for (const name of ["alpha.pdf", "beta.pdf", "gamma.pdf"]) {
      await deliverAndSettle(mail(multipart("mixed", text("x"), attachment(name, "application/pdf", makePdf())), { subject: `Invoice ${name}` }), account);
    }
    const list = textOf((await client.get("/purchase-invoices")).html);
    expect(list).toContain("3 invoices");
    expect(list).toMatch(/gamma\.pdf.*beta\.pdf.*alpha\.pdf/);
    const searched = await client.get("/purchase-invoices?q=BETA");
    expect(textOf(searched.html)).toContain("1 invoice matches");
    expect(searched.html).toMatch(/id="q"[^>]*value="BETA"/);
    expect(textOf((await client.get("/purchase-invoices?format=ubl")).html)).toContain("No invoice matches these filters");
    expect(textOf((await client.get("/purchase-invoices?warnings=without")).html)).toContain("3 invoices match");
    const badDate = await client.get("/purchase-invoices?from=yesterday");
    expect(badDate.html).toContain('<a href="#from">Enter a date like 2026-11-30</a>');
    const id = /href="\/purchase-invoices\/(pin_\w+)"/.exec((await client.get("/purchase-invoices?q=alpha")).html)![1];
    const detail = await client.get(`/purchase-invoices/${id}`);
    const words = textOf(detail.html);
    expect(words).toContain("Subject Invoice alpha.pdf");
    expect(words).toContain("From Supplier Billing <billing@supplier.example>");
    expect(words).toMatch(/SPF (pass|not reported)/);
    expect(detail.html).toContain(`href="/purchase-invoices/${id}/file"`);
  });

  it("says on the invoice, in German, that the XML its PDF embeds could not be read", async () => {
    const account = await installed();
    const { client } = account;
    client.language = "de";
    await client.post("/settings/language", { language: "" });
    const hybrid = buildPdf({ attachments: [{ name: "factur-x.xml", data: new TextEncoder().encode("<rsm:CrossIndustryInvoice") }] });
    await deliverAndSettle(mail(multipart("mixed", text("x"), attachment("rechnung.pdf", "application/pdf", hybrid))), account);
    const id = /href="\/purchase-invoices\/(pin_\w+)"/.exec((await client.get("/purchase-invoices")).html)![1];
    const words = textOf((await client.get(`/purchase-invoices/${id}`)).html);
    expect(words).toContain("Prüfen Sie diese Rechnung");
    expect(words).toContain("Das PDF enthält seine Rechnung als XML, aber dieses XML ist nicht lesbar: Es wurde als einfaches PDF importiert.");
  });
});

describe("the inbox", () => {
  it("shows each file's fate, flags a dangerous file with its reason in French, and resolves it", async () => {
    const account = await installed();
    const { client } = account;
    client.language = "fr";
    await client.post("/settings/language", { language: "" });
    await deliverAndSettle(
      mail(multipart("mixed", text("x"), attachment("facture.pdf", "application/pdf", makePdf()), attachment("facture.pdf.exe", "application/octet-stream", new Uint8Array([0x4d, 0x5a, 0x90, 0]))), {
        subject: "Facture mars",
      }),
      account,
    );
    const page = await client.get("/inbox");
    const words = textOf(page.html);
    expect(words).toContain("À traiter (1)");
    expect(words).toContain("Facture mars");
    expect(words).toContain("facture.pdf Importé comme facture d'achat.");
    expect(words).toMatch(/facture\.pdf\.exe Dangereux : C'est un programme .{20,}/);
    const resolve = /action="(\/inbox\/items\/inb_\w+\/resolve)"/.exec(page.html)![1]!;
    const resolved = await client.post(resolve, { back: "/inbox" });
    expect(resolved.location).toBe("/inbox?notice=itemResolved");
    const after = textOf((await client.get("/inbox?notice=itemResolved")).html);
    expect(after).toContain("Marqué comme traité.");
    expect(after).toContain("Rien ne demande votre attention.");
    expect(textOf((await client.get("/inbox?show=all")).html)).toContain("Tous les e-mails (1)");
  });

  it("reclassifies a file from the mail's page: the terms become an appendix of the invoice", async () => {
    const account = await installed();
    const { client } = account;
    const message = await deliverAndSettle(
      mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", makePdf()), attachment("terms.pdf", "application/pdf", makePdf()), attachment("notes.docx", "application/octet-stream", makeDocx()))),
      account,
    );
    const terms = message.files.find((f: any) => f.name === "terms.pdf");
    const invoice = message.files.find((f: any) => f.name === "invoice.pdf").purchaseInvoiceId;
    const page = await client.get(`/inbox/mails/${message.id}`);
    expect(page.html).toContain(`<dialog id="reclassify-${terms.id}"`);
    expect(page.html).toContain(`href="/inbox/mails/${message.id}/files/${terms.id}/reclassify"`);
    const form = await client.get(`/inbox/mails/${message.id}/files/${terms.id}/reclassify`);
    expect(textOf(form.html)).toContain("What is terms.pdf?");
    const missing = await client.post(`/inbox/mails/${message.id}/files/${terms.id}/reclassify`, {});
    expect(missing.status).toBe(400);
    expect(missing.html).toContain(`<a href="#placement-${terms.id}">Choose what the file is</a>`);
    const done = await client.post(`/inbox/mails/${message.id}/files/${terms.id}/reclassify`, { [`placement-${terms.id}`]: invoice });
    expect(done.location).toBe(`/inbox/mails/${message.id}?notice=fileReclassified`);
    const mailPage = textOf((await client.get(`/inbox/mails/${message.id}`)).html);
    expect(mailPage).toMatch(/terms\.pdf [\d.,]+ K?B Appendix of invoice\.pdf/);
    expect(textOf((await client.get("/purchase-invoices")).html)).toContain("1 invoice");
  });
});
