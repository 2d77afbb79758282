import { latin1Text } from "../bytes.ts";

/** The header may follow some junk; readers accept it within the first KiB. */
const PDF_HEADER_WINDOW = 1024;
/** Writers append a little after %%EOF (a newline, sometimes a few bytes of padding). */
const PDF_TRAILER_WINDOW = 2048;

export type PdfStructure = { ok: true } | { ok: false; problem: string };

/**
 * The structure a PDF reader needs before it can open a file: the %PDF-
 * header, and at the end the startxref pointer and the %%EOF marker. A file
 * cut off in transit lacks the end.
 */
export function checkPdfStructure(bytes: Uint8Array): PdfStructure {
  const head = latin1Text(bytes, 0, PDF_HEADER_WINDOW);
  if (!/%PDF-[12]\.\d/.test(head)) return { ok: false, problem: "it has no PDF header" };
  const tail = latin1Text(bytes, bytes.length - PDF_TRAILER_WINDOW);
  if (!tail.includes("%%EOF")) return { ok: false, problem: "it is cut off: the end-of-file marker is missing" };
  const xref = /startxref\s+(\d+)/.exec(tail);
  if (!xref) return { ok: false, problem: "it has no cross-reference pointer" };
  if (Number(xref[1]) >= bytes.length) return { ok: false, problem: "its cross-reference pointer points past the end of the file" };
  return { ok: true };
}
