import PostalMime from "postal-mime";
import { concat, latin1Text } from "../bytes.ts";

/**
 * The fast path of mail parsing. postal-mime decodes base64 in JavaScript at
 * some 25-35 MB/s and holds several copies of a large attachment; workerd
 * decodes base64 natively at about 1 GB/s. So postal-mime parses a skeleton
 * of the mail in which each long base64 body of a non-text part is replaced
 * by a short placeholder, and the bodies are decoded natively, from their
 * byte ranges in the raw mail, when a file is taken. postal-mime stays the
 * parser of record for everything else: structure, headers, names, bodies.
 */

/** Shorter bodies are left to postal-mime: replacing them would gain nothing. */
const MIN_REPLACED_BODY_BYTES = 16 * 1024;
/** A part's headers are looked for this far back from the blank line that ends them. */
const MAX_PART_HEADER_BYTES = 16 * 1024;
/**
 * Base64 text decoded per step: no string as large as the body is ever made,
 * and each step's string stays small enough for V8's young generation, which
 * frees it at once, rather than piling up in large-object space until a
 * full collection.
 */
const DECODE_CHUNK_CHARS = 256 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;

export interface Skeleton {
  /** The mail with long base64 bodies replaced by placeholders; give this to postal-mime. */
  bytes: Uint8Array;
  /**
   * The real bytes of what postal-mime decoded from the skeleton: a
   * placeholder's decoded content becomes its body, natively decoded;
   * anything else is returned as it is. A body that is not the clean base64
   * the native decoder takes is decoded by postal-mime's own lenient decoder.
   */
  resolve(content: Uint8Array, limit?: number): Promise<Uint8Array>;
  /** The size of what `resolve` gives for a placeholder, counted without decoding; null for anything else. */
  size(content: Uint8Array): number | null;
  /** Undoes the skeleton in bytes taken from it (a forwarded mail stored as a file). */
  restore(bytes: Uint8Array): Uint8Array;
}

interface Body {
  start: number;
  end: number;
  /** The placeholder line's text, as it stands in the skeleton. */
  placeholder: string;
}

/**
 * Builds the skeleton of a raw mail, or returns null when it holds no body
 * worth replacing. The scan visits the lines of headers and text bodies, and
 * jumps over each base64 body: a base64 body holds no "-", so the first "--"
 * at the start of a line after it is the next boundary.
 */
export function skeletonOf(raw: Uint8Array): Skeleton | null {
  const bodies: Body[] = [];
  const boundaries: Uint8Array[] = [];
  let lineStart = 0;
  let headersStart = 0;
  while (lineStart < raw.length) {
    const newline = raw.indexOf(LF, lineStart);
    if (newline < 0) break;
    const nextLine = newline + 1;
    const blank = raw[nextLine] === LF ? 1 : raw[nextLine] === CR && raw[nextLine + 1] === LF ? 2 : 0;
    if (raw[lineStart] === DASH && raw[lineStart + 1] === DASH) headersStart = nextLine; // a boundary: headers follow
    if (!blank) {
      lineStart = nextLine;
      continue;
    }
    const bodyStart = nextLine + blank;
    const headers = latin1Text(raw, Math.max(headersStart, newline - MAX_PART_HEADER_BYTES), newline);
    const boundary = /^content-type:[^\n]*?(?:\n[ \t][^\n]*?)*?boundary\s*=\s*"?([^"\r\n;]+)"?/im.exec(headers)?.[1];
    if (boundary) boundaries.push(Uint8Array.from(`--${boundary}`, (c) => c.charCodeAt(0)));
    if (isBase64Attachment(headers)) {
      const end = boundaryAfter(raw, bodyStart, boundaries);
      if (end - bodyStart >= MIN_REPLACED_BODY_BYTES) {
        bodies.push({ start: bodyStart, end, placeholder: "" });
        lineStart = end;
        headersStart = end;
        continue;
      }
    }
    // Past a blank line comes a body: whatever headers were, they are over.
    headersStart = bodyStart;
    lineStart = bodyStart;
  }
  if (bodies.length === 0) return null;

  // Placeholders name their skeleton, so that those of a forwarded mail's own
  // skeleton never pass for the outer mail's.
  const head = new TextEncoder().encode(`\u0000email-connector:skeleton:${crypto.randomUUID()}:`);
  const markerBytes = (index: number) => concat([head, new TextEncoder().encode(`${index}\u0000`)]);

  const pieces: Uint8Array[] = [];
  let at = 0;
  bodies.forEach((body, index) => {
    body.placeholder = `${markerBytes(index).toBase64()}\r\n`;
    pieces.push(raw.subarray(at, body.start), new TextEncoder().encode(body.placeholder));
    at = body.end;
  });
  pieces.push(raw.subarray(at));

  /** The body a placeholder stands for, or null when `content` is real content. */
  const placeholderBody = (content: Uint8Array): Body | null => {
    const index = markerIndex(content, head);
    if (index === "none") return null;
    return (index === "broken" ? bodies.find((b) => startsAt(content, markerBytes(bodies.indexOf(b)), 0)) : bodies[index]) ?? null;
  };

  return {
    bytes: concat(pieces),
    async resolve(content, limit = Infinity) {
      const body = placeholderBody(content);
      if (!body) return content;
      const decoded = decodeBody(raw, body, limit) ?? (await decodeLeniently(raw.subarray(body.start, body.end)));
      return decoded.length > limit ? decoded.subarray(0, limit) : decoded;
    },
    size(content) {
      const body = placeholderBody(content);
      return body ? base64Size(raw, body) : null;
    },
    restore(bytes) {
      const text = latin1Text(bytes);
      if (!bodies.some((b) => text.includes(b.placeholder))) return bytes;
      const out: Uint8Array[] = [];
      let from = 0;
      const found = bodies
        .map((body) => ({ body, at: text.indexOf(body.placeholder) }))
        .filter((f) => f.at >= 0)
        .sort((a, b) => a.at - b.at);
      for (const { body, at: position } of found) {
        out.push(bytes.subarray(from, position), raw.subarray(body.start, body.end));
        from = position + body.placeholder.length;
      }
      out.push(bytes.subarray(from));
      return concat(out);
    },
  };
}

/** A part's headers that say its body is base64 and not text (text bodies stay with postal-mime). */
function isBase64Attachment(headers: string): boolean {
  if (!/^content-transfer-encoding:[ \t]*base64[ \t]*\r?$/im.test(headers)) return false;
  const type = /^content-type:[ \t]*([^;\s]+)/im.exec(headers)?.[1]?.toLowerCase() ?? "text/plain";
  return !type.startsWith("text/") && !type.startsWith("multipart/");
}

/** Where a base64 body ends: at the next line that is one of the mail's boundaries, or at the end. */
function boundaryAfter(raw: Uint8Array, from: number, boundaries: Uint8Array[]): number {
  let at = from;
  for (;;) {
    const dash = raw.indexOf(DASH, at);
    if (dash < 0) return trimBlankTail(raw, from, raw.length);
    if (raw[dash - 1] === LF && boundaries.some((b) => startsAt(raw, b, dash))) return trimBlankTail(raw, from, dash);
    at = dash + 1;
  }
}

function startsAt(raw: Uint8Array, prefix: Uint8Array, at: number): boolean {
  for (let i = 0; i < prefix.length; i++) if (raw[at + i] !== prefix[i]) return false;
  return true;
}

/** Keeps the line break before a boundary out of the body, as MIME says it belongs to the boundary. */
function trimBlankTail(raw: Uint8Array, from: number, end: number): number {
  let e = end;
  while (e > from && (raw[e - 1] === LF || raw[e - 1] === CR)) e--;
  return e;
}

/** Which placeholder a decoded content is: its index, "none" when it is real content, "broken" when it holds a placeholder and more. */
function markerIndex(content: Uint8Array, head: Uint8Array): number | "none" | "broken" {
  if (content.length < head.length || !startsAt(content, head, 0)) return "none";
  const match = /^(\d+)\u0000/.exec(new TextDecoder().decode(content.subarray(head.length, head.length + 12)));
  return match && content.length === head.length + match[0].length ? Number(match[1]) : "broken";
}

/**
 * Decodes a body natively, a chunk at a time into one buffer. The native
 * decoder skips line breaks itself and stops before an incomplete group of
 * four, which the next chunk completes. Anything but the base64 alphabet, or
 * padding before the end, makes it throw: then null, and postal-mime's
 * lenient decoder reads the body instead.
 */
function decodeBody(raw: Uint8Array, body: Body, limit = Infinity): Uint8Array | null {
  // With a limit (the start of a file, to tell what it is), no more than one step beyond it is decoded or held.
  const out = new Uint8Array(Math.min(Math.ceil(((body.end - body.start) * 3) / 4), limit + (DECODE_CHUNK_CHARS * 3) / 4));
  let written = 0;
  for (let at = body.start; at < body.end && written < limit; ) {
    const stop = Math.min(body.end, at + DECODE_CHUNK_CHARS);
    const last = stop === body.end;
    const text = latin1Text(raw, at, stop); // one char per byte: offsets in the text are offsets in raw
    let read: number;
    try {
      const result = out.subarray(written).setFromBase64(text, { lastChunkHandling: last ? "loose" : "stop-before-partial" });
      written += result.written;
      read = result.read;
    } catch {
      return null;
    }
    const unread = text.slice(read);
    // What the decoder left is the start of the next group (read again with the next step), never padding it stopped at.
    if (last ? unread.trim() !== "" : /[^A-Za-z0-9+/\s]/.test(unread) || read === 0) return null;
    at = stop - unread.length;
  }
  return out.subarray(0, written);
}

/** Whether a byte is of the base64 alphabet (A-Z, a-z, 0-9, +, /). */
const BASE64_ALPHABET = new Uint8Array(256).map((_, byte) => Number(/[A-Za-z0-9+/]/.test(String.fromCharCode(byte))));

/** The decoded size of a base64 body: three bytes for each four characters of the alphabet, line breaks and padding aside. */
function base64Size(raw: Uint8Array, body: Body): number {
  let chars = 0;
  for (let at = body.start; at < body.end; at++) chars += BASE64_ALPHABET[raw[at]!]!;
  return Math.floor((chars * 3) / 4);
}

/** postal-mime's own base64 decoding of one body, for bodies the native decoder refuses. */
async function decodeLeniently(body: Uint8Array): Promise<Uint8Array> {
  const part = concat([new TextEncoder().encode("Content-Type: application/octet-stream\r\nContent-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\n"), body]);
  const [attachment] = (await PostalMime.parse(part)).attachments;
  return attachment ? new Uint8Array(attachment.content as ArrayBuffer) : new Uint8Array();
}
