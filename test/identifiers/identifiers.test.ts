import { describe, expect, it } from "vitest";
import { checkCompanyNumber } from "../../src/identifiers/company-number.ts";
import { checkVatNumber } from "../../src/identifiers/vat-number.ts";

describe("checkVatNumber", () => {
  it.each([
    ["BE 0123.456.749", undefined, "BE0123456749"],
    ["be0123456749", undefined, "BE0123456749"],
    ["BE123456749", undefined, "BE0123456749"],
    ["0123-456-749", "BE", "BE0123456749"],
    ["BE 1000.000.021", undefined, "BE1000000021"],
    ["NL004495445B01", undefined, "NL004495445B01"],
    ["DE 136 695 976", undefined, "DE136695976"],
    ["136695976", "DE", "DE136695976"],
    ["FR40303265045", undefined, "FR40303265045"],
    ["EL094259216", undefined, "EL094259216"],
    ["094259216", "GR", "EL094259216"],
  ])("normalises %s (country %s) to %s", (raw, country, expected) => {
    expect(checkVatNumber(raw, country)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", undefined, /empty/],
    ["0123456749", undefined, /Start the VAT number with its country code/],
    ["BE0123456748", undefined, /check digits do not match/],
    ["BE3123456749", undefined, /start with 0 or 1/],
    ["BE01234567490", undefined, /10 digits/],
    ["DE136695977", undefined, /check digits do not match/],
    ["DE13669597", undefined, /format/],
    ["XX123456789", undefined, /country whose VAT numbers can be checked/],
  ])("refuses %s with a reason a person can act on", (raw, country, reason) => {
    const result = checkVatNumber(raw, country);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toMatch(reason);
  });
});

describe("checkCompanyNumber", () => {
  it.each([
    ["0123.456.749", "BE", "0123456749"],
    ["BE 0123 456 749", "BE", "0123456749"],
    ["123456749", "BE", "0123456749"],
    ["sc-123456", "GB", "SC123456"],
    ["HRB 12345", "DE", "HRB12345"],
    ["732 829 320", "FR", "732829320"],
  ])("normalises %s in %s to %s", (raw, country, expected) => {
    expect(checkCompanyNumber(raw, country)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["0123.456.748", "BE", /check digits/],
    ["", "FR", /empty/],
    ["12_34", "FR", /letters and digits/],
    ["1", "FR", /letters and digits/],
  ])("refuses %s in %s", (raw, country, reason) => {
    const result = checkCompanyNumber(raw, country);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toMatch(reason);
  });
});
