import type { Language } from "../../i18n/languages.ts";
import { de } from "./de.ts";
import { en, type Catalogue, type MessageKey } from "./en.ts";
import { fr } from "./fr.ts";
import { nl } from "./nl.ts";

export type { Catalogue, MessageKey } from "./en.ts";

/**
 * The web app's words, one catalogue per language with the same keys: the
 * type of the English one makes a missing key a compile error, and
 * test/web/i18n.test.ts fails on a value left untranslated or a placeholder
 * that differs. Reasons are not here: they come from src/reasons, rendered
 * in the same language.
 */
export const catalogues: Record<Language, Catalogue> = { en, fr, nl, de };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** `{name}` in a message is replaced by `params.name`; the result is text, escaped where it is rendered. */
export function interpolate(message: string, params: Params = {}): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

export function translator(language: Language): Translate {
  const catalogue = catalogues[language];
  return (key, params) => interpolate(catalogue[key], params);
}

/** Keys that come as a pair for counts: `<base>.one` and `<base>.other`. */
type PluralBase = { [K in MessageKey]: K extends `${infer B}.one` ? (`${B}.other` extends MessageKey ? B : never) : never }[MessageKey];

/** The message for a count, by the language's plural rules (French counts 0 as singular), with `{count}` formatted. */
export function pluralTranslator(language: Language, t: Translate, formatNumber: (n: number) => string) {
  const rules = new Intl.PluralRules(language);
  return (count: number, base: PluralBase, params: Params = {}) =>
    t(`${base}.${rules.select(count) === "one" ? "one" : "other"}` as MessageKey, { ...params, count: formatNumber(count) });
}
