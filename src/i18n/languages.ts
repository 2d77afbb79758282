/**
 * The languages the connector speaks: to accounting staff (inbox reasons,
 * the web app) and to customers (invoice mails). An account and a partner
 * each have one.
 */
export const languages = ["en", "fr", "nl", "de"] as const;
export type Language = (typeof languages)[number];

/** How each language writes numbers, dates and lists (Intl): Belgium's own variants read the same. */
export const locales: Record<Language, string> = { en: "en-GB", fr: "fr-FR", nl: "nl-NL", de: "de-DE" };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

/**
 * The first of our languages an Accept-Language header asks for (RFC 9110:
 * by quality, then order; `fr-BE` counts as `fr`), or null when it asks for
 * none of them.
 */
export function negotiateLanguage(header: string | null | undefined): Language | null {
  if (!header) return null;
  const wanted = header
    .split(",")
    .map((part, order) => {
      const [tag = "", ...options] = part.trim().split(";");
      const q = options.map((o) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(o)?.[1]).find(Boolean);
      return { language: tag.trim().toLowerCase().split("-")[0]!, quality: q === undefined ? 1 : Number(q), order };
    })
    .filter((w) => w.quality > 0 && !Number.isNaN(w.quality))
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  return wanted.map((w) => w.language).find(isLanguage) ?? null;
}
