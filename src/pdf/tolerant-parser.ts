import { MAX_PDF_NESTING } from "./limits.ts";
import type { PdfLexer, TokenKind } from "./lexer.ts";
import { PdfRef, type PdfDict, type PdfValue } from "./values.ts";

/** Containers nested deeper than MAX_PDF_NESTING: the one thing the tolerant parser does not step over. */
export class NestingTooDeep extends Error {}

/** Keywords that end an object: met inside an unclosed array or dictionary, they end it too, as viewers recover. */
const OBJECT_END = new Set(["endobj", "stream", "endstream", "obj", "xref", "trailer", "startxref"]);

/** What an item that ends the object reads as. */
const OBJECT_ENDS = Symbol("the object ends");

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
   * token that is no value, or that ends the object. Containers nest at most
   * MAX_PDF_NESTING deep.
   */
  value(kind: TokenKind, depth: number): PdfValue | undefined {
    const value = this.item(kind, depth);
    return value === OBJECT_ENDS ? undefined : value;
  }

  /** Like value(), but says when the token ends the object; it is then given back, to be read again as what it is. */
  private item(kind: TokenKind, depth: number): PdfValue | undefined | typeof OBJECT_ENDS {
    const lexer = this.lexer;
    switch (kind) {
      case "<<": {
        if (depth >= MAX_PDF_NESTING) throw new NestingTooDeep();
        const dict: PdfDict = new Map();
        for (let key = this.next(); key !== ">>" && key !== "end"; key = this.next()) {
          if (key !== "name") {
            // Not a key: skipped, as viewers do, unless it ends the object.
            if ((key === "keyword" || key === "number") && this.item(key, depth + 1) === OBJECT_ENDS) break;
            continue;
          }
          const name = lexer.name;
          const next = this.next();
          if (next === ">>" || next === "end") break;
          const value = this.item(next, depth + 1);
          if (value === OBJECT_ENDS) break;
          if (value !== undefined) dict.set(name, value);
        }
        return dict;
      }
      case "[": {
        if (depth >= MAX_PDF_NESTING) throw new NestingTooDeep();
        const items: PdfValue[] = [];
        for (let kind = this.next(); kind !== "]" && kind !== "end"; kind = this.next()) {
          const value = this.item(kind, depth + 1);
          if (value === OBJECT_ENDS) break;
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
        // Any two numbers and obj start the next object: this one left a container open and has no
        // endobj, and a viewer that follows the cross-reference table still finds the next one.
        const num = lexer.number;
        const start = lexer.start;
        const afterNumber = lexer.pos;
        if (this.next() === "number") {
          const gen = lexer.number;
          this.next();
          if (lexer.isKeyword("R")) return new PdfRef(num, gen);
          if (lexer.isKeyword("obj")) {
            lexer.pos = start;
            return OBJECT_ENDS;
          }
        }
        lexer.pos = afterNumber;
        return num;
      }
      case "keyword":
        if (OBJECT_END.has(lexer.keyword())) {
          lexer.unread();
          return OBJECT_ENDS;
        }
        return lexer.isKeyword("true") ? true : lexer.isKeyword("false") ? false : lexer.isKeyword("null") ? null : undefined;
      default:
        return undefined; // a stray closing bracket or brace
    }
  }
}
