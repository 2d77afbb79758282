import { describe, expect, it } from "vitest";
import { languages } from "../../src/i18n/languages.ts";
import { catalogues } from "../../src/web/i18n/index.ts";
import { NOTICES, noticeMessage } from "../../src/web/notices.ts";
import { signedUpClient, textOf, WebClient } from "../helpers/web.ts";

/** Values that are the same word in a language as in English, on purpose. */
const SAME_AS_ENGLISH: Record<string, string[]> = {
  fr: ["connector.peppol.name", "format.image", "pagination.label", "purchaseInvoices.filter.format", "purchaseInvoices.col.format", "purchaseInvoices.col.total", "mail.actions", "team.revoke", "channels.peppol"],
  nl: ["fate.flaggedAs", "connector.peppol.name", "nav.team", "team.title", "purchaseInvoices.col.total", "channels.peppol", "deliveries.filter.status", "deliveries.col.status"],
  de: ["fate.flaggedAs", "connector.peppol.name", "nav.team", "team.title", "team.name", "purchaseInvoices.filter.format", "purchaseInvoices.col.format", "partners.col.name", "partner.field.name", "channels.peppol", "deliveries.filter.status", "deliveries.col.status"],
};

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the web app's catalogues", () => {
  const english = catalogues.en;

  it.each(languages.filter((l) => l !== "en"))("%s has every key of English, translated, with the same placeholders", (language) => {
    const catalogue = catalogues[language];
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(english).sort());
    const untranslated = Object.keys(english).filter(
      (key) => catalogue[key as keyof typeof english] === english[key as keyof typeof english] && !SAME_AS_ENGLISH[language]!.includes(key),
    );
    expect(untranslated).toEqual([]);
    for (const [key, message] of Object.entries(catalogue)) {
      expect(message.trim(), `${language} ${key}`).not.toBe("");
      expect(placeholders(message), `${language} ${key}`).toEqual(placeholders(english[key as keyof typeof english]));
    }
  });

  it("has a message for every notice a redirect can ask for", () => {
    for (const notice of NOTICES) for (const language of languages) expect(catalogues[language][noticeMessage(notice)]).toBeTruthy();
  });

  it("speaks the browser's language, then the one chosen with the switcher, then the user's own setting", async () => {
    const visitor = new WebClient();
    visitor.language = "nl-BE,nl;q=0.9,en;q=0.5";
    const dutch = await visitor.get("/sign-in");
    expect(dutch.html).toContain('<html lang="nl">');
    expect(textOf(dutch.html)).toContain("Wachtwoord vergeten?");
    expect(dutch.headers.get("Content-Language")).toBe("nl");
    const switched = await visitor.post("/language", { language: "de", back: "/sign-in" });
    expect(switched.location).toBe("/sign-in");
    expect(textOf((await visitor.get("/sign-in")).html)).toContain("Passwort vergessen?");

    const { client } = await signedUpClient();
    client.language = "fr";
    expect(textOf((await client.get("/connectors")).html)).toContain("Tous les connecteurs");
    await client.post("/settings/language", { language: "de" });
    expect(textOf((await client.get("/connectors")).html)).toContain("Alle Konnektoren");
    expect((await client.get("/connectors")).html).toContain('<html lang="de">');
  });

  it("formats dates and amounts the reader's way", async () => {
    const { createView } = await import("../../src/web/view.ts");
    const view = (lang: "en" | "fr" | "nl" | "de") => createView({ lang, csrf: "", here: "/", user: null, account: null, notice: null });
    expect(view("fr").amount("1234.50", "EUR")).toBe("1\u202f234,50\u00a0€");
    expect(view("de").amount("1234.50", "EUR")).toBe("1.234,50\u00a0€");
    expect(view("en").amount("1234.50", "EUR")).toBe("€1,234.50");
    expect(view("nl").date("2026-03-05")).toBe("5 mrt 2026");
    expect(view("de").date("2026-03-05")).toBe("05.03.2026");
    // An amount is formatted from its decimal string exactly, never through a float.
    expect(view("en").amount("12345678901234567.89", "EUR")).toBe("€12,345,678,901,234,567.89");
  });
});
