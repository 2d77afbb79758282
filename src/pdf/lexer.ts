import { indexOfAscii } from "../bytes.ts";
import { MAX_PDF_ENDSTREAM_GAP_BYTES, MAX_PDF_NAME_BYTES, MAX_PDF_STRING_BYTES } from "./limits.ts";

const enum Char {
  Tab = 0x09,
  LineFeed = 0x0a,
  FormFeed = 0x0c,
  Return = 0x0d,
  Space = 0x20,
  Hash = 0x23,
  Percent = 0x25,
  OpenParen = 0x28,
  CloseParen = 0x29,
  Plus = 0x2b,
  Minus = 0x2d,
  Dot = 0x2e,
  Slash = 0x2f,
  Zero = 0x30,
  Seven = 0x37,
  Nine = 0x39,
  Less = 0x3c,
  Greater = 0x3e,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
}

const enum CharClass {
  Regular = 0,
  Whitespace = 1,
  Delimiter = 2,
}

/** Each byte's class (ISO 32000-2 §7.2.3), looked up rather than compared: the lexer asks it of every byte outside stream data. */
const CLASSES = new Uint8Array(256);
for (const c of [0, Char.Tab, Char.LineFeed, Char.FormFeed, Char.Return, Char.Space]) CLASSES[c] = CharClass.Whitespace;
for (const c of "()<>[]{}/%") CLASSES[c.charCodeAt(0)] = CharClass.Delimiter;

/** Each byte's value as a hexadecimal digit, -1 for other bytes. */
const HEX_DIGITS = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) HEX_DIGITS["0123456789abcdef".charCodeAt(i)] = HEX_DIGITS["0123456789ABCDEF".charCodeAt(i)] = i;

/** \n \r \t \b \f in literal strings; any other escaped byte stands for itself. */
const ESCAPES: Readonly<Record<number, number>> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };

/** Numbers and keywords are a few characters long: a longer run is no number, and no more of it becomes a string. */
const MAX_WORD_CHARS = 64;

export function isWhitespace(c: number | undefined): boolean {
  return c !== undefined && CLASSES[c] === CharClass.Whitespace;
}

export function isRegular(c: number | undefined): boolean {
  return c !== undefined && CLASSES[c] === CharClass.Regular;
}

export function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= Char.Zero && c <= Char.Nine;
}

function isOctal(c: number | undefined): boolean {
  return c !== undefined && c >= Char.Zero && c <= Char.Seven;
}

function hexDigit(c: number | undefined): number {
  return c === undefined ? -1 : HEX_DIGITS[c]!;
}

/** Bytes as the Latin-1 characters they are (names and keywords are ASCII in practice). */
function latin1(codes: ArrayLike<number>): string {
  return String.fromCharCode.apply(null, codes as number[]);
}

/**
 * What a token is. `junk` is a byte no token starts with (a stray `)` or
 * `>`); `end` means no bytes are left.
 */
export type TokenKind = "name" | "string" | "number" | "keyword" | "<<" | ">>" | "[" | "]" | "{" | "}" | "junk" | "end";

/**
 * PDF's tokens (ISO 32000-2 §7.2), white space and comments skipped, read
 * in place one at a time: `kind` says what the current token is, `start`
 * and `pos` where it begins and ends. It never fails: whatever the bytes,
 * each call gives a token, and the parsers on top decide what junk means.
 * The document reader's parser (parser.ts) refuses it; the scan rules'
 * sweep (objects.ts) steps over it.
 *
 * A name's or number's value is decoded as the token is read; a string's
 * only when asked for, so that looking ahead past one costs no copy.
 */
export class PdfLexer {
  kind: TokenKind = "end";
  start = 0;
  /** A name token's name, without the slash and with its `#xx` escapes decoded: `/J#61vaScript` is JavaScript. */
  name = "";
  /** A number token's value. */
  number = 0;
  /** False when the last string token, or the last stream's data, ran into the end of the bytes. */
  closed = true;

  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {}

  /** Reads the next token and says what it is. */
  next(): TokenKind {
    const bytes = this.bytes;
    let i = this.pos;
    for (;;) {
      while (isWhitespace(bytes[i])) i++;
      if (bytes[i] !== Char.Percent) break;
      while (i < bytes.length && bytes[i] !== Char.LineFeed && bytes[i] !== Char.Return) i++;
    }
    this.start = i;
    this.pos = i + 1;
    switch (bytes[i]) {
      case undefined:
        // Also what a position outside the bytes (a forged offset) reads as.
        this.pos = i;
        return (this.kind = "end");
      case Char.Slash:
        return this.readName();
      case Char.OpenParen:
        return this.skipLiteralString();
      case Char.Less:
        if (bytes[i + 1] !== Char.Less) return this.skipHexString();
        this.pos = i + 2;
        return (this.kind = "<<");
      case Char.Greater:
        if (bytes[i + 1] !== Char.Greater) return (this.kind = "junk");
        this.pos = i + 2;
        return (this.kind = ">>");
      case Char.CloseParen:
        return (this.kind = "junk");
      case Char.OpenBracket:
        return (this.kind = "[");
      case Char.CloseBracket:
        return (this.kind = "]");
      case Char.OpenBrace:
        return (this.kind = "{");
      case Char.CloseBrace:
        return (this.kind = "}");
      default:
        return this.readWord();
    }
  }

  /** Steps back to the start of the current token, so that the next call reads it again. */
  unread(): void {
    this.pos = this.start;
  }

  /** Whether the current token is the keyword `word`. */
  isKeyword(word: string): boolean {
    if (this.kind !== "keyword" || this.pos - this.start !== word.length) return false;
    for (let k = 0; k < word.length; k++) if (this.bytes[this.start + k] !== word.charCodeAt(k)) return false;
    return true;
  }

  /** The current keyword's text (its start, for a long one). */
  keyword(): string {
    return latin1(this.bytes.subarray(this.start, Math.min(this.pos, this.start + MAX_WORD_CHARS)));
  }

  /** Whether the current token is a number written with digits only: what object numbers, generations and offsets are. */
  isUnsignedInteger(): boolean {
    if (this.kind !== "number") return false;
    for (let i = this.start; i < this.pos; i++) if (!isDigit(this.bytes[i])) return false;
    return true;
  }

  /** The current string token's bytes (literal or hex), escapes decoded; at most MAX_PDF_STRING_BYTES of them. */
  string(): Uint8Array {
    const end = this.closed ? this.pos - 1 : this.pos;
    return this.bytes[this.start] === Char.OpenParen ? decodeLiteralString(this.bytes, this.start + 1, end) : decodeHexString(this.bytes, this.start + 1, end);
  }

  /**
   * The data of a stream whose `stream` keyword was just read: `length`
   * bytes when that many are there and `endstream` follows them, else the
   * bytes up to the next `endstream` (/Length is often wrong, or indirect
   * and not known to the caller). The lexer continues after `endstream`;
   * when none follows, the data runs to the end and `closed` is false.
   */
  streamData(length: number | null): Uint8Array {
    const bytes = this.bytes;
    let start = this.pos;
    if (bytes[start] === Char.Return) start++;
    if (bytes[start] === Char.LineFeed) start++;
    if (length !== null && length >= 0 && start + length <= bytes.length) {
      let after = start + length;
      const gapEnd = after + MAX_PDF_ENDSTREAM_GAP_BYTES;
      while (after < gapEnd && isWhitespace(bytes[after])) after++;
      if (indexOfAscii(bytes, "endstream", after, after + 9) === after && !isRegular(bytes[after + 9])) {
        this.pos = after + 9;
        this.closed = true;
        return bytes.subarray(start, start + length);
      }
    }
    const end = nextEndstream(bytes, start);
    this.closed = end !== -1;
    if (end === -1) {
      this.pos = bytes.length;
      return bytes.subarray(start);
    }
    this.pos = end + 9;
    let dataEnd = end;
    if (bytes[dataEnd - 1] === Char.LineFeed) dataEnd--;
    if (bytes[dataEnd - 1] === Char.Return) dataEnd--;
    return bytes.subarray(start, Math.max(start, dataEnd));
  }

  private readName(): TokenKind {
    const bytes = this.bytes;
    const from = this.start + 1;
    let end = from;
    let escaped = false;
    for (let c = bytes[end]; isRegular(c); c = bytes[++end]) if (c === Char.Hash) escaped = true;
    this.pos = end;
    this.name = escaped ? decodeName(bytes, from, end) : latin1(bytes.subarray(from, Math.min(end, from + MAX_PDF_NAME_BYTES)));
    return (this.kind = "name");
  }

  /** A run of regular characters: a number when it is written as one (ISO 32000-2 §7.3.3), else a keyword. */
  private readWord(): TokenKind {
    const bytes = this.bytes;
    const start = this.start;
    let end = start + 1;
    while (isRegular(bytes[end])) end++;
    this.pos = end;
    return (this.kind = end - start <= MAX_WORD_CHARS && this.readNumber(start, end) ? "number" : "keyword");
  }

  /** Sets `number` when the bytes are `[+-]?(\d+\.?\d*|\.\d+)`, and says whether they are. */
  private readNumber(start: number, end: number): boolean {
    const bytes = this.bytes;
    let i = start;
    if (bytes[i] === Char.Plus || bytes[i] === Char.Minus) i++;
    let digits = 0;
    let dot = false;
    let value = 0;
    for (; i < end; i++) {
      const c = bytes[i]!;
      if (c >= Char.Zero && c <= Char.Nine) {
        value = value * 10 + c - Char.Zero;
        digits++;
      } else if (c === Char.Dot && !dot) dot = true;
      else return false;
    }
    if (digits === 0) return false;
    // Integers short enough to be exact are summed above; the rest are left to JavaScript's own reading.
    this.number = dot || digits > 15 ? Number(latin1(bytes.subarray(start, end))) : bytes[start] === Char.Minus ? -value : value;
    return true;
  }

  /** Steps over a literal string: balanced parentheses, and any byte after a backslash, are part of it. */
  private skipLiteralString(): TokenKind {
    const bytes = this.bytes;
    let depth = 1;
    for (let i = this.start + 1; i < bytes.length; ) {
      const c = bytes[i++];
      if (c === Char.Backslash) i++;
      else if (c === Char.OpenParen) depth++;
      else if (c === Char.CloseParen && --depth === 0) {
        this.pos = i;
        this.closed = true;
        return (this.kind = "string");
      }
    }
    this.pos = bytes.length;
    this.closed = false;
    return (this.kind = "string");
  }

  private skipHexString(): TokenKind {
    const end = this.bytes.indexOf(Char.Greater, this.start + 1);
    this.closed = end !== -1;
    this.pos = end === -1 ? this.bytes.length : end + 1;
    return (this.kind = "string");
  }
}

function decodeName(bytes: Uint8Array, from: number, to: number): string {
  const out: number[] = [];
  for (let i = from; i < to && out.length < MAX_PDF_NAME_BYTES; ) {
    const c = bytes[i]!;
    const high = c === Char.Hash ? hexDigit(bytes[i + 1]) : -1;
    const low = high >= 0 ? hexDigit(bytes[i + 2]) : -1;
    if (low >= 0) {
      out.push(high * 16 + low);
      i += 3;
    } else {
      out.push(c);
      i++;
    }
  }
  return latin1(out);
}

/** Where strings are decoded before they are copied out at their length: one allocation a string. */
const scratch = new Uint8Array(MAX_PDF_STRING_BYTES);

function decodeLiteralString(bytes: Uint8Array, from: number, to: number): Uint8Array {
  const out = scratch;
  let n = 0;
  for (let i = from; i < to && n < out.length; ) {
    const c = bytes[i++]!;
    if (c !== Char.Backslash) {
      out[n++] = c;
      continue;
    }
    if (i >= to) break;
    const e = bytes[i++]!;
    const escaped = ESCAPES[e];
    if (escaped !== undefined) out[n++] = escaped;
    else if (isOctal(e)) {
      let code = e - Char.Zero;
      for (let k = 0; k < 2 && i < to && isOctal(bytes[i]); k++) code = code * 8 + bytes[i++]! - Char.Zero;
      out[n++] = code & 0xff;
    } else if (e === Char.Return) {
      if (bytes[i] === Char.LineFeed) i++; // a line continuation
    } else if (e !== Char.LineFeed) out[n++] = e;
  }
  return out.slice(0, n);
}

function decodeHexString(bytes: Uint8Array, from: number, to: number): Uint8Array {
  const out = scratch;
  let n = 0;
  let high = -1;
  for (let i = from; i < to && n < out.length; i++) {
    const digit = hexDigit(bytes[i]);
    if (digit < 0) continue;
    if (high < 0) high = digit;
    else {
      out[n++] = high * 16 + digit;
      high = -1;
    }
  }
  // An odd last digit stands for its high half.
  if (high >= 0 && n < out.length) out[n++] = high * 16;
  return out.slice(0, n);
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
