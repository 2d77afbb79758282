import { startsWith } from "../bytes.ts";
import { xmlAttachments } from "../einvoice/index.ts";
import { sniff } from "../formats/sniff.ts";
import { Unreadable } from "../formats/unreadable.ts";
import { readPdfObjects } from "../pdf/objects.ts";
import { MAX_CARRIED_FILES } from "./limits.ts";
import { SUPPORTING_DOCUMENT_TYPES } from "./rules/pdf.ts";

/** A file an invoice carries (EN 16931 BG-24, a supporting document), to be checked on its own and kept as an appendix. */
export interface CarriedFile {
  name: string;
  bytes: Uint8Array;
}

/** Why the carried files of an invoice cannot be checked (they are then not let through). */
export class CarriedFilesUnreadable extends Error {}

/**
 * The supporting documents an invoice carries: the PDF, PNG, JPEG, CSV,
 * XLSX and ODS files a PDF embeds (its invoice XML is no appendix: it is
 * what the invoice was read from), and every file an e-invoice XML carries
 * as base64, under the names they are given; at most MAX_CARRIED_FILES.
 */
export async function carriedFiles(bytes: Uint8Array): Promise<CarriedFile[]> {
  const found: CarriedFile[] = [];
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    const pdf = await readPdfObjects(bytes);
    for (const file of pdf.embeddedFiles) {
      if (!file.bytes) continue;
      const type = await sniff(file.bytes);
      if (type.family === "pdf" || SUPPORTING_DOCUMENT_TYPES.has(type.ext)) found.push({ name: file.name ?? `appendix.${type.ext}`, bytes: file.bytes });
    }
  } else {
    try {
      for (const file of xmlAttachments(bytes)) found.push({ name: file.name ?? "attachment", bytes: file.bytes });
    } catch (error) {
      if (error instanceof Unreadable) throw new CarriedFilesUnreadable(error.message);
      throw error;
    }
  }
  return found.slice(0, MAX_CARRIED_FILES);
}
