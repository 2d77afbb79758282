import { describe, expect, it } from "vitest";
import { MAX_PDF_NESTING } from "../../src/pdf/limits.ts";
import { PdfParser, PdfSyntaxError } from "../../src/pdf/parser.ts";
import { PdfRef, PdfStream } from "../../src/pdf/values.ts";

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const parse = (source: string) => new PdfParser(latin1(source)).readValue();

/** The document reader's parser: values as the standard writes them, and an error for what does not belong. */
describe("PdfParser", () => {
  it("reads dictionaries, arrays, references, numbers, strings, booleans and null", () => {
    expect(parse("<< /Kids [1 0 R 2 0 R] /Count 2 /Scale -1.5 /Title (A) /ID <0102> /Open true /Parent null >>")).toEqual(
      new Map<string, unknown>([
        ["Kids", [new PdfRef(1, 0), new PdfRef(2, 0)]],
        ["Count", 2],
        ["Scale", -1.5],
        ["Title", latin1("A")],
        ["ID", Uint8Array.of(1, 2)],
        ["Open", true],
        ["Parent", null],
      ]),
    );
  });

  it("reads an indirect object, and a stream through its indirect /Length", () => {
    const parser = new PdfParser(latin1("4 0 obj << /Length 9 0 R >> stream\nabcdef\nendstream endobj"), 0, () => 6);
    const object = parser.readIndirectObject();
    expect(object).toMatchObject({ num: 4, gen: 0 });
    expect(object.value).toBeInstanceOf(PdfStream);
    expect((object.value as PdfStream).data).toEqual(latin1("abcdef"));
    expect(parser.acceptKeyword("endobj")).toBe(true);
  });

  it("reads a malformed number as much as it reads as one, as viewers do", () => {
    expect(parse("[1.2.3 --5]")).toEqual([1.2, 0]);
  });

  it("leaves the position alone when the integer or keyword asked for does not come next", () => {
    const parser = new PdfParser(latin1("-1 trailer"));
    expect(parser.readInteger()).toBeNull();
    expect(parser.acceptKeyword("trailer")).toBe(false);
    expect(parser.readValue()).toBe(-1);
    expect(parser.acceptKeyword("trailer")).toBe(true);
  });

  it.each([
    ["a key that is no name", "<< (Key) 1 >>"],
    ["an unterminated string", "(open"],
    ["an unterminated hex string", "<41"],
    ["a stray byte", "[1 ) 2]"],
    ["a word that is no value", "<< /A endobj >>"],
    ["a stream without endstream", "<< /Length 3 >> stream\nabc"],
    ["the end of the file inside a dictionary", "<< /A 1"],
    [`nesting deeper than ${MAX_PDF_NESTING}`, `${"[".repeat(MAX_PDF_NESTING + 2)}${"]".repeat(MAX_PDF_NESTING + 2)}`],
  ])("refuses %s", (_, source) => {
    expect(() => parse(source)).toThrow(PdfSyntaxError);
  });
});
