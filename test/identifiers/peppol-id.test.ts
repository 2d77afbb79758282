import { describe, expect, it } from "vitest";
import { checkPeppolId } from "../../src/identifiers/peppol-id.ts";

describe("checkPeppolId", () => {
  it.each([
    ["0208:0123456749", "0208:0123456749"],
    ["0208:0123.456.749", "0208:0123456749"],
    ["iso6523-actorid-upis::0208:0123456749", "0208:0123456749"],
    ["9925:be0123456749", "9925:BE0123456749"],
    ["9925:0123456749", "9925:BE0123456749"],
    ["9944:NL004495445B01", "9944:NL004495445B01"],
    ["0088:1548079098355", "0088:1548079098355"],
    ["0002:784301772", "0002:784301772"],
    ["0002:78430177200025", "0002:78430177200025"],
    ["0007:2120000787", "0007:2120000787"],
    ["0192:745707327", "0192:745707327"],
    ["0151:51 824 753 556", "0151:51824753556"],
    ["0106:12345678", "0106:12345678"],
    ["9918:BE68539007547034", "9918:BE68539007547034"],
    ["0204:991-01234-56", "0204:991-01234-56"],
    ["9923:AL123456789", "9923:AL123456789"],
    ["0130:anything-goes.here", "0130:anything-goes.here"],
  ])("accepts %s as %s", (raw, normalised) => {
    expect(checkPeppolId(raw)).toEqual({ ok: true, value: normalised });
  });

  it.each([
    ["0208:0123456748", "check digits"],
    ["9925:BE0123456748", "check digits"],
    ["9925:NL004495445B01", "Belgian VAT number"],
    ["0088:1548079098356", "check digits of the GLN"],
    ["0002:784301773", "check digits"],
    ["0192:745707328", "check digits"],
    ["0151:51824753557", "check digits"],
    ["9918:BE68539007547035", "check digits of the IBAN"],
    ["0106:1234", "format of a Dutch KvK number"],
    ["0130:two words", "printable characters"],
    ["0208", "scheme:identifier"],
    ["BE0123456749", "scheme:identifier"],
    ["1234:abc", "not a scheme of Peppol's code list"],
    ["9956:0123456749", "Peppol no longer uses that scheme"],
    [`0130:${"x".repeat(131)}`, "at most 130 characters"],
  ])("refuses %s, saying what is wrong", (raw, why) => {
    const checked = checkPeppolId(raw);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.message).toContain(why);
  });
});
