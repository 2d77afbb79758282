import { describe, expect, it, vi } from "vitest";
import { belgianNumber } from "../helpers/accounts.ts";
import { BASE_URL } from "../helpers/api.ts";
import { makePdf } from "../helpers/documents.ts";
import { partnerCsv } from "../helpers/partner-csv.ts";
import { signedUpClient, textOf, type WebClient } from "../helpers/web.ts";

const CUSTOMER = {
  name: "Globex SA",
  vatNumber: "",
  companyNumber: "",
  email: "ap@globex.example",
  language: "fr",
  street: "Rue de la Loi 16",
  postalCode: "1000",
  city: "Bruxelles",
  country: "BE",
  peppolId: "",
};

async function newCustomer(client: WebClient, fields: Partial<typeof CUSTOMER> = {}, js = false) {
  await client.get("/partners/new");
  const saved = await client.post("/partners/new", { ...CUSTOMER, ...fields, next: "partner", ...(js ? { js: "1" } : {}) });
  expect(saved.status, textOf(saved.html).slice(0, 500)).toBe(303);
  const id = /\/partners\/(ptn_\w+)/.exec(saved.location!)![1]!;
  return { id, location: saved.location! };
}

/** Posts the upload form as the browser does: multipart, with the page's token. */
async function upload(client: WebClient, fields: Record<string, string>, files: { file?: Uint8Array; einvoice?: Uint8Array } = {}) {
  await client.get("/sales-invoices/new");
  const form = new FormData();
  form.set("_csrf", client.csrf);
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set("file", files.file ? new File([files.file], "invoice.pdf", { type: "application/pdf" }) : new File([], ""));
  form.set("einvoice", files.einvoice ? new File([files.einvoice], "invoice.xml", { type: "application/xml" }) : new File([], ""));
  return client.fetch("/sales-invoices/new", { method: "POST", body: form, headers: { Origin: new URL(BASE_URL).origin } });
}

describe("business partners in the web app", () => {
  it("creates a customer, then offers the channels on a page of its own without JavaScript (email on), and saves them", async () => {
    const { client } = await signedUpClient();
    const { id, location } = await newCustomer(client);
    expect(location).toBe(`/partners/${id}/setup?next=partner`);
    const setup = await client.get(location);
    expect(textOf(setup.html)).toContain("Globex SA is saved. Choose its delivery channels.");
    expect(setup.html).toMatch(/<input type="checkbox" id="channels" name="channels" value="email" checked/);
    // Peppol says what is missing: the participant id (the test Worker has a Peppol queue).
    expect(textOf(setup.html)).toContain("Peppol needs the customer's participant id.");
    const saved = await client.post(`/partners/${id}/setup`, { channels: "email", next: "partner" });
    expect(saved.location).toBe(`/partners/${id}/channels?notice=channelsSaved`);
    const channels = textOf((await client.get(saved.location!)).html);
    expect(channels).toContain("The customer is saved with its delivery channels.");
    expect(channels).toContain("Invoices go to the profile's address, ap@globex.example.");
    expect((await client.get("/partners")).html).toMatch(/Globex SA[\s\S]*Email/);
  });

  it("with JavaScript, opens the pop-up over the partner's page; closing it says how to add channels later", async () => {
    const { client } = await signedUpClient();
    const { id, location } = await newCustomer(client, {}, true);
    expect(location).toBe(`/partners/${id}?setup=channels`);
    const page = await client.get(location);
    expect(page.html).toContain(`data-open-on-load="/partners/${id}/channels?notice=channelsSkipped"`);
    const skipped = textOf((await client.get(`/partners/${id}/channels?notice=channelsSkipped`)).html);
    expect(skipped).toContain("The customer is saved without a delivery channel");
    expect(skipped).toMatch(/Email\s+Send invoices by email\s+Off/);
  });

  it("refuses a bad VAT number and email in the form's language, keeping what was typed", async () => {
    const { client } = await signedUpClient();
    client.language = "fr";
    await client.get("/partners/new");
    const refused = await client.post("/partners/new", { ...CUSTOMER, vatNumber: "BE0123456700", email: "not-an-address" });
    expect(refused.status).toBe(422);
    const words = textOf(refused.html);
    expect(words).toContain("Indiquez une adresse e-mail valide");
    const again = await client.post("/partners/new", { ...CUSTOMER, vatNumber: "BE0123456700" });
    expect(textOf(again.html)).toContain("Indiquez un numéro de TVA valide");
    expect(again.html).toContain('value="BE0123456700"');
  });

  it("switches email on only with an address, says so and links to the field; searches by VAT number", async () => {
    const { client } = await signedUpClient();
    const number = belgianNumber();
    const { id } = await newCustomer(client, { email: "", vatNumber: `BE ${number}` });
    const channels = await client.get(`/partners/${id}/channels`);
    expect(channels.html).toMatch(/id="channel-email" name="enabled" value="on" disabled/);
    expect(channels.html).toContain(`href="/partners/${id}#email"`);
    const refused = await client.post(`/partners/${id}/channels/email`, { enabled: "on" });
    expect(refused.status).toBe(422);
    expect(textOf(refused.html)).toContain("Email delivery needs an email address in the customer's profile.");

    await client.get(`/partners/${id}`);
    const profile = await client.post(`/partners/${id}`, { ...CUSTOMER, vatNumber: `BE${number}`, roles: "customer" });
    expect(profile.location).toBe(`/partners/${id}?notice=partnerSaved`);
    await client.get(`/partners/${id}/channels`);
    expect((await client.post(`/partners/${id}/channels/email`, { enabled: "on" })).location).toBe(`/partners/${id}/channels?notice=channelOn`);
    const recipients = await client.post(`/partners/${id}/channels/email/recipients`, { recipients: "a@globex.example\nnot an address" });
    expect(recipients.status, recipients.location ?? "").toBe(422);
    expect(textOf(recipients.html)).toContain("not is not an email address");
    expect((await client.post(`/partners/${id}/channels/email/recipients`, { recipients: "a@globex.example, b@globex.example" })).status).toBe(303);
    expect(textOf((await client.get(`/partners/${id}/channels`)).html)).toContain("Invoices go to: a@globex.example, b@globex.example");

    const found = textOf((await client.get(`/partners?q=${number.slice(2, 8)}`)).html);
    expect(found).toContain("Globex SA");
    expect(textOf((await client.get("/partners?q=nobody-here")).html)).toContain("No business partner matches this search.");
    expect(textOf((await client.get("/partners?role=supplier")).html)).not.toContain("Globex SA");
  });

  it("refuses an upload the checks refuse, saying why in the page's language, and stores nothing", async () => {
    const { client } = await signedUpClient();
    const { id } = await newCustomer(client);
    await client.get("/settings");
    await client.post("/settings/language", { language: "fr" });
    const scripted = makePdf(undefined, { extraCatalog: "/OpenAction 6 0 R", extraObjects: ["<< /S /JavaScript /JS (app.alert(1)) >>"] });
    const refused = await upload(client, { customer: id, number: "2026-0042", issueDate: "2026-11-02", currency: "EUR", totalAmount: "1210,00" }, { file: scripted });
    expect(refused.status).toBe(422);
    expect(textOf(refused.html)).toContain("Le PDF contient du JavaScript, qu'un lecteur PDF exécute à l'ouverture ou à l'utilisation du fichier.");
    expect(textOf((await client.get("/sales-invoices")).html)).not.toContain("2026-0042");
  });

  it("uploads, sends, shows the deliveries; with the connector off the delivery is blocked with a link to re-activate it", async () => {
    const { client } = await signedUpClient();
    await client.post("/connectors/email/install");
    const { id } = await newCustomer(client);
    await client.post(`/partners/${id}/setup`, { channels: "email" });
    const missing = await upload(client, { customer: id, number: "", issueDate: "2026-11-02", currency: "EUR", totalAmount: "1210,00" });
    expect(missing.status).toBe(422);
    expect(textOf(missing.html)).toContain("Enter the invoice number");
    expect(textOf(missing.html)).toContain("Choose the invoice's PDF, its e-invoice, or both");

    const uploaded = await upload(client, { customer: id, number: "2026-0042", issueDate: "2026-11-02", currency: "EUR", totalAmount: "1210,00" }, { file: makePdf() });
    expect(uploaded.status, textOf(uploaded.html).slice(0, 600)).toBe(303);
    const invoicePath = uploaded.location!.split("?")[0]!;
    const download = await client.get(`${invoicePath}/file`);
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(download.headers.get("X-Content-Type-Options")).toBe("nosniff");

    await client.get(invoicePath);
    expect((await client.post(`${invoicePath}/send`)).status).toBe(303);
    await vi.waitUntil(async () => textOf((await client.get(invoicePath)).html).includes("Sent"), { timeout: 5000, interval: 100 });
    const sent = textOf((await client.get(invoicePath)).html);
    expect(sent).toContain("To ap@globex.example");
    expect(sent).toMatch(/Queued .* Sending .* Sent/);
    expect(textOf((await client.get("/sales-invoices")).html)).toMatch(/2026-0042 Globex SA .* Email: Sent/);

    await client.get("/connectors/email");
    await client.post("/connectors/email/deactivate");
    const second = await upload(client, { customer: id, number: "2026-0043", issueDate: "2026-11-02", currency: "EUR", totalAmount: "10" }, { file: makePdf() });
    const secondPath = second.location!.split("?")[0]!;
    await client.get(secondPath);
    await client.post(`${secondPath}/send`);
    const blocked = await client.get(secondPath);
    expect(textOf(blocked.html)).toContain("Blocked");
    expect(blocked.html).toContain('href="/connectors/email#state-title"');
    const list = textOf((await client.get("/deliveries")).html);
    expect(list).toContain("2026-0043");
    expect(list).not.toContain("2026-0042");

    // Sent from a page older than the customer's channels being switched off: a page that says so, not an error.
    await client.get(`/partners/${id}/channels`);
    await client.post(`/partners/${id}/channels/email`, {});
    await client.get(secondPath);
    const refused = await client.post(`${secondPath}/send`);
    expect(refused.status).toBe(409);
    expect(textOf(refused.html)).toContain("its customer has no delivery channel switched on any more");
  });

  it("imports a CSV: the rows that pass are saved, the others listed, with a report to download in the reader's language", async () => {
    const { client } = await signedUpClient();
    const template = await client.get("/partners/import/template.csv");
    expect(template.headers.get("Content-Disposition")).toMatch(/^attachment; filename="partners-template.csv"/);
    expect(template.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(template.html).toContain("name;roles;vatNumber;companyNumber;email;language");

    client.language = "fr";
    await client.get("/partners/import");
    const { csv, badLines } = partnerCsv(20, [3, 9, 15]);
    const form = new FormData();
    form.set("_csrf", client.csrf);
    form.set("file", new File([csv], "partners.csv", { type: "text/csv" }));
    const result = await client.fetch("/partners/import", { method: "POST", body: form, headers: { Origin: new URL(BASE_URL).origin } });
    const words = textOf(result.html);
    expect(words).toContain("17 partenaires enregistrés.");
    expect(words).toContain("3 lignes écartées");
    expect(words).toContain(`${badLines[2]} name Le nom manque`);

    const errors = /name="errors" value="([^"]+)"/.exec(result.html)![1]!.replaceAll("&quot;", '"').replaceAll("&amp;", "&");
    const report = await client.post("/partners/import/report", { errors });
    expect(report.headers.get("Content-Disposition")).toMatch(/^attachment; filename="partners-import-errors.csv"/);
    expect(report.html.split("\r\n")).toEqual([
      "Ligne;Colonne;Valeur;Raison",
      expect.stringMatching(new RegExp(`^${badLines[0]};vatNumber;BE\\d{10};Numéro de TVA non valide`)),
      `${badLines[1]};email;not-an-address;"Adresse e-mail non valide ; par exemple nom@exemple.be"`,
      `${badLines[2]};name;;Le nom manque`,
      "",
    ]);
    // A report is made only of what an import can say: anything else is refused.
    expect((await client.post("/partners/import/report", { errors: '[{"row":2,"field":"name","problem":"=HYPERLINK()","value":""}]' })).status).toBe(400);
  });
});
