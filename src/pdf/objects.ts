import { MAX_PDF_INFLATED_TOTAL_BYTES, MAX_PDF_NESTING, MAX_PDF_STRUCTURE_STREAM_BYTES, MAX_PDF_SWEEPS } from "./limits.ts";
import { Unreadable } from "../formats/unreadable.ts";
import { fileSpecName } from "./attachments.ts";
import { decodeStream } from "./filters.ts";
import { PdfLexer } from "./lexer.ts";
import { checkEmptyUserPassword } from "./security.ts";
import { NestingTooDeep, TolerantParser } from "./tolerant-parser.ts";
import { pdfText, PdfRef, PdfStream, type Lookup, type PdfDict, type PdfValue } from "./values.ts";

/**
 * What the safety rules need to know of a PDF: every name its objects use
 * (hex escapes decoded, object streams inflated), and the files it embeds.
 *
 * The document reader (document.ts), which the e-invoice reader uses,
 * follows the cross-reference data to the one catalog a viewer shows, and
 * gives up on what it cannot parse. A scanner must not: an object no table
 * lists, an older definition of a redefined one, or one a strict parser
 * refuses may still be reached by a viewer that repairs the file. So this
 * reader takes every `n g obj` in file order, reads values with the tolerant
 * parser (every name it meets counts, even in an object it cannot make sense
 * of), and keeps every definition. It shares the document reader's lexer,
 * values, stream filters and limits.
 */

/**
 * A stream the PDF embeds as a file, decoded: what the rules check. (The
 * document reader lists a viewer's attachments with their streams still
 * encoded instead: Attachment in attachments.ts.)
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
  /** What encryption keeps from the checks: its object streams, its embedded files, its XFA form; empty when nothing. */
  unchecked: ("object_streams" | "embedded_files" | "xfa_forms")[];
}

/** An action (ISO 32000-2 §12.6): /S /URI, /GoToR, /SubmitForm... */
export interface PdfAction {
  /** Its type, /S. */
  type: string;
  /** Where it points: the /URI of a URI action, else the file or address its /F names; null when neither is a string. */
  target: string | null;
  /** Run without a click: the document's /OpenAction, or an entry of an /AA (additional actions) dictionary. */
  automatic: boolean;
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
  /** The decoded XFA packets (the XML of an XFA form, /AcroForm /XFA as one stream or name/stream pairs), for the rule on XFA scripts. */
  xfa: Uint8Array[];
  /** Every action dictionary (one with /S): what it does and where it points, for the rule on actions that reach out. */
  actions: PdfAction[];
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

/** A file's objects read with the whole budget, by its bytes: the scan reads them for the rules, then again for the files it carries. */
const readWhole = new WeakMap<Uint8Array, Promise<PdfContents>>();

/** Reads a PDF's objects, decoding at most `maxDecodedBytes` (a PDF embedded in another shares its budget). */
export function readPdfObjects(bytes: Uint8Array, maxDecodedBytes = MAX_PDF_INFLATED_TOTAL_BYTES): Promise<PdfContents> {
  if (maxDecodedBytes !== MAX_PDF_INFLATED_TOTAL_BYTES) return readObjects(bytes, maxDecodedBytes);
  let contents = readWhole.get(bytes);
  if (!contents) {
    contents = readObjects(bytes, maxDecodedBytes);
    readWhole.set(bytes, contents);
  }
  return contents;
}

async function readObjects(bytes: Uint8Array, maxDecodedBytes: number): Promise<PdfContents> {
  // Stream data is never part of the file's objects. A stream whose /Length is indirect (the length may sit
  // after it, or in an object stream) is stepped over by `endstream` at first, then the file is swept again
  // once that length is known, so that an uncompressed PDF embedded in it adds none of its objects.
  for (let pass = 1, lengths = new Map<number, number>(); ; pass++) {
    const budget: Budget = { remaining: maxDecodedBytes };
    const found = sweep(bytes, lengths);
    const { names, objects, unreadable, secured } = found;
    const encryption = secured ? encryptionOf(secured, objects) : null;
    const objectStreams = encryption ? [] : readObjectStreams(found, budget);
    const next = pass < MAX_PDF_SWEEPS ? resolvedLengths(found) : null;
    if (next) {
      lengths = next;
      continue;
    }
    const embedded = embeddedStreams(objects);
    if (encryption && embedded.size > 0) encryption.unchecked.push("embedded_files");
    const embeddedFiles = encryption ? [] : decodeEmbedded(embedded, objects, budget);
    const forms = xfaStreams(objects);
    if (encryption && forms.length > 0) encryption.unchecked.push("xfa_forms");
    const xfa = encryption ? [] : decodeXfa(forms, objects, budget, unreadable);
    const actions = actionsOf(objects);
    return { names, encryption, unreadable, embeddedFiles, objectStreams, xfa, actions, decodedBytes: maxDecodedBytes - budget.remaining };
  }
}

/** Decodes the object streams a sweep found and adds their objects and names to it; gives their contents. */
function readObjectStreams({ names, objects, unreadable }: Sweep, budget: Budget): Uint8Array[] {
  const objectStreams: Uint8Array[] = [];
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
  return objectStreams;
}

/** What one pass over the file found. */
interface Sweep {
  names: Set<string>;
  objects: PdfObjects;
  /** The trailer (or cross-reference stream) that names /Encrypt; the last one in the file is the newest. */
  secured: PdfDict | null;
  unreadable: string[];
  /** Streams whose /Length is an indirect reference: where their data starts, the object it names, and how much data was taken. */
  indirect: { start: number; ref: number; taken: number }[];
  /** The lengths this pass was given, by where the stream's data starts. */
  lengths: Map<number, number>;
}

/**
 * One pass over the file: every `n g obj` in file order, read with the
 * tolerant parser. A stream's data is stepped over by its /Length, a direct
 * one or one given in `lengths` (by where the data starts), else up to the
 * next `endstream`; what its data holds is never read as objects.
 */
function sweep(bytes: Uint8Array, lengths: Map<number, number>): Sweep {
  const names = new Set<string>();
  const objects: PdfObjects = { values: new Map(), streams: new Map() };
  const found: Sweep = { names, objects, secured: null, unreadable: [], indirect: [], lengths };
  try {
    const parser = new TolerantParser(new PdfLexer(bytes), names);
    const lexer = parser.lexer;
    // The numbers just before the current token: `n g obj` starts object n.
    let before: number | null = null;
    let last: number | null = null;
    for (let kind = parser.next(); kind !== "end"; kind = parser.next()) {
      if (lexer.isKeyword("obj") && before !== null && last !== null) {
        const num = before;
        const value = parser.value(parser.next(), 0);
        if (value instanceof Map && parser.accept("stream")) {
          const length = value.get("Length");
          const start = lexer.pos;
          const data = lexer.streamData(typeof length === "number" ? length : (lengths.get(start) ?? null));
          if (length instanceof PdfRef) found.indirect.push({ start, ref: length.num, taken: data.length });
          define(objects.streams, num, new PdfStream(value, data));
          if (value.has("Encrypt") && value.get("Type") === "XRef") found.secured = value;
        }
        if (value !== undefined) define(objects.values, num, value);
        before = last = null;
        continue;
      }
      if (lexer.isKeyword("trailer")) {
        const trailer = parser.value(parser.next(), 0);
        if (trailer instanceof Map && trailer.has("Encrypt")) found.secured = trailer;
      } else if (lexer.isKeyword("stream")) {
        lexer.streamData(null); // a stream outside any object: skipped, never read as objects
      }
      before = last;
      last = kind === "number" ? lexer.number : null;
    }
  } catch (error) {
    if (!(error instanceof NestingTooDeep)) throw error;
    found.unreadable.push(`its objects are nested more than ${MAX_PDF_NESTING} levels deep`);
  }
  return found;
}

/**
 * The indirect /Length values a sweep found, by where each stream's data
 * starts; null when the sweep already took every stream at the length its
 * /Length names (or names no number), so another pass would find the same.
 */
function resolvedLengths(found: Sweep): Map<number, number> | null {
  const lengths = new Map<number, number>();
  let changed = false;
  for (const { start, ref, taken } of found.indirect) {
    const length = found.objects.values.get(ref)?.at(-1);
    if (typeof length !== "number" || !Number.isInteger(length) || length < 0) continue;
    lengths.set(start, length);
    if (length !== taken && found.lengths.get(start) !== length) changed = true;
  }
  return changed ? lengths : null;
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

function lookupIn(objects: PdfObjects): Lookup {
  return (dict, key) => resolve(dict.get(key), objects) ?? null;
}

function encryptionOf(trailer: PdfDict, objects: PdfObjects): PdfEncryption {
  const unchecked: PdfEncryption["unchecked"] = [...objects.streams.values()].some((list) => list.some((s) => s.dict.get("Type") === "ObjStm")) ? ["object_streams"] : [];
  const encrypt = resolve(trailer.get("Encrypt"), objects);
  const id = trailer.get("ID");
  const firstId = Array.isArray(id) && id[0] instanceof Uint8Array ? id[0] : new Uint8Array();
  if (!(encrypt instanceof Map)) return { opensWithoutPassword: null, unchecked };
  const check = checkEmptyUserPassword(encrypt, firstId, lookupIn(objects));
  return { opensWithoutPassword: check === "unknown" ? null : check === "opens", unchecked };
}

/** The objects of an object stream: a header of (number, offset) pairs, then the objects from /First on. */
function readObjectStream(data: Uint8Array, dict: PdfDict, names: Set<string>, objects: PdfObjects): void {
  // Every name in it counts, also of objects the header does not list.
  const all = new TolerantParser(new PdfLexer(data), names);
  while (all.next() !== "end");

  const count = dict.get("N");
  const first = dict.get("First");
  if (typeof count !== "number" || typeof first !== "number" || first > data.length) return;
  const header = new TolerantParser(new PdfLexer(data.subarray(0, first)), null);
  const parser = new TolerantParser(new PdfLexer(data), null);
  for (let i = 0; i < count; i++) {
    if (header.next() !== "number") break;
    const num = header.lexer.number;
    if (header.next() !== "number") break;
    parser.lexer.pos = first + header.lexer.number;
    const value = parser.value(parser.next(), 0);
    if (value !== undefined) define(objects.values, num, value);
  }
}

/**
 * The files a PDF embeds: streams that a file specification's /EF points
 * to (attachments, Factur-X's XML, file annotations), and any stream whose
 * type says EmbeddedFile, named or not. By object number, with the name.
 */
function embeddedStreams(objects: PdfObjects): Map<number, string | null> {
  const found = new Map<number, string | null>();
  forEachDictionary(objects, (dict) => {
    // A file specification's /EF may be a dictionary of its own object (Mustang writes them so).
    const ef = dict.get("EF");
    for (const holder of ef instanceof PdfRef ? (objects.values.get(ef.num) ?? []) : [ef]) {
      if (!(holder instanceof Map)) continue;
      const name = fileSpecName(dict, lookupIn(objects));
      for (const target of holder.values()) if (target instanceof PdfRef && !found.get(target.num)) found.set(target.num, name);
    }
  });
  for (const [num, streams] of objects.streams) {
    if (streams.some((s) => s.dict.get("Type") === "EmbeddedFile") && !found.has(num)) found.set(num, null);
  }
  // A reference to nothing embeds nothing.
  for (const num of found.keys()) if (!objects.streams.has(num)) found.delete(num);
  return found;
}

/** Calls `visit` on every dictionary in every definition, each before those nested in it, down to MAX_PDF_NESTING. */
function forEachDictionary(objects: PdfObjects, visit: (dict: PdfDict) => void): void {
  const walk = (value: PdfValue, depth: number): void => {
    if (depth > MAX_PDF_NESTING) return;
    if (Array.isArray(value)) for (const item of value) walk(item, depth + 1);
    if (!(value instanceof Map)) return;
    visit(value);
    for (const entry of value.values()) walk(entry, depth + 1);
  };
  for (const values of objects.values.values()) for (const value of values) walk(value instanceof PdfStream ? value.dict : value, 0);
}

/** Every definition of every stream an /XFA entry names: one stream, or an array of packet names and streams. */
function xfaStreams(objects: PdfObjects): PdfStream[] {
  const streams = new Set<PdfStream>();
  // A stream's definitions are in `streams` (`values` keeps their dictionaries).
  const definitions = (value: PdfValue | undefined): PdfValue[] =>
    value instanceof PdfRef ? [...(objects.values.get(value.num) ?? []), ...(objects.streams.get(value.num) ?? [])] : value === undefined ? [] : [value];
  forEachDictionary(objects, (dict) => {
    for (const xfa of definitions(dict.get("XFA"))) {
      for (const item of Array.isArray(xfa) ? xfa : [xfa]) {
        for (const packet of definitions(item)) if (packet instanceof PdfStream) streams.add(packet);
      }
    }
  });
  return [...streams];
}

/** The XFA packets decoded, each within the structure-stream cap and the file's budget; what cannot be decoded is unreadable. */
function decodeXfa(streams: PdfStream[], objects: PdfObjects, budget: Budget, unreadable: string[]): Uint8Array[] {
  const packets: Uint8Array[] = [];
  for (const stream of streams) {
    const decoded = decode(stream, MAX_PDF_STRUCTURE_STREAM_BYTES, objects, budget);
    if ("problem" in decoded) unreadable.push(`its XFA form: ${decoded.problem}`);
    else packets.push(decoded.bytes);
  }
  return packets;
}

/**
 * Every action dictionary (one whose /S is a name) with its target, and
 * whether a reader runs it by itself: the /OpenAction, and the entries of
 * /AA dictionaries (page open, field focus, annotation hover...).
 */
function actionsOf(objects: PdfObjects): PdfAction[] {
  const lookup = lookupIn(objects);
  const automatic = new Set<PdfDict>();
  forEachDictionary(objects, (dict) => {
    const open = lookup(dict, "OpenAction");
    if (open instanceof Map) automatic.add(open);
    const additional = lookup(dict, "AA");
    if (additional instanceof Map) for (const key of additional.keys()) {
      const action = lookup(additional, key);
      if (action instanceof Map) automatic.add(action);
    }
  });
  const actions: PdfAction[] = [];
  forEachDictionary(objects, (dict) => {
    const type = lookup(dict, "S");
    if (typeof type !== "string") return;
    const uri = lookup(dict, "URI");
    const file = lookup(dict, "F");
    const target = uri instanceof Uint8Array ? pdfText(uri) : file instanceof Uint8Array ? pdfText(file) : file instanceof Map ? fileSpecName(file, lookup) : null;
    actions.push({ type, target, automatic: automatic.has(dict) });
  });
  return actions;
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

/** A stream's data through its filters (the document reader's), at most `cap` bytes and within the file's budget. */
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
