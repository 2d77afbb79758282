import { MAX_PDF_INFLATED_TOTAL_BYTES, MAX_PDF_NESTING, MAX_PDF_STRUCTURE_STREAM_BYTES } from "./limits.ts";
import { decodeStream } from "./filters.ts";
import { checkEmptyUserPassword } from "./security.ts";
import { indexOfAscii, isRegular, isWhitespace, pdfText, PdfRef, PdfStream, type PdfDict, type PdfValue } from "./syntax.ts";
import { Unreadable } from "../formats/unreadable.ts";

/**
 * What the safety rules need to know of a PDF: every name its objects use
 * (hex escapes decoded, object streams inflated), and the files it embeds.
 *
 * The e-invoice reader (src/einvoice/pdf/) follows the cross-reference data
 * to the one catalog a viewer shows, and gives up on what it cannot parse.
 * A scanner must not: an object no table lists, an older definition of a
 * redefined one, or one a strict parser refuses may still be reached by a
 * viewer that repairs the file. So this reader takes every `n g obj` in file
 * order with a tokenizer that never fails (every name it meets counts, even
 * in an object it cannot make sense of), and keeps every definition. It
 * shares the e-invoice reader's values, stream filters and limits.
 */

export interface EmbeddedFile {
  /** The name its file specification gives (/UF, else /F), or null for a stream no specification names. */
  name: string | null;
  /** The decoded bytes, or null when they could not be decoded (`problem` says why). */
  bytes: Uint8Array | null;
  problem: string | null;
}

export interface PdfEncryption {
  /** True when it opens with the empty user password (an owner password only); null for a security handler the check does not know. */
  opensWithoutPassword: boolean | null;
  /** What encryption keeps from the checks: its object streams, its embedded files; empty when nothing. */
  unchecked: ("object_streams" | "embedded_files")[];
}

export interface PdfContents {
  /** Every name the objects use, as a reader sees it: `/J#61vaScript` is `JavaScript`. */
  names: Set<string>;
  /**
   * Set when the trailer names an /Encrypt dictionary: strings and streams
   * are then encrypted, so object streams and embedded files are not read
   * (names in plain dictionaries are never encrypted, and are all read).
   */
  encryption: PdfEncryption | null;
  /** Parts whose names could not be read (an object stream in a filter that is not decoded, nesting too deep). */
  unreadable: string[];
  embeddedFiles: EmbeddedFile[];
  /** The decoded contents of the object streams, for rules that look for bytes (EICAR). */
  objectStreams: Uint8Array[];
  /** How many bytes decoding took from the budget. */
  decodedBytes: number;
}

/**
 * Every object's value (top level and in object streams) and every stream,
 * by object number. A number defined twice keeps both definitions: which
 * one a viewer takes depends on its cross-reference data and its repairs.
 */
interface PdfObjects {
  values: Map<number, PdfValue[]>;
  streams: Map<number, PdfStream[]>;
}

/** Budget of decoded bytes for one file, shared by all its streams. */
interface Budget {
  remaining: number;
}

class NestingTooDeep extends Error {}

/** Keywords that end an object: met inside an unclosed array or dictionary, they end it too, as viewers recover. */
const OBJECT_END = new Set(["endobj", "stream", "endstream", "obj", "xref", "trailer", "startxref"]);

/** At most this much of a string is kept: file names and keys, never page text. */
const MAX_STRING_BYTES = 4096;

/** Reads a PDF's objects, decoding at most `maxDecodedBytes` (a PDF embedded in another shares its budget). */
export async function readPdfObjects(bytes: Uint8Array, maxDecodedBytes = MAX_PDF_INFLATED_TOTAL_BYTES): Promise<PdfContents> {
  const names = new Set<string>();
  const objects: PdfObjects = { values: new Map(), streams: new Map() };
  const unreadable: string[] = [];
  /** The trailer (or cross-reference stream) that names /Encrypt; the last one in the file is the newest. */
  let secured: PdfDict | null = null;
  const budget: Budget = { remaining: maxDecodedBytes };

  try {
    const lexer = new Lexer(bytes, names);
    let before: Token | null = null;
    let last: Token | null = null;
    for (let token = lexer.next(); token; token = lexer.next()) {
      if (isKeyword(token, "obj") && before?.t === "number" && last?.t === "number") {
        const value = parseValue(lexer, lexer.next(), 0);
        if (value instanceof Map && isKeyword(lexer.peek(), "stream")) {
          lexer.next();
          const length = value.get("Length");
          const stream = new PdfStream(value, lexer.streamData(typeof length === "number" ? length : null));
          define(objects.streams, before.v, stream);
          if (value.has("Encrypt") && value.get("Type") === "XRef") secured = value;
        }
        if (value !== undefined) define(objects.values, before.v, value);
        before = last = null;
        continue;
      }
      if (isKeyword(token, "trailer")) {
        const trailer = parseValue(lexer, lexer.next(), 0);
        if (trailer instanceof Map && trailer.has("Encrypt")) secured = trailer;
      } else if (isKeyword(token, "stream")) {
        lexer.streamData(null); // a stream outside any object: skipped, never read as objects
      }
      before = last;
      last = token;
    }
  } catch (error) {
    if (!(error instanceof NestingTooDeep)) throw error;
    unreadable.push(`its objects are nested more than ${MAX_PDF_NESTING} levels deep`);
  }

  const encryption = secured ? encryptionOf(secured, objects) : null;
  const objectStreams: Uint8Array[] = [];
  if (!encryption) {
    for (const [num, streams] of objects.streams) {
      for (const stream of streams.filter((s) => s.dict.get("Type") === "ObjStm")) {
        const decoded = decode(stream, MAX_PDF_STRUCTURE_STREAM_BYTES, objects, budget);
        if ("problem" in decoded) {
          unreadable.push(`object stream ${num}: ${decoded.problem}`);
          continue;
        }
        objectStreams.push(decoded.bytes);
        try {
          readObjectStream(decoded.bytes, stream.dict, names, objects);
        } catch (error) {
          if (!(error instanceof NestingTooDeep)) throw error;
          unreadable.push(`object stream ${num}: its objects are nested more than ${MAX_PDF_NESTING} levels deep`);
        }
      }
    }
  }

  const embedded = embeddedStreams(objects);
  if (encryption && embedded.size > 0) encryption.unchecked.push("embedded_files");
  const embeddedFiles = encryption ? [] : decodeEmbedded(embedded, objects, budget);
  return { names, encryption, unreadable, embeddedFiles, objectStreams, decodedBytes: maxDecodedBytes - budget.remaining };
}

function define<T>(map: Map<number, T[]>, num: number, item: T): void {
  const list = map.get(num);
  if (list) list.push(item);
  else map.set(num, [item]);
}

/** The newest definition of a referenced object, for the few values that may be indirect. */
function resolve(value: PdfValue | undefined, objects: PdfObjects): PdfValue | undefined {
  return value instanceof PdfRef ? objects.values.get(value.num)?.at(-1) : value;
}

function encryptionOf(trailer: PdfDict, objects: PdfObjects): PdfEncryption {
  const unchecked: PdfEncryption["unchecked"] = [...objects.streams.values()].some((list) => list.some((s) => s.dict.get("Type") === "ObjStm")) ? ["object_streams"] : [];
  const encrypt = resolve(trailer.get("Encrypt"), objects);
  const id = trailer.get("ID");
  const firstId = Array.isArray(id) && id[0] instanceof Uint8Array ? id[0] : new Uint8Array();
  if (!(encrypt instanceof Map)) return { opensWithoutPassword: null, unchecked };
  const check = checkEmptyUserPassword(encrypt, firstId, (dict, key) => resolve(dict.get(key), objects) ?? null);
  return { opensWithoutPassword: check === "unknown" ? null : check === "opens", unchecked };
}

/** The objects of an object stream: a header of (number, offset) pairs, then the objects from /First on. */
function readObjectStream(data: Uint8Array, dict: PdfDict, names: Set<string>, objects: PdfObjects): void {
  // Every name in it counts, also of objects the header does not list.
  const all = new Lexer(data, names);
  while (all.next());

  const count = dict.get("N");
  const first = dict.get("First");
  if (typeof count !== "number" || typeof first !== "number" || first > data.length) return;
  const header = new Lexer(data.subarray(0, first), new Set());
  for (let i = 0; i < count; i++) {
    const num = header.next();
    const offset = header.next();
    if (num?.t !== "number" || offset?.t !== "number") break;
    const lexer = new Lexer(data, new Set(), first + offset.v);
    const value = parseValue(lexer, lexer.next(), 0);
    if (value !== undefined) define(objects.values, num.v, value);
  }
}

/**
 * The files a PDF embeds: streams that a file specification's /EF points
 * to (attachments, Factur-X's XML, file annotations), and any stream whose
 * type says EmbeddedFile, named or not. By object number, with the name.
 */
function embeddedStreams(objects: PdfObjects): Map<number, string | null> {
  const found = new Map<number, string | null>();
  const visit = (value: PdfValue, depth: number): void => {
    if (depth > MAX_PDF_NESTING) return;
    if (Array.isArray(value)) for (const item of value) visit(item, depth + 1);
    if (!(value instanceof Map)) return;
    // A file specification's /EF may be a dictionary of its own object (Mustang writes them so).
    const ef = value.get("EF");
    for (const holder of ef instanceof PdfRef ? (objects.values.get(ef.num) ?? []) : [ef]) {
      if (!(holder instanceof Map)) continue;
      const name = text(value.get("UF")) ?? text(value.get("F"));
      for (const target of holder.values()) if (target instanceof PdfRef && !found.get(target.num)) found.set(target.num, name);
    }
    for (const entry of value.values()) visit(entry, depth + 1);
  };
  for (const values of objects.values.values()) for (const value of values) visit(value instanceof PdfStream ? value.dict : value, 0);
  for (const [num, streams] of objects.streams) {
    if (streams.some((s) => s.dict.get("Type") === "EmbeddedFile") && !found.has(num)) found.set(num, null);
  }
  // A reference to nothing embeds nothing.
  for (const num of found.keys()) if (!objects.streams.has(num)) found.delete(num);
  return found;
}

function decodeEmbedded(found: Map<number, string | null>, objects: PdfObjects, budget: Budget): EmbeddedFile[] {
  const files: EmbeddedFile[] = [];
  for (const [num, name] of found) {
    for (const stream of objects.streams.get(num) ?? []) {
      const decoded = decode(stream, budget.remaining, objects, budget);
      files.push("problem" in decoded ? { name, bytes: null, problem: decoded.problem } : { name, bytes: decoded.bytes, problem: null });
    }
  }
  return files;
}

type Decoded = { bytes: Uint8Array } | { problem: string };

/** A stream's data through its filters (the e-invoice reader's), at most `cap` bytes and within the file's budget. */
function decode(stream: PdfStream, cap: number, objects: PdfObjects, budget: Budget): Decoded {
  if (stream.dict.has("F")) return { problem: "its data is in an external file" };
  try {
    const bytes = decodeStream(stream, Math.min(cap, budget.remaining), (value) => resolve(value, objects) ?? null);
    budget.remaining -= bytes.length;
    return { bytes };
  } catch (error) {
    if (error instanceof Unreadable) return { problem: error.message.replace(/^A /, "a ").replace(/\.$/, "") };
    throw error;
  }
}

function text(value: PdfValue | undefined): string | null {
  return value instanceof Uint8Array ? pdfText(value) : null;
}

function isKeyword(token: Token | null, keyword: string): boolean {
  return token?.t === "keyword" && token.v === keyword;
}

/**
 * One value from the token stream, as the e-invoice reader represents it
 * (names as strings, strings as bytes); undefined for a token that is no
 * value. Containers nest at most MAX_PDF_NESTING deep.
 */
function parseValue(lexer: Lexer, token: Token | null, depth: number): PdfValue | undefined {
  if (!token) return undefined;
  switch (token.t) {
    case "<<": {
      if (depth >= MAX_PDF_NESTING) throw new NestingTooDeep();
      const dict: PdfDict = new Map();
      for (let key = lexer.next(); key && key.t !== ">>"; key = lexer.next()) {
        if (endsObject(lexer, key)) break;
        if (key.t !== "name") continue; // not a key: skipped, as viewers do
        const next = lexer.next();
        if (!next || next.t === ">>" || endsObject(lexer, next)) break;
        const value = parseValue(lexer, next, depth + 1);
        if (value !== undefined) dict.set(key.v, value);
      }
      return dict;
    }
    case "[": {
      if (depth >= MAX_PDF_NESTING) throw new NestingTooDeep();
      const items: PdfValue[] = [];
      for (let item = lexer.next(); item && item.t !== "]"; item = lexer.next()) {
        if (endsObject(lexer, item)) break;
        const value = parseValue(lexer, item, depth + 1);
        if (value !== undefined) items.push(value);
      }
      return items;
    }
    case "name":
    case "string":
      return token.v;
    case "number": {
      const gen = lexer.peek(0);
      if (gen?.t === "number" && isKeyword(lexer.peek(1), "R")) {
        lexer.next();
        lexer.next();
        return new PdfRef(token.v, gen.v);
      }
      return token.v;
    }
    case "keyword":
      return token.v === "true" ? true : token.v === "false" ? false : token.v === "null" ? null : undefined;
    default:
      return undefined; // a stray closing bracket
  }
}

/** An object-ending keyword inside a container: given back to the caller, which ends the object there. */
function endsObject(lexer: Lexer, token: Token): boolean {
  if (token.t !== "keyword" || !OBJECT_END.has(token.v)) return false;
  lexer.unread(token);
  return true;
}

type Token =
  | { t: "name"; v: string }
  | { t: "string"; v: Uint8Array }
  | { t: "number"; v: number }
  | { t: "keyword"; v: string }
  | { t: "<<" | ">>" | "[" | "]" | "{" | "}" };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * PDF's tokens (ISO 32000-2, 7.2), skipping comments, never failing: junk
 * is stepped over, an unterminated string ends the file. Every name it meets
 * is added to `names`.
 */
class Lexer {
  private readonly queue: Token[] = [];

  constructor(
    private readonly bytes: Uint8Array,
    private readonly names: Set<string>,
    private pos = 0,
  ) {}

  next(): Token | null {
    return this.queue.shift() ?? this.read();
  }

  peek(ahead = 0): Token | null {
    while (this.queue.length <= ahead) {
      const token = this.read();
      if (!token) return null;
      this.queue.push(token);
    }
    return this.queue[ahead]!;
  }

  unread(token: Token): void {
    this.queue.unshift(token);
  }

  /**
   * The data of a stream whose `stream` keyword was just read: `length`
   * bytes when /Length is direct and `endstream` follows them, else up to
   * the next `endstream`. The lexer continues after it.
   */
  streamData(length: number | null): Uint8Array {
    const b = this.bytes;
    let start = this.pos;
    if (b[start] === 0x0d && b[start + 1] === 0x0a) start += 2;
    else if (b[start] === 0x0a || b[start] === 0x0d) start += 1;
    if (length !== null && length >= 0 && start + length <= b.length) {
      let after = start + length;
      while (after < b.length && isWhitespace(b[after])) after++;
      if (indexOfAscii(b, "endstream", after, after + 9) === after) {
        this.pos = after + 9;
        return b.subarray(start, start + length);
      }
    }
    const end = indexOfAscii(b, "endstream", start);
    if (end === -1) {
      this.pos = b.length;
      return b.subarray(start);
    }
    this.pos = end + 9;
    let dataEnd = end;
    if (b[dataEnd - 1] === 0x0a) dataEnd--;
    if (b[dataEnd - 1] === 0x0d) dataEnd--;
    return b.subarray(start, Math.max(start, dataEnd));
  }

  private read(): Token | null {
    const b = this.bytes;
    for (;;) {
      while (this.pos < b.length && isWhitespace(b[this.pos])) this.pos++;
      if (this.pos >= b.length) return null;
      if (b[this.pos] !== 0x25) break;
      while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++; // a comment
    }
    const c = b[this.pos]!;
    switch (c) {
      case 0x2f: // '/'
        return this.name();
      case 0x28: // '('
        return { t: "string", v: this.literalString() };
      case 0x3c: // '<'
        if (b[this.pos + 1] === 0x3c) {
          this.pos += 2;
          return { t: "<<" };
        }
        return { t: "string", v: this.hexString() };
      case 0x3e: // '>'
        if (b[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return { t: ">>" };
        }
        this.pos++;
        return this.read();
      case 0x5b:
      case 0x5d:
      case 0x7b:
      case 0x7d:
        this.pos++;
        return { t: String.fromCharCode(c) as "[" | "]" | "{" | "}" };
      case 0x29: // a stray ')'
        this.pos++;
        return this.read();
      default: {
        const start = this.pos;
        while (this.pos < b.length && isRegular(b[this.pos])) this.pos++;
        const word = String.fromCharCode(...b.subarray(start, Math.min(this.pos, start + 64)));
        return NUMBER.test(word) ? { t: "number", v: Number(word) } : { t: "keyword", v: word };
      }
    }
  }

  /** A name, with its `#xx` escapes decoded: `/J#61vaScript` is the name JavaScript. */
  private name(): Token {
    const b = this.bytes;
    this.pos++;
    let name = "";
    while (this.pos < b.length && isRegular(b[this.pos])) {
      const c = b[this.pos]!;
      const high = c === 0x23 ? hexValue(b[this.pos + 1]) : -1;
      const low = c === 0x23 ? hexValue(b[this.pos + 2]) : -1;
      if (high >= 0 && low >= 0) {
        name += String.fromCharCode((high << 4) | low);
        this.pos += 3;
      } else {
        name += String.fromCharCode(c);
        this.pos++;
      }
    }
    this.names.add(name);
    return { t: "name", v: name };
  }

  private literalString(): Uint8Array {
    const b = this.bytes;
    const out: number[] = [];
    const keep = (byte: number) => out.length < MAX_STRING_BYTES && out.push(byte);
    let depth = 1;
    this.pos++;
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x5c) {
        const e = b[this.pos++];
        if (e === undefined) break;
        const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (e in simple) keep(simple[e]!);
        else if (e >= 0x30 && e <= 0x37) {
          let value = e - 0x30;
          for (let i = 0; i < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; i++) value = value * 8 + (b[this.pos++]! - 0x30);
          keep(value & 0xff);
        } else if (e === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++; // a line continuation
        } else if (e !== 0x0a) keep(e);
        continue;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) break;
      keep(c);
    }
    return Uint8Array.from(out);
  }

  private hexString(): Uint8Array {
    const b = this.bytes;
    const end = b.indexOf(0x3e, this.pos + 1);
    const stop = end === -1 ? b.length : end;
    const out: number[] = [];
    let high = -1;
    for (let i = this.pos + 1; i < stop && out.length < MAX_STRING_BYTES; i++) {
      const digit = hexValue(b[i]);
      if (digit < 0) continue;
      if (high < 0) high = digit;
      else {
        out.push((high << 4) | digit);
        high = -1;
      }
    }
    if (high >= 0) out.push(high << 4);
    this.pos = stop + 1;
    return Uint8Array.from(out);
  }
}

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}
