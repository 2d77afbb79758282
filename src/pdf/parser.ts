import { MAX_PDF_NESTING } from "./limits.ts";
import { PdfLexer, type TokenKind } from "./lexer.ts";
import { PdfRef, PdfStream, type PdfDict, type PdfValue } from "./values.ts";

/** A syntax error at a byte offset: callers fall back to another way of finding the object. */
export class PdfSyntaxError extends Error {
  override name = "PdfSyntaxError";
}

/** An object whose string or stream ran into the end of the file: finding that out read the rest of the file. */
export class PdfRanToEnd extends PdfSyntaxError {
  override name = "PdfRanToEnd";
}

/** A run of signs, digits and dots that is no number (`--5`, `1.2.3`). */
const MALFORMED_NUMBER = /^[+\-.\d]+$/;

/**
 * Reads PDF values (ISO 32000-2 §7.3) from the lexer's tokens, for the
 * document reader: whatever does not belong where it stands throws a
 * PdfSyntaxError, and the reader looks for the object another way.
 * `lengthOf` resolves a stream's /Length when it is an indirect reference.
 */
export class PdfParser {
  private readonly lexer: PdfLexer;

  constructor(
    bytes: Uint8Array,
    pos = 0,
    private readonly lengthOf: (value: PdfValue) => number | null = (value) => (typeof value === "number" ? value : null),
  ) {
    this.lexer = new PdfLexer(bytes, pos);
  }

  get pos(): number {
    return this.lexer.pos;
  }

  set pos(pos: number) {
    this.lexer.pos = pos;
  }

  /** Consumes `keyword` when it comes next; says whether it did. */
  acceptKeyword(keyword: string): boolean {
    this.lexer.next();
    if (this.lexer.isKeyword(keyword)) return true;
    this.lexer.unread();
    return false;
  }

  /** A non-negative integer, or null (position unchanged) when none comes next. */
  readInteger(): number | null {
    this.lexer.next();
    if (this.lexer.isUnsignedInteger()) return this.lexer.number;
    this.lexer.unread();
    return null;
  }

  readValue(depth = 0): PdfValue {
    return this.value(this.lexer.next(), depth);
  }

  /** `num gen obj value` at the current position (what follows the value is not checked). */
  readIndirectObject(): { num: number; gen: number; value: PdfValue } {
    const num = this.readInteger();
    const gen = this.readInteger();
    if (num === null || gen === null || !this.acceptKeyword("obj")) throw new PdfSyntaxError(`no object at ${this.pos}`);
    return { num, gen, value: this.readValue() };
  }

  /** The value that starts with the token just read. */
  private value(kind: TokenKind, depth: number): PdfValue {
    if (depth > MAX_PDF_NESTING) throw new PdfSyntaxError(`objects nested deeper than ${MAX_PDF_NESTING}`);
    const lexer = this.lexer;
    switch (kind) {
      case "name":
        return lexer.name;
      case "string":
        if (!lexer.closed) throw new PdfRanToEnd(`unterminated string at ${lexer.start}`);
        return lexer.string();
      case "number": {
        // `n g R` is a reference; anything else leaves the number alone.
        const num = lexer.number;
        if (!lexer.isUnsignedInteger()) return num;
        const afterNumber = lexer.pos;
        const gen = this.readInteger();
        if (gen !== null && this.acceptKeyword("R")) return new PdfRef(num, gen);
        lexer.pos = afterNumber;
        return num;
      }
      case "<<":
        return this.readDictionary(depth);
      case "[": {
        const array: PdfValue[] = [];
        for (let item = lexer.next(); item !== "]"; item = lexer.next()) array.push(this.value(item, depth + 1));
        return array;
      }
      case "keyword": {
        if (lexer.isKeyword("true")) return true;
        if (lexer.isKeyword("false")) return false;
        if (lexer.isKeyword("null")) return null;
        // Viewers read a malformed number rather than fail the object: as much of it as reads as one, else 0.
        const word = lexer.keyword();
        if (MALFORMED_NUMBER.test(word)) return Number.parseFloat(word) || 0;
        throw new PdfSyntaxError(`unexpected keyword ${word} at ${lexer.start}`);
      }
      case "end":
        throw new PdfSyntaxError("unexpected end of file");
      default:
        throw new PdfSyntaxError(`unexpected byte ${lexer.bytes[lexer.start]} at ${lexer.start}`);
    }
  }

  private readDictionary(depth: number): PdfDict | PdfStream {
    const lexer = this.lexer;
    const dict: PdfDict = new Map();
    for (let key = lexer.next(); key !== ">>"; key = lexer.next()) {
      if (key === "end") throw new PdfSyntaxError("unexpected end of file");
      if (key !== "name") throw new PdfSyntaxError(`dictionary key is not a name at ${lexer.start}`);
      const name = lexer.name;
      dict.set(name, this.readValue(depth + 1));
    }
    if (!this.acceptKeyword("stream")) return dict;
    const start = lexer.pos;
    const data = lexer.streamData(this.lengthOf(dict.get("Length") ?? null));
    if (!lexer.closed) throw new PdfRanToEnd(`stream at ${start} has no endstream`);
    return new PdfStream(dict, data);
  }
}
