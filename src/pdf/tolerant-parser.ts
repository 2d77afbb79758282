import { MAX_PDF_NESTING } from "./limits.ts";
import type { PdfLexer, TokenKind } from "./lexer.ts";
import { PdfRef, type PdfDict, type PdfValue } from "./values.ts";

/** Containers nested deeper than MAX_PDF_NESTING: the one thing the tolerant parser does not step over. */
export class NestingTooDeep extends Error {}

/** Keywords that end an object: met inside an unclosed array or dictionary, they end it too, as viewers recover. */
const OBJECT_END = new Set(["endobj", "stream", "endstream", "obj", "xref", "trailer", "startxref"]);

/**
 * Reads PDF values from the lexer's tokens as a viewer that repairs files
 * does, for the scan rules' sweep (objects.ts): stray bytes, dictionary keys
 * that are no names and tokens that are no values are stepped over, and a
 * container left open ends where its object does. Every name it meets is
 * added to `names` (when given), read back or not.
 */
export class TolerantParser {
  constructor(
    readonly lexer: PdfLexer,
    private readonly names: Set<string> | null,
  ) {}

  /** The next token, stray bytes stepped over. */
  next(): TokenKind {
    for (;;) {
      const kind = this.lexer.next();
      if (kind === "name") this.names?.add(this.lexer.name);
      if (kind !== "junk") return kind;
    }
  }

  /** Consumes `keyword` when it comes next; says whether it did. */
  accept(keyword: string): boolean {
    this.next();
    if (this.lexer.isKeyword(keyword)) return true;
    this.lexer.unread();
    return false;
  }

  /**
   * The value that starts with the token just read, as the document reader
   * represents it (names as strings, strings as bytes); undefined for a
   * token that is no value. Containers nest at most MAX_PDF_NESTING deep.
   */
  value(kind: TokenKind, depth: number): PdfValue | undefined {
    const lexer = this.lexer;
    switch (kind) {
      case "<<": {
        if (depth >= MAX_PDF_NESTING) throw new NestingTooDeep();
        const dict: PdfDict = new Map();
        for (let key = this.next(); key !== ">>" && key !== "end"; key = this.next()) {
          if (this.endsObject()) break;
          if (key !== "name") continue; // not a key: skipped, as viewers do
          const name = lexer.name;
          const next = this.next();
          if (next === ">>" || next === "end" || this.endsObject()) break;
          const value = this.value(next, depth + 1);
          if (value !== undefined) dict.set(name, value);
        }
        return dict;
      }
      case "[": {
        if (depth >= MAX_PDF_NESTING) throw new NestingTooDeep();
        const items: PdfValue[] = [];
        for (let item = this.next(); item !== "]" && item !== "end"; item = this.next()) {
          if (this.endsObject()) break;
          const value = this.value(item, depth + 1);
          if (value !== undefined) items.push(value);
        }
        return items;
      }
      case "name":
        return lexer.name;
      case "string":
        return lexer.string();
      case "number": {
        // Any two numbers and R make a reference: the sweep keeps what a strict reader would refuse.
        const num = lexer.number;
        const afterNumber = lexer.pos;
        if (this.next() === "number") {
          const gen = lexer.number;
          if (this.next() === "keyword" && lexer.isKeyword("R")) return new PdfRef(num, gen);
        }
        lexer.pos = afterNumber;
        return num;
      }
      case "keyword":
        return lexer.isKeyword("true") ? true : lexer.isKeyword("false") ? false : lexer.isKeyword("null") ? null : undefined;
      default:
        return undefined; // a stray closing bracket or brace
    }
  }

  /** Whether the token just read is an object-ending keyword; if so it is given back, and the caller ends the object there. */
  private endsObject(): boolean {
    if (this.lexer.kind !== "keyword" || !OBJECT_END.has(this.lexer.keyword())) return false;
    this.lexer.unread();
    return true;
  }
}
