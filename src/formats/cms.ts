import { concat, startsWith } from "../bytes.ts";

/**
 * CMS (PKCS #7, RFC 5652), the container of S/MIME: just enough of it to
 * tell a signature from encrypted content, and to take the signed content
 * out of an opaque-signed mail (`smime.p7m` with smime-type=signed-data),
 * which holds the whole signed MIME entity, attachments included. Nothing
 * is verified: a signature says who sent a mail, not whether its files are
 * safe, and every file taken is scanned like any other.
 *
 * CMS is BER: lengths may be indefinite (ended by two zero bytes) and the
 * signed content may be cut into a constructed OCTET STRING of pieces, as
 * OpenSSL and Outlook write it when streaming.
 */

export type Cms =
  /**
   * SignedData: `content` is the signed content (null for a detached
   * signature, `smime.p7s`); `complete` is false when the data ends before
   * the structure does (cut short), so that what it held is not known.
   */
  | { kind: "signed"; content: Uint8Array | null; complete: boolean }
  /** EnvelopedData or AuthEnvelopedData: encrypted for its recipients. */
  | { kind: "encrypted" }
  /** Another CMS type (digested, compressed...). */
  | { kind: "other" };

/** Nested BER elements read at most this deep; CMS needs five. */
const MAX_BER_DEPTH = 16;

const SEQUENCE = 0x30;
const OID = 0x06;
const CONTEXT_0 = 0xa0;
const OCTET_STRING = 0x04;
const OCTET_STRING_CONSTRUCTED = 0x24;

/** 1.2.840.113549.1.7.2 and .3; 1.2.840.113549.1.9.16.1.23. */
const SIGNED_DATA = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
const ENVELOPED_DATA = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03];
const AUTH_ENVELOPED_DATA = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x17];
/** Any PKCS #7 content type: 1.2.840.113549.1.7.x. */
const PKCS7_PREFIX = SIGNED_DATA.slice(0, 8);

interface Element {
  tag: number;
  /** Where its content starts. */
  start: number;
  /** Where its content ends; null for an indefinite length, which ends at an end-of-contents marker. */
  end: number | null;
}

/**
 * Reads a CMS ContentInfo, or null when the bytes are not one. Only the
 * elements on the way to the signed content are read, so that a signature
 * cut short after it (a truncated certificate) still says what it signs.
 */
export function readCms(bytes: Uint8Array): Cms | null {
  try {
    const info = element(bytes, 0, 0);
    if (info?.tag !== SEQUENCE) return null;
    const type = child(bytes, info, 0, 1);
    if (type?.tag !== OID || type.end === null || type.end > bytes.length) return null;
    const oid = bytes.subarray(type.start, type.end);
    if (same(oid, ENVELOPED_DATA) || same(oid, AUTH_ENVELOPED_DATA)) return { kind: "encrypted" };
    if (!same(oid, SIGNED_DATA)) return startsWith(oid, PKCS7_PREFIX) ? { kind: "other" } : null;
    return signedContent(bytes, info);
  } catch (error) {
    if (error instanceof RangeError) return null; // cut short or malformed before its type
    throw error;
  }
}

function signedContent(bytes: Uint8Array, info: Element): Cms | null {
  try {
    const explicit = child(bytes, info, 1, 1);
    // SignedData ::= SEQUENCE { version, digestAlgorithms, encapContentInfo, ... }
    const signedData = explicit?.tag === CONTEXT_0 ? child(bytes, explicit, 0, 2) : null;
    if (signedData?.tag !== SEQUENCE) return null;
    const encap = child(bytes, signedData, 2, 3);
    if (encap?.tag !== SEQUENCE) return null;
    // EncapsulatedContentInfo ::= SEQUENCE { eContentType, [0] EXPLICIT eContent OCTET STRING OPTIONAL }
    const eContent = child(bytes, encap, 1, 4);
    if (eContent?.tag !== CONTEXT_0) return { kind: "signed", content: null, complete: true };
    const octets = child(bytes, eContent, 0, 5);
    return { kind: "signed", content: octets ? octetsOf(bytes, octets, 6) : null, complete: true };
  } catch (error) {
    if (error instanceof RangeError) return { kind: "signed", content: null, complete: false };
    throw error;
  }
}

/** Whether the bytes start like a PKCS #7 ContentInfo: a SEQUENCE holding a 1.2.840.113549.1.7.x type first. */
export function looksLikeCms(bytes: Uint8Array): boolean {
  if (bytes[0] !== SEQUENCE) return false;
  const lengthBytes = bytes[1]! < 0x80 ? 0 : bytes[1]! === 0x80 ? 0 : bytes[1]! & 0x7f;
  const at = 2 + lengthBytes;
  return bytes[at] === OID && startsWith(bytes, PKCS7_PREFIX, at + 2);
}

/** The bytes of an OCTET STRING, primitive or cut into pieces. */
function octetsOf(bytes: Uint8Array, octets: Element, depth: number): Uint8Array {
  if (octets.tag === OCTET_STRING && octets.end !== null) {
    if (octets.end > bytes.length) throw new RangeError("cut short");
    return bytes.subarray(octets.start, octets.end);
  }
  if (octets.tag !== OCTET_STRING_CONSTRUCTED) throw new RangeError("not an OCTET STRING");
  const pieces: Uint8Array[] = [];
  for (let piece = child(bytes, octets, 0, depth), i = 1; piece; piece = child(bytes, octets, i++, depth)) pieces.push(octetsOf(bytes, piece, depth + 1));
  return concat(pieces);
}

/** The `index`-th element inside `parent` (reading past the ones before it), or null when it has fewer. */
function child(bytes: Uint8Array, parent: Element, index: number, depth: number): Element | null {
  let at = parent.start;
  for (let i = 0; ; i++) {
    if (parent.end !== null && at >= parent.end) return null;
    const found = element(bytes, at, depth);
    if (!found) return null; // the end-of-contents of an indefinite length
    if (i === index) return found;
    at = after(bytes, found, depth);
  }
}

/** Where the element after `current` starts. */
function after(bytes: Uint8Array, current: Element, depth: number): number {
  if (current.end !== null) return current.end;
  let at = current.start;
  for (;;) {
    const inner = element(bytes, at, depth + 1);
    if (!inner) return at + 2;
    at = after(bytes, inner, depth + 1);
  }
}

/** The element whose header is at `at`; null at an end-of-contents marker (two zero bytes). */
function element(bytes: Uint8Array, at: number, depth: number): Element | null {
  if (depth > MAX_BER_DEPTH) throw new RangeError("nested too deep");
  if (at + 2 > bytes.length) throw new RangeError("cut short");
  const tag = bytes[at]!;
  if (tag === 0 && bytes[at + 1] === 0) return null;
  if ((tag & 0x1f) === 0x1f) throw new RangeError("high tag numbers are not used by CMS");
  const first = bytes[at + 1]!;
  if (first === 0x80) {
    if ((tag & 0x20) === 0) throw new RangeError("an indefinite length on a primitive element");
    return { tag, start: at + 2, end: null };
  }
  let length = first;
  let start = at + 2;
  if (first > 0x80) {
    const count = first & 0x7f;
    if (count > 4) throw new RangeError("a length beyond 4 GiB");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[start + i]!;
    start += count;
  }
  // An end past the data is found out when content is read: the elements before it still say what the data is.
  return { tag, start, end: start + length };
}

function same(a: Uint8Array, b: readonly number[]): boolean {
  return a.length === b.length && startsWith(a, b);
}
