import { belgianNumberProblem, withOldBelgianZero } from "./belgian-number.ts";
import { stripSeparators, type Checked } from "./vat-number.ts";

/**
 * Normalises a company registration number for `country`: separators
 * dropped, upper case, and a leading copy of the country code removed
 * (`BE 0123.456.749` -> `0123456749`). Belgian numbers are checked with their
 * check digits; elsewhere 2 to 20 letters and digits are accepted.
 */
export function checkCompanyNumber(raw: string, country: string): Checked {
  let value = stripSeparators(raw);
  if (value.startsWith(country) && /^\d/.test(value.slice(country.length))) value = value.slice(country.length);
  if (value === "") return { ok: false, message: "The company number is empty." };
  if (country === "BE") {
    const digits = withOldBelgianZero(value);
    const problem = belgianNumberProblem(digits);
    return problem ? { ok: false, message: `${value} is not a valid Belgian enterprise number: ${problem}.` } : { ok: true, value: digits };
  }
  if (!/^[A-Z0-9]{2,20}$/.test(value)) {
    return { ok: false, message: `${raw.trim()} is not a company number: use 2 to 20 letters and digits (separators are ignored).` };
  }
  return { ok: true, value };
}
