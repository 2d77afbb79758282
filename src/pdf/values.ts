/*
 * PDF values (ISO 32000-2 §7.3) as both readers give them: the document
 * reader's strict parser (parser.ts) and the scan rules' tolerant sweep
 * (objects.ts).
 */

/** `n g R` */
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/** A stream object: its dictionary and its still-encoded bytes. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array,
  ) {}
}

export type PdfDict = Map<string, PdfValue>;

/** Names are JS strings (without the slash), strings are their raw bytes. */
export type PdfValue = null | boolean | number | string | Uint8Array | PdfRef | PdfDict | PdfStream | PdfValue[];

/** A dictionary entry with indirect references followed, as each reader follows them. */
export type Lookup = (dict: PdfDict, key: string) => PdfValue;

/** A PDF text string: UTF-16BE or UTF-8 with their byte order marks, else PDFDocEncoding (read as Latin-1, which it matches for file names). */
export function pdfText(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder().decode(bytes.subarray(3));
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
