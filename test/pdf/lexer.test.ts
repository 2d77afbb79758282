import { describe, expect, it } from "vitest";
import { PdfLexer } from "../../src/pdf/lexer.ts";
import { MAX_PDF_ENDSTREAM_GAP_BYTES, MAX_PDF_STRING_BYTES } from "../../src/pdf/limits.ts";

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** Every token of `source`, each with its value as text. */
function tokens(source: string): string[] {
  const lexer = new PdfLexer(latin1(source));
  const out: string[] = [];
  for (let kind = lexer.next(); kind !== "end"; kind = lexer.next()) {
    if (kind === "name") out.push(`name ${lexer.name}`);
    else if (kind === "number") out.push(`number ${lexer.number}`);
    else if (kind === "string") out.push(`string ${text(lexer.string())}`);
    else if (kind === "keyword") out.push(`keyword ${lexer.keyword()}`);
    else out.push(kind);
  }
  return out;
}

/** The lexer under both PDF readers: what each token means, whatever the bytes around it. */
describe("PdfLexer", () => {
  it("decodes #xx escapes in names, keeping a # that escapes nothing", () => {
    expect(tokens("/J#61va#53cript /A#2 /B#zz /")).toEqual(["name JavaScript", "name A#2", "name B#zz", "name "]);
  });

  it("decodes escapes in literal strings, with balanced and escaped parentheses and line continuations", () => {
    expect(tokens("(a\\n\\101\\7x (b) \\) \\\\ c\\\r\nd)")).toEqual(["string a\nA\x07x (b) ) \\ cd"]);
  });

  it("reads hex strings across white space, an odd last digit standing for its high half", () => {
    expect(tokens("<41 42\n4> <>")).toEqual(["string AB@", "string "]);
  });

  it("keeps at most MAX_PDF_STRING_BYTES of a string, and reads on after it", () => {
    const lexer = new PdfLexer(latin1(`(${"x".repeat(MAX_PDF_STRING_BYTES + 10)}) /After`));
    lexer.next();
    expect(lexer.string()).toHaveLength(MAX_PDF_STRING_BYTES);
    expect(lexer.next()).toBe("name");
    expect(lexer.name).toBe("After");
  });

  it("tells numbers, as the standard writes them, from other words", () => {
    expect(tokens("12 -3 +.5 4. 0.25 1.2.3 --5 1e5 R obj")).toEqual([
      "number 12",
      "number -3",
      "number 0.5",
      "number 4",
      "number 0.25",
      "keyword 1.2.3",
      "keyword --5",
      "keyword 1e5",
      "keyword R",
      "keyword obj",
    ]);
  });

  it("reads delimiters, skips comments and gives a stray byte as junk", () => {
    expect(tokens("<< /A [1] >> % /Hidden\r{ } ) > /B")).toEqual(["<<", "name A", "[", "number 1", "]", ">>", "{", "}", "junk", "junk", "name B"]);
  });

  it("never fails: an unterminated string runs to the end, and so does an offset past it", () => {
    const lexer = new PdfLexer(latin1("(open ( string"));
    expect(lexer.next()).toBe("string");
    expect(lexer.closed).toBe(false);
    expect(text(lexer.string())).toBe("open ( string");
    expect(lexer.next()).toBe("end");
    expect(new PdfLexer(latin1("1 0 obj"), 99).next()).toBe("end");
    expect(new PdfLexer(latin1("1 0 obj"), -1).next()).toBe("end");
  });

  it("reads a token again after unread", () => {
    const lexer = new PdfLexer(latin1("1 0 R"));
    lexer.next();
    lexer.next();
    lexer.unread();
    expect(lexer.next()).toBe("number");
    expect(lexer.number).toBe(0);
  });

  describe("streamData", () => {
    const data = (source: string, length: number | null) => {
      const lexer = new PdfLexer(latin1(source));
      while (lexer.next() !== "end" && !lexer.isKeyword("stream"));
      const bytes = lexer.streamData(length);
      lexer.next();
      return { data: text(bytes), closed: lexer.closed, after: lexer.keyword() };
    };

    it("takes /Length bytes when endstream follows them, even if the data holds one", () => {
      expect(data("stream\r\nab endstream cd\nendstream endobj", 15)).toEqual({ data: "ab endstream cd", closed: true, after: "endobj" });
    });

    it("searches for endstream when /Length is wrong or unknown, leaving out the end-of-line before it", () => {
      expect(data("stream\nabc\r\nendstream endobj", 99)).toEqual({ data: "abc", closed: true, after: "endobj" });
      expect(data("stream\nabc\nendstream endobj", null)).toEqual({ data: "abc", closed: true, after: "endobj" });
    });

    it(`looks at most ${MAX_PDF_ENDSTREAM_GAP_BYTES} bytes past /Length for endstream`, () => {
      const far = `stream\nabc${" ".repeat(MAX_PDF_ENDSTREAM_GAP_BYTES + 1)}endstream endobj`;
      expect(data(far, 3).data).toHaveLength(3 + MAX_PDF_ENDSTREAM_GAP_BYTES + 1);
      const near = `stream\nabc${" ".repeat(MAX_PDF_ENDSTREAM_GAP_BYTES)}endstream endobj`;
      expect(data(near, 3).data).toBe("abc");
    });

    it("runs to the end of the bytes when no endstream follows", () => {
      const lexer = new PdfLexer(latin1("stream\nabc"));
      lexer.next();
      expect(text(lexer.streamData(null))).toBe("abc");
      expect(lexer.closed).toBe(false);
      expect(lexer.next()).toBe("end");
    });
  });
});
