import { MAX_ARCHIVE_ENTRIES, MAX_ARCHIVE_ENTRY_BYTES, MAX_ARCHIVE_RATIO, MAX_PACKAGE_ENTRIES } from "../limits.ts";
import { view } from "../bytes.ts";
import { reason, type Reason, type ReasonParams } from "../reasons/catalogue.ts";

/** Why an archive cannot be opened safely, as the reason its file gets. */
export type ArchiveProblem = Reason<"ARCHIVE_ENCRYPTED" | "ARCHIVE_TOO_MANY_FILES" | "ARCHIVE_BOMB" | "ARCHIVE_DAMAGED">;

export interface ArchiveEntry {
  name: string;
  bytes: Uint8Array;
}

/**
 * An archive whose directory passed the checks: its entries are inflated one
 * at a time as they are iterated, so that only one is in memory at once. An
 * entry that proves to be a bomb or damaged while inflating throws
 * ArchiveError.
 */
export type ZipContents = { entries: AsyncIterable<ArchiveEntry> } | { problem: ArchiveProblem };

export class ArchiveError extends Error {
  constructor(readonly problem: ArchiveProblem) {
    super(problem.code);
    this.name = "ArchiveError";
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** The end record sits in the last 22 bytes plus a comment of at most 64 KiB. */
const EOCD_SEARCH_BYTES = 22 + 0xffff;

const utf8 = new TextDecoder("utf-8");

/**
 * Code page 437 from 0x80, the encoding of ZIP names without the UTF-8 flag
 * (Windows' "Send to compressed folder" writes them so). Read as Latin-1
 * instead, `Müller.pdf` would carry the C1 control U+0081 and trip the
 * file-name rules.
 */
const CP437_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

function cp437(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
  return text;
}

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

type CentralDirectory = { entries: CentralEntry[] } | { problem: ArchiveProblem };

/** The entries the central directory lists (directories left out), without reading their data. */
function readCentralDirectory(bytes: Uint8Array, maxEntries: number): CentralDirectory {
  const v = view(bytes);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - EOCD_SEARCH_BYTES); i--) {
    if (v.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return damaged({ problem: "no_directory" });
  const count = v.getUint16(eocd + 10, true);
  const directoryOffset = v.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) {
    return { problem: reason("ARCHIVE_TOO_MANY_FILES", { how: "zip64" }) };
  }
  if (count > maxEntries) {
    return { problem: reason("ARCHIVE_TOO_MANY_FILES", { how: "entries", entries: count, max: maxEntries }) };
  }
  const entries: CentralEntry[] = [];
  let offset = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || v.getUint32(offset, true) !== CENTRAL_SIGNATURE) return damaged({ problem: "broken_directory" });
    const flags = v.getUint16(offset + 8, true);
    const nameLength = v.getUint16(offset + 28, true);
    const rawName = bytes.subarray(offset + 46, offset + 46 + nameLength);
    // Bit 11: the name is UTF-8; otherwise code page 437.
    const name = flags & 0x800 ? utf8.decode(rawName) : cp437(rawName);
    if (!name.endsWith("/")) {
      entries.push({
        name,
        flags,
        method: v.getUint16(offset + 10, true),
        compressedSize: v.getUint32(offset + 20, true),
        size: v.getUint32(offset + 24, true),
        localOffset: v.getUint32(offset + 42, true),
      });
    }
    offset += 46 + nameLength + v.getUint16(offset + 30, true) + v.getUint16(offset + 32, true);
  }
  return { entries };
}

/**
 * The entry names of a ZIP-based document (OOXML, ODF), or null when its
 * directory cannot be read. Office packages hold more parts than an invoice
 * archive holds files, hence their own bound.
 */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  const directory = readCentralDirectory(bytes, MAX_PACKAGE_ENTRIES);
  return "problem" in directory ? null : directory.entries.map((e) => e.name);
}

/**
 * Opens a ZIP archive within the limits of limits.ts. Sizes declared in the
 * archive are checked first and then enforced while inflating, since a bomb
 * declares small sizes and expands anyway. Encrypted entries cannot be
 * scanned, so the whole archive is refused.
 */
export function readZip(bytes: Uint8Array): ZipContents {
  const directory = readCentralDirectory(bytes, MAX_ARCHIVE_ENTRIES);
  if ("problem" in directory) return directory;
  const v = view(bytes);
  const entries: { name: string; method: number; data: Uint8Array; limit: number }[] = [];
  for (const { name, flags, method, compressedSize, size, localOffset } of directory.entries) {
    if (flags & 0x1) return { problem: reason("ARCHIVE_ENCRYPTED", { entry: name }) };
    if (size > MAX_ARCHIVE_ENTRY_BYTES) {
      return { problem: reason("ARCHIVE_BOMB", { how: "size", entry: name, bytes: size }) };
    }
    if (compressedSize > 0 && size / compressedSize > MAX_ARCHIVE_RATIO) {
      return { problem: reason("ARCHIVE_BOMB", { how: "ratio", entry: name, ratio: Math.round(size / compressedSize) }) };
    }
    if (localOffset + 30 > bytes.length || v.getUint32(localOffset, true) !== LOCAL_SIGNATURE) return damaged({ problem: "no_data", entry: name });
    const dataStart = localOffset + 30 + v.getUint16(localOffset + 26, true) + v.getUint16(localOffset + 28, true);
    const data = bytes.subarray(dataStart, dataStart + compressedSize);
    if (data.length !== compressedSize) return damaged({ problem: "truncated", entry: name });

    if (method !== 0 && method !== 8) return damaged({ problem: "method", entry: name, method });
    entries.push({ name, method, data, limit: Math.min(MAX_ARCHIVE_ENTRY_BYTES, size, compressedSize * MAX_ARCHIVE_RATIO) });
  }
  return { entries: inflateEach(entries) };
}

async function* inflateEach(entries: { name: string; method: number; data: Uint8Array; limit: number }[]): AsyncIterable<ArchiveEntry> {
  for (const { name, method, data, limit } of entries) {
    if (method === 0) {
      yield { name, bytes: data };
      continue;
    }
    const inflated = await inflateRaw(data, limit);
    if (inflated === "too-large") throw new ArchiveError(reason("ARCHIVE_BOMB", { how: "inflates_past_declared", entry: name }));
    if (inflated === "damaged") throw new ArchiveError(reason("ARCHIVE_DAMAGED", { problem: "does_not_decompress", entry: name }));
    yield { name, bytes: inflated };
  }
}

function damaged(params: ReasonParams<"ARCHIVE_DAMAGED">): { problem: ArchiveProblem } {
  return { problem: reason("ARCHIVE_DAMAGED", params) };
}

/** Inflates a raw deflate stream natively, stopping as soon as the output passes `limit`. */
async function inflateRaw(data: Uint8Array, limit: number): Promise<Uint8Array | "too-large" | "damaged"> {
  const reader = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel();
        return "too-large";
      }
      chunks.push(value);
    }
  } catch {
    return "damaged";
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
