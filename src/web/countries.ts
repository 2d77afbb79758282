import type { Language } from "../i18n/languages.ts";

/** The countries accounts are in: those whose numbers the connector checks and whose people it speaks to. */
export const ACCOUNT_COUNTRIES = ["BE", "NL", "FR", "DE", "LU"] as const;

/** Countries named in the reader's language (Intl), so the catalogue need not list them. */
export function countryOptions(language: Language) {
  const names = new Intl.DisplayNames([language], { type: "region" });
  return ACCOUNT_COUNTRIES.map((code) => ({ value: code, label: names.of(code) ?? code }));
}
