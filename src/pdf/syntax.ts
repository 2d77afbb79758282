import { MAX_PDF_NESTING } from "./limits.ts";

/** `n g R` */
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/** A stream object: its dictionary and its still-encoded bytes. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array,
  ) {}
}

export type PdfDict = Map<string, PdfValue>;

/** Names are JS strings (without the slash), strings are their raw bytes. */
export type PdfValue = null | boolean | number | string | Uint8Array | PdfRef | PdfDict | PdfStream | PdfValue[];

/** A syntax error at a byte offset: callers fall back to another way of finding the object. */
export class PdfSyntaxError extends Error {
  override name = "PdfSyntaxError";
}

const enum Char {
  Tab = 0x09,
  LineFeed = 0x0a,
  FormFeed = 0x0c,
  Return = 0x0d,
  Space = 0x20,
  Percent = 0x25,
  OpenParen = 0x28,
  CloseParen = 0x29,
  Plus = 0x2b,
  Minus = 0x2d,
  Dot = 0x2e,
  Slash = 0x2f,
  Zero = 0x30,
  Nine = 0x39,
  Less = 0x3c,
  Greater = 0x3e,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
  Hash = 0x23,
}

export function isWhitespace(c: number | undefined): boolean {
  return c === Char.Space || c === Char.LineFeed || c === Char.Return || c === Char.Tab || c === Char.FormFeed || c === 0;
}

function isDelimiter(c: number | undefined): boolean {
  return (
    c === Char.OpenParen ||
    c === Char.CloseParen ||
    c === Char.Less ||
    c === Char.Greater ||
    c === Char.OpenBracket ||
    c === Char.CloseBracket ||
    c === Char.OpenBrace ||
    c === Char.CloseBrace ||
    c === Char.Slash ||
    c === Char.Percent
  );
}

export function isRegular(c: number | undefined): boolean {
  return c !== undefined && !isWhitespace(c) && !isDelimiter(c);
}

export function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= Char.Zero && c <= Char.Nine;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** \n \r \t \b \f in literal strings. */
const ESCAPES: Readonly<Record<number, number>> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };

/** Finds `needle` (ASCII) in `bytes` from `from`; -1 when absent. */
export function indexOfAscii(bytes: Uint8Array, needle: string, from = 0, to = bytes.length): number {
  const first = needle.charCodeAt(0);
  const last = Math.min(to, bytes.length) - needle.length;
  for (let i = bytes.indexOf(first, from); i !== -1 && i <= last; i = bytes.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle.charCodeAt(j)) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** Finds the last `needle` (ASCII) starting before `before`; -1 when absent. */
export function lastIndexOfAscii(bytes: Uint8Array, needle: string, before = bytes.length, notBefore = 0): number {
  const first = needle.charCodeAt(0);
  for (let i = bytes.lastIndexOf(first, before - 1); i >= notBefore && i !== -1; i = i === 0 ? -1 : bytes.lastIndexOf(first, i - 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle.charCodeAt(j)) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

const endstreams = new WeakMap<Uint8Array, number[]>();

/**
 * The first `endstream` at or after `from`. The positions are found in one
 * pass per file: searching afresh for every stream with a wrong /Length
 * would be quadratic in a file forged with many streams and no endstream.
 */
function nextEndstream(bytes: Uint8Array, from: number): number {
  let positions = endstreams.get(bytes);
  if (!positions) {
    positions = [];
    for (let at = indexOfAscii(bytes, "endstream"); at !== -1; at = indexOfAscii(bytes, "endstream", at + 9)) positions.push(at);
    endstreams.set(bytes, positions);
  }
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (positions[middle]! < from) low = middle + 1;
    else high = middle;
  }
  return positions[low] ?? -1;
}

/**
 * Reads PDF values from bytes (ISO 32000-2 §7.2-7.3). `lengthOf` resolves a
 * stream's /Length when it is an indirect reference.
 */
export class PdfLexer {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
    private readonly lengthOf: (value: PdfValue) => number | null = (value) => (typeof value === "number" ? value : null),
  ) {}

  skipWhitespace(): void {
    const bytes = this.bytes;
    for (;;) {
      const c = bytes[this.pos];
      if (isWhitespace(c)) this.pos++;
      else if (c === Char.Percent) {
        while (this.pos < bytes.length && bytes[this.pos] !== Char.LineFeed && bytes[this.pos] !== Char.Return) this.pos++;
      } else return;
    }
  }

  /** The keyword (a run of regular characters) at the current position, without consuming it. */
  peekKeyword(): string {
    this.skipWhitespace();
    let end = this.pos;
    while (end - this.pos < 16 && isRegular(this.bytes[end])) end++;
    return String.fromCharCode(...this.bytes.subarray(this.pos, end));
  }

  /** Consumes `keyword` when it comes next; says whether it did. */
  acceptKeyword(keyword: string): boolean {
    if (this.peekKeyword() !== keyword) return false;
    this.pos += keyword.length;
    return true;
  }

  expectKeyword(keyword: string): void {
    if (!this.acceptKeyword(keyword)) throw new PdfSyntaxError(`expected ${keyword} at ${this.pos}`);
  }

  /** A non-negative integer, or null (position unchanged) when none comes next. */
  readInteger(): number | null {
    this.skipWhitespace();
    const start = this.pos;
    let end = start;
    let value = 0;
    while (isDigit(this.bytes[end]) && end - start < 15) value = value * 10 + this.bytes[end++]! - Char.Zero;
    if (end === start || isRegular(this.bytes[end])) return null;
    this.pos = end;
    return value;
  }

  readValue(depth = 0): PdfValue {
    if (depth > MAX_PDF_NESTING) throw new PdfSyntaxError(`objects nested deeper than ${MAX_PDF_NESTING}`);
    this.skipWhitespace();
    const bytes = this.bytes;
    const c = bytes[this.pos];
    if (c === undefined) throw new PdfSyntaxError("unexpected end of file");
    if (c === Char.Slash) return this.readName();
    if (c === Char.OpenParen) return this.readLiteralString();
    if (c === Char.Less) return bytes[this.pos + 1] === Char.Less ? this.readDictionary(depth) : this.readHexString();
    if (c === Char.OpenBracket) {
      this.pos++;
      const array: PdfValue[] = [];
      for (;;) {
        this.skipWhitespace();
        if (bytes[this.pos] === Char.CloseBracket) {
          this.pos++;
          return array;
        }
        array.push(this.readValue(depth + 1));
      }
    }
    if (isDigit(c) || c === Char.Plus || c === Char.Minus || c === Char.Dot) {
      const start = this.pos;
      const num = this.readInteger();
      if (num !== null) {
        // `n g R` is a reference; anything else leaves the number alone.
        const afterNumber = this.pos;
        const gen = this.readInteger();
        if (gen !== null && this.acceptKeyword("R")) return new PdfRef(num, gen);
        this.pos = afterNumber;
        return num;
      }
      this.pos = start;
      return this.readReal();
    }
    const keyword = this.peekKeyword();
    this.pos += keyword.length;
    if (keyword === "true") return true;
    if (keyword === "false") return false;
    if (keyword === "null") return null;
    throw new PdfSyntaxError(`unexpected ${keyword ? `keyword ${keyword}` : `byte ${c}`} at ${this.pos - keyword.length}`);
  }

  private readReal(): number {
    const start = this.pos;
    while (this.pos - start < 32 && (isDigit(this.bytes[this.pos]) || [Char.Plus, Char.Minus, Char.Dot].includes(this.bytes[this.pos]!))) this.pos++;
    const value = Number.parseFloat(String.fromCharCode(...this.bytes.subarray(start, this.pos)));
    return Number.isFinite(value) ? value : 0;
  }

  private readName(): string {
    const bytes = this.bytes;
    this.pos++;
    const out: number[] = [];
    while (isRegular(bytes[this.pos]) && out.length < 256) {
      const c = bytes[this.pos]!;
      if (c === Char.Hash && hexValue(bytes[this.pos + 1] ?? 0) >= 0 && hexValue(bytes[this.pos + 2] ?? 0) >= 0) {
        out.push(hexValue(bytes[this.pos + 1]!) * 16 + hexValue(bytes[this.pos + 2]!));
        this.pos += 3;
      } else {
        out.push(c);
        this.pos++;
      }
    }
    return String.fromCharCode(...out);
  }

  private readLiteralString(): Uint8Array {
    const bytes = this.bytes;
    this.pos++;
    const out: number[] = [];
    let nesting = 1;
    while (this.pos < bytes.length) {
      const c = bytes[this.pos++]!;
      if (c === Char.OpenParen) nesting++;
      else if (c === Char.CloseParen && --nesting === 0) return Uint8Array.from(out);
      if (c !== Char.Backslash) {
        out.push(c);
        continue;
      }
      const e = bytes[this.pos++];
      if (e === undefined) break;
      const escaped = ESCAPES[e];
      if (escaped !== undefined) out.push(escaped);
      else if (e >= 0x30 && e <= 0x37) {
        let code = e - 0x30;
        for (let i = 0; i < 2 && bytes[this.pos]! >= 0x30 && bytes[this.pos]! <= 0x37; i++) code = code * 8 + bytes[this.pos++]! - 0x30;
        out.push(code & 0xff);
      } else if (e === Char.Return) {
        if (bytes[this.pos] === Char.LineFeed) this.pos++;
      } else if (e !== Char.LineFeed) out.push(e);
    }
    throw new PdfSyntaxError("unterminated string");
  }

  private readHexString(): Uint8Array {
    const bytes = this.bytes;
    this.pos++;
    const out: number[] = [];
    let high = -1;
    while (this.pos < bytes.length) {
      const c = bytes[this.pos++]!;
      if (c === Char.Greater) {
        if (high >= 0) out.push(high * 16);
        return Uint8Array.from(out);
      }
      const value = hexValue(c);
      if (value < 0) continue;
      if (high < 0) high = value;
      else {
        out.push(high * 16 + value);
        high = -1;
      }
    }
    throw new PdfSyntaxError("unterminated hex string");
  }

  private readDictionary(depth: number): PdfDict | PdfStream {
    const bytes = this.bytes;
    this.pos += 2;
    const dict: PdfDict = new Map();
    for (;;) {
      this.skipWhitespace();
      if (bytes[this.pos] === Char.Greater && bytes[this.pos + 1] === Char.Greater) {
        this.pos += 2;
        break;
      }
      const key = this.readValue(depth + 1);
      if (typeof key !== "string") throw new PdfSyntaxError(`dictionary key is not a name at ${this.pos}`);
      dict.set(key, this.readValue(depth + 1));
    }
    if (this.peekKeyword() !== "stream") return dict;
    this.pos += "stream".length;
    return new PdfStream(dict, this.readStreamData(dict));
  }

  /** The bytes between `stream` and `endstream`: /Length when it is right, else up to the keyword. */
  private readStreamData(dict: PdfDict): Uint8Array {
    const bytes = this.bytes;
    if (bytes[this.pos] === Char.Return) this.pos++;
    if (bytes[this.pos] === Char.LineFeed) this.pos++;
    const start = this.pos;
    const length = this.lengthOf(dict.get("Length") ?? null);
    if (length !== null && length >= 0 && start + length <= bytes.length) {
      this.pos = start + length;
      if (this.acceptKeyword("endstream")) return bytes.subarray(start, start + length);
    }
    const end = nextEndstream(bytes, start);
    if (end === -1) throw new PdfSyntaxError(`stream at ${start} has no endstream`);
    let dataEnd = end;
    if (bytes[dataEnd - 1] === Char.LineFeed) dataEnd--;
    if (bytes[dataEnd - 1] === Char.Return) dataEnd--;
    this.pos = end + "endstream".length;
    return bytes.subarray(start, Math.max(start, dataEnd));
  }

  /** `num gen obj value endobj` at the current position. */
  readIndirectObject(): { num: number; gen: number; value: PdfValue } {
    const num = this.readInteger();
    const gen = this.readInteger();
    if (num === null || gen === null || !this.acceptKeyword("obj")) throw new PdfSyntaxError(`no object at ${this.pos}`);
    return { num, gen, value: this.readValue() };
  }
}

/** A PDF text string: UTF-16BE or UTF-8 with their byte order marks, else PDFDocEncoding (read as Latin-1, which it matches for file names). */
export function pdfText(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder().decode(bytes.subarray(3));
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
