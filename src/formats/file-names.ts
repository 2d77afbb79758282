import { MAX_FILE_NAME_CHARS } from "../limits.ts";
import { capText } from "../text.ts";

/**
 * Bidirectional controls: `invoice‮fdp.exe` (with U+202E, RIGHT-TO-LEFT
 * OVERRIDE) displays as `invoiceexe.pdf`.
 */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * C0 and C1 controls (NUL cuts a name short in C code, CR and LF break
 * headers and logs), line and paragraph separators, and invisible
 * characters that hide what a name says (zero-width spaces and joiners,
 * word joiner, byte order mark).
 */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200d\u2060\ufeff]/g;

/** Removes every character that must never reach a stored or served name or label. */
export function stripUnsafeCharacters(text: string): string {
  return text.replace(BIDI_CONTROLS, "").replace(CONTROL_CHARACTERS, "");
}

/**
 * A name safe to store, show and put in a Content-Disposition: no directory
 * part, no control, invisible or bidi characters, no leading dots, bounded
 * length (the extension kept). `fallback` is used when nothing is left.
 * The rules look at the original name, so making it safe hides nothing.
 */
export function safeFileName(raw: string | null | undefined, fallback: string): string {
  let name = stripUnsafeCharacters(raw ?? "");
  name = name.split(/[\\/]/).pop() ?? "";
  name = name.replace(/^[\s.]+/, "").replace(/[\s.]+$/, "");
  if (name === "") return fallback;
  if (name.length > MAX_FILE_NAME_CHARS) {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : "";
    name = capText(name.slice(0, name.length - ext.length), MAX_FILE_NAME_CHARS - ext.length) + ext;
  }
  return name;
}

/**
 * The original name for a sentence shown to a person: unsafe characters
 * written out as `[U+202E]`, so the reason shows what was hidden in it.
 */
export function visibleName(raw: string): string {
  const shown = raw.replace(BIDI_CONTROLS, codePoint).replace(CONTROL_CHARACTERS, codePoint);
  return capText(shown, MAX_FILE_NAME_CHARS, "ends");
}

function codePoint(char: string): string {
  return `[U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}]`;
}
