import { MAX_FILE_NAME_CHARS } from "../limits.ts";

/**
 * Characters that must never reach a stored or served file name: C0/C1
 * controls, and the bidirectional controls that make `invoice‮fdp.exe`
 * display as `invoiceexe.pdf`.
 */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A name safe to store, show and put in a Content-Disposition: no directory
 * part, no control or bidi characters, no leading dots, bounded length (the
 * extension kept). `fallback` is used when nothing is left.
 */
export function safeFileName(raw: string | null | undefined, fallback: string): string {
  let name = (raw ?? "").replace(UNSAFE_CHARS, "");
  name = name.split(/[\\/]/).pop() ?? "";
  name = name.replace(/^[\s.]+/, "").replace(/[\s.]+$/, "");
  if (name === "") return fallback;
  if (name.length > MAX_FILE_NAME_CHARS) {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : "";
    name = name.slice(0, MAX_FILE_NAME_CHARS - ext.length) + ext;
  }
  return name;
}
