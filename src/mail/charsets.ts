import { decodeWords } from "postal-mime";

/**
 * Header text (subjects, file names) in the charsets mail really uses.
 * postal-mime decodes every WHATWG charset and falls back to Windows-1252
 * for a label it does not know (x-unknown, iso-8859-1x...), so a parse
 * never fails on a charset. Two cases still read wrongly, and are put right
 * here:
 * - UTF-7 (RFC 2152), which browsers dropped but old Exchange and some
 *   webmails still write: its text is ASCII, so the fallback keeps it as
 *   `+AOk-t+AOk-` instead of `été`. A name in UTF-7 could also hide what it
 *   is from the rules on names (`invoice+AC4-exe` is `invoice.exe`).
 * - UTF-8 labelled as ISO-8859-1 or Windows-1252 (`FacturÃ© 2026.pdf`),
 *   which mailers that assume Latin-1 write.
 * - Raw 8-bit Latin-1 in a header, without any label (`filename="Facturé.pdf"`
 *   from mailers of the last century and some ERPs): postal-mime reads
 *   header bytes as UTF-8, so each such byte becomes U+FFFD.
 */

/** `=?charset?B|Q?text?=` with the charset UTF-7 (any spelling postal-mime's normalisation would not map). */
const UTF7_WORD = /=\?(?:x-|unicode-1-1-)?utf-?7(?:\*[^?]*)?\?([bq])\?([^?]*)\?=/gi;

/** Decodes the encoded words of a header value, UTF-7 ones included, and repairs UTF-8 read as Latin-1. */
export function decodeHeaderText(value: string): string {
  const withoutUtf7 = value.replace(UTF7_WORD, (_word, encoding: string, text: string) => {
    const ascii = encoding.toLowerCase() === "b" ? atobLenient(text) : qDecode(text);
    return `=?utf-8?B?${new TextEncoder().encode(decodeUtf7(ascii)).toBase64()}?=`;
  });
  return repairMojibake(decodeWords(withoutUtf7));
}

/**
 * A file name parameter as written (before its encoded words are decoded),
 * and the Content-Type and Content-Disposition it came from: an RFC 2231
 * name in UTF-7 (`filename*=utf-7''...`) was decoded by postal-mime as
 * Windows-1252, which keeps UTF-7's ASCII as it was.
 */
export function decodeFileName(rawName: string, rawTypeHeaders: string): string {
  if (/\*\s*=\s*"?(?:x-|unicode-1-1-)?utf-?7'/i.test(rawTypeHeaders)) return repairMojibake(decodeUtf7(rawName));
  return decodeHeaderText(rawName);
}

/** Where a file name or a subject starts in a header. */
const FIELD_START = { name: `name\\*?=[ \\t]*"?`, subject: `^subject:[ \\t]*` };

/**
 * A name or subject postal-mime read from raw 8-bit bytes that are not UTF-8
 * (each such run became U+FFFD), found again in `bytes` (the mail as parsed)
 * after `name=` (or `filename=`) or `Subject:`, and read as Windows-1252, the
 * charset of such mailers. Anything else is returned as it is.
 */
export function recoverRawLatin1(decoded: string, field: keyof typeof FIELD_START, bytes: () => Uint8Array): string {
  if (!decoded.includes("\uFFFD")) return decoded;
  const pieces = decoded.split(/\uFFFD+/).map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const found = new RegExp(`${FIELD_START[field]}(${pieces.join("[\\x80-\\xff]+")})`, "im").exec(byteChars(bytes()));
  return found ? windows1252.decode(Uint8Array.from(found[1]!, (c) => c.charCodeAt(0))) : decoded;
}

const windows1252 = new TextDecoder("windows-1252");

/** One char per byte, each char's code the byte's value (unlike Windows-1252, which moves 0x80-0x9F). */
function byteChars(bytes: Uint8Array): string {
  let text = "";
  for (let at = 0; at < bytes.length; at += 0x8000) text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return text;
}

const BASE64_VALUE = new Map([..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].map((c, i) => [c, i]));

/**
 * UTF-7 (RFC 2152): text as it is, except runs of modified base64 (no
 * padding) between `+` and an optional `-`, which hold UTF-16 code units;
 * `+-` is a plus sign.
 */
export function decodeUtf7(text: string): string {
  return text.replace(/\+([A-Za-z0-9+/]*)-?/g, (run, encoded: string) => {
    if (encoded === "") return run === "+-" ? "+" : run;
    let bits = 0;
    let value = 0;
    const units: number[] = [];
    for (const char of encoded) {
      value = (value << 6) | BASE64_VALUE.get(char)!;
      bits += 6;
      if (bits >= 16) {
        bits -= 16;
        units.push((value >> bits) & 0xffff);
        value &= (1 << bits) - 1;
      }
    }
    return String.fromCharCode(...units);
  });
}

/** Code points of Windows-1252's 0x80-0x9F row (the rest of 0x00-0xFF is Latin-1 itself). */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const WINDOWS_1252_BYTE = new Map(WINDOWS_1252_HIGH.map((codePoint, i) => [codePoint, 0x80 + i]));
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Text that is UTF-8 read as Windows-1252 (or Latin-1), read again as
 * UTF-8: `FacturÃ© 2026.pdf` is `Facturé 2026.pdf`. Only when every
 * character maps back to one byte and those bytes are valid UTF-8 with at
 * least one multi-byte sequence, which real Latin-1 text almost never is
 * (`é` alone is not valid UTF-8); anything else is returned as it is.
 */
export function repairMojibake(text: string): string {
  if (!/[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]/.test(text)) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code <= 0xff ? code : WINDOWS_1252_BYTE.get(code);
    if (byte === undefined) return text;
    bytes[i] = byte;
  }
  try {
    const repaired = strictUtf8.decode(bytes);
    return repaired !== text ? repaired : text;
  } catch {
    return text;
  }
}

/** Base64 that may lack its padding or hold stray characters, as text (UTF-7 is ASCII). */
function atobLenient(text: string): string {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, "");
  try {
    return atob(clean + "=".repeat((4 - (clean.length % 4)) % 4));
  } catch {
    return text;
  }
}

/** RFC 2047's Q encoding: `_` is a space, `=XX` a byte. */
function qDecode(text: string): string {
  return text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
