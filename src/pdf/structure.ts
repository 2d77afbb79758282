import { latin1Text } from "../bytes.ts";

/** The header may follow some junk; readers accept it within the first KiB. */
const PDF_HEADER_WINDOW = 1024;
/** Writers append a little after %%EOF (a newline, sometimes a few bytes of padding). */
const PDF_TRAILER_WINDOW = 2048;

/** What is missing from a PDF that cannot be opened. */
export type PdfDamage = "no_header" | "cut_off" | "no_xref" | "xref_past_end";

export type PdfStructure = { ok: true } | { ok: false; problem: PdfDamage };

/**
 * The structure a PDF reader needs before it can open a file: the %PDF-
 * header, and at the end the startxref pointer and the %%EOF marker. A file
 * cut off in transit lacks the end.
 */
export function checkPdfStructure(bytes: Uint8Array): PdfStructure {
  const head = latin1Text(bytes, 0, PDF_HEADER_WINDOW);
  if (!/%PDF-[12]\.\d/.test(head)) return { ok: false, problem: "no_header" };
  const tail = latin1Text(bytes, bytes.length - PDF_TRAILER_WINDOW);
  if (!tail.includes("%%EOF")) return { ok: false, problem: "cut_off" };
  const xref = /startxref\s+(\d+)/.exec(tail);
  if (!xref) return { ok: false, problem: "no_xref" };
  if (Number(xref[1]) >= bytes.length) return { ok: false, problem: "xref_past_end" };
  return { ok: true };
}
