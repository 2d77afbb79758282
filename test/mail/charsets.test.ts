import { describe, expect, it } from "vitest";
import { decodeFileName, decodeHeaderText, decodeUtf7, recoverRawLatin1, repairMojibake } from "../../src/mail/charsets.ts";

describe("UTF-7", () => {
  it.each([
    ["Hi Mom -+Jjo--!", "Hi Mom -☺-!"],
    ["+ZeVnLIqe-", "日本語"],
    ["A+ImIDkQ.", "A≢Α."],
    ["1 +- 1 = 2", "1 + 1 = 2"],
    ["a + b", "a + b"],
    ["+2D3eAA-", "😀"],
  ])("%j -> %j", (input, expected) => {
    expect(decodeUtf7(input)).toBe(expected);
  });
});

describe("mojibake (UTF-8 read as Windows-1252)", () => {
  it.each([
    ["FacturÃ© 2026.pdf", "Facturé 2026.pdf"],
    ["â‚¬ 12,50", "€ 12,50"],
    ["Rechnung MÃ¤rz â€“ KÃ¶ln", "Rechnung März – Köln"],
  ])("%j is repaired to %j", (input, expected) => {
    expect(repairMojibake(input)).toBe(expected);
  });

  it.each(["Facture été.pdf", "invoice.pdf", "Ãx", "日本語", "€ 5"])("%j is left as it is", (text) => {
    expect(repairMojibake(text)).toBe(text);
  });
});

describe("header text", () => {
  it("decodes UTF-7 encoded words among others", () => {
    expect(decodeHeaderText(`Re: =?utf-7?Q?Re+AOc-u?= =?utf-8?B?${new TextEncoder().encode("–").toBase64()}?= n=?UNICODE-1-1-UTF-7?B?${btoa("+ALA-")}?=1`)).toBe("Re: Reçu– n°1");
  });

  it("reads an RFC 2231 name in UTF-7 (which postal-mime leaves as ASCII)", () => {
    expect(decodeFileName("Re+AOc-u.pdf", `application/pdf\nattachment; filename*=utf-7''Re%2BAOc-u.pdf`)).toBe("Reçu.pdf");
    expect(decodeFileName("a+b.pdf", `application/pdf\nattachment; filename="a+b.pdf"`)).toBe("a+b.pdf");
  });

  it("finds raw Latin-1 bytes again behind the replacement characters UTF-8 decoding left", () => {
    const bytes = Uint8Array.from('Content-Disposition: attachment; filename="Factur\xe9 n\xb0 5.pdf"\r\nSubject: \xc9t\xe9 \x80\r\n', (c) => c.charCodeAt(0));
    expect(recoverRawLatin1("Factur\uFFFD n\uFFFD 5.pdf", "name", () => bytes)).toBe("Facturé n° 5.pdf");
    expect(recoverRawLatin1("\uFFFDt\uFFFD \uFFFD", "subject", () => bytes)).toBe("Été €");
    expect(recoverRawLatin1("Other\uFFFD.pdf", "name", () => bytes)).toBe("Other\uFFFD.pdf");
    expect(recoverRawLatin1("clean.pdf", "name", () => bytes)).toBe("clean.pdf");
  });
});
