import * as jsvat from "jsvat";
import type { Country } from "jsvat";
import { belgianNumberProblem, withOldBelgianZero } from "./belgian-number.ts";

export type Checked = { ok: true; value: string } | { ok: false; message: string };

/**
 * jsvat's countries, except Brazil (its numbers carry no country prefix and
 * would capture any number that starts with digits) and Belgium, which is
 * checked by `belgianNumberProblem`: jsvat refuses the enterprise numbers
 * starting with 1 that Belgium issues since 2023.
 */
const jsvatCountries: Country[] = Object.values(jsvat).filter(
  (value): value is Country =>
    typeof value === "object" && value !== null && "calcFn" in value && !["Brazil", "Belgium"].includes((value as Country).name),
);

/** Greece writes EL in front of VAT numbers, not its ISO code. */
export function vatPrefixOf(country: string): string {
  return country === "GR" ? "EL" : country;
}

/** Whether the check digits of VAT numbers starting with `prefix` (BE, NL, EL, ...) are known. */
export function vatPrefixCheckable(prefix: string): boolean {
  return prefix === "BE" || jsvatCountries.some((c) => c.codes.includes(prefix));
}

/** Separators people type inside VAT and company numbers. */
export function stripSeparators(value: string): string {
  return value.toUpperCase().replace(/[\s.\-/]+/g, "");
}

/**
 * Checks a VAT number's format and check digits and normalises it
 * (`BE 0123.456.749` -> `BE0123456749`). A number typed without its country
 * prefix takes the prefix of `country` when one is known.
 */
export function checkVatNumber(raw: string, country?: string): Checked {
  let value = stripSeparators(raw);
  if (value === "") return { ok: false, message: "The VAT number is empty." };
  if (/^\d/.test(value)) {
    if (!country) return { ok: false, message: `Start the VAT number with its country code, e.g. BE${value}.` };
    value = vatPrefixOf(country) + value;
  }
  if (value.startsWith("BE")) {
    const digits = withOldBelgianZero(value.slice(2));
    const problem = belgianNumberProblem(digits);
    return problem ? { ok: false, message: `${value} is not a valid Belgian VAT number: ${problem}.` } : { ok: true, value: `BE${digits}` };
  }
  const result = jsvat.checkVAT(value, jsvatCountries);
  if (!result.isSupportedCountry) {
    return {
      ok: false,
      message: `${value} does not start with the code of a country whose VAT numbers can be checked (e.g. BE, NL, FR, DE, EL, GB).`,
    };
  }
  const countryName = result.country?.name ?? "this country";
  if (!result.isValidFormat) return { ok: false, message: `${value} does not have the format of a VAT number of ${countryName}.` };
  if (!result.isValid) return { ok: false, message: `${value} is not a valid VAT number of ${countryName}: its check digits do not match.` };
  return { ok: true, value };
}
