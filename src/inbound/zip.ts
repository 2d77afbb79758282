import { MAX_ARCHIVE_ENTRIES, MAX_ARCHIVE_ENTRY_BYTES, MAX_ARCHIVE_RATIO } from "../limits.ts";
import { view } from "../scan/bytes.ts";

export type ArchiveProblem =
  | { code: "ARCHIVE_ENCRYPTED"; detail: string }
  | { code: "ARCHIVE_TOO_MANY_FILES"; detail: string }
  | { code: "ARCHIVE_BOMB"; detail: string }
  | { code: "ARCHIVE_DAMAGED"; detail: string };

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
    super(problem.detail);
    this.name = "ArchiveError";
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** The end record sits in the last 22 bytes plus a comment of at most 64 KiB. */
const EOCD_SEARCH_BYTES = 22 + 0xffff;

const cp437ish = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8");

/**
 * Opens a ZIP archive within the limits of limits.ts. Sizes declared in the
 * archive are checked first and then enforced while inflating, since a bomb
 * declares small sizes and expands anyway. Encrypted entries cannot be
 * scanned, so the whole archive is refused.
 */
export function readZip(bytes: Uint8Array): ZipContents {
  const v = view(bytes);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - EOCD_SEARCH_BYTES); i--) {
    if (v.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return damaged("no central directory");
  const count = v.getUint16(eocd + 10, true);
  const directoryOffset = v.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) {
    return { problem: { code: "ARCHIVE_TOO_MANY_FILES", detail: "a ZIP64 archive, far larger than an invoice archive" } };
  }
  if (count > MAX_ARCHIVE_ENTRIES) {
    return { problem: { code: "ARCHIVE_TOO_MANY_FILES", detail: `${count} entries; at most ${MAX_ARCHIVE_ENTRIES} are opened` } };
  }

  const entries: { name: string; method: number; data: Uint8Array; limit: number }[] = [];
  let offset = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || v.getUint32(offset, true) !== CENTRAL_SIGNATURE) return damaged("a broken central directory");
    const flags = v.getUint16(offset + 8, true);
    const method = v.getUint16(offset + 10, true);
    const compressedSize = v.getUint32(offset + 20, true);
    const size = v.getUint32(offset + 24, true);
    const nameLength = v.getUint16(offset + 28, true);
    const extraLength = v.getUint16(offset + 30, true);
    const commentLength = v.getUint16(offset + 32, true);
    const localOffset = v.getUint32(offset + 42, true);
    const rawName = bytes.subarray(offset + 46, offset + 46 + nameLength);
    // Bit 11: the name is UTF-8; otherwise CP437, close enough to Latin-1 for file names.
    const name = (flags & 0x800 ? utf8 : cp437ish).decode(rawName);
    offset += 46 + nameLength + extraLength + commentLength;

    if (name.endsWith("/")) continue; // a directory
    if (flags & 0x1) return { problem: { code: "ARCHIVE_ENCRYPTED", detail: `"${name}" is encrypted, so it cannot be scanned` } };
    if (size > MAX_ARCHIVE_ENTRY_BYTES) {
      return { problem: { code: "ARCHIVE_BOMB", detail: `"${name}" would expand to ${size} bytes` } };
    }
    if (compressedSize > 0 && size / compressedSize > MAX_ARCHIVE_RATIO) {
      return { problem: { code: "ARCHIVE_BOMB", detail: `"${name}" would expand ${Math.round(size / compressedSize)} times` } };
    }
    if (localOffset + 30 > bytes.length || v.getUint32(localOffset, true) !== LOCAL_SIGNATURE) return damaged(`no data for "${name}"`);
    const dataStart = localOffset + 30 + v.getUint16(localOffset + 26, true) + v.getUint16(localOffset + 28, true);
    const data = bytes.subarray(dataStart, dataStart + compressedSize);
    if (data.length !== compressedSize) return damaged(`"${name}" is truncated`);

    if (method !== 0 && method !== 8) return damaged(`"${name}" uses compression method ${method}, which cannot be opened`);
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
    if (inflated === "too-large") throw new ArchiveError({ code: "ARCHIVE_BOMB", detail: `"${name}" expands beyond its declared size` });
    if (inflated === "damaged") throw new ArchiveError({ code: "ARCHIVE_DAMAGED", detail: `"${name}" does not decompress` });
    yield { name, bytes: inflated };
  }
}

function damaged(detail: string): ZipContents {
  return { problem: { code: "ARCHIVE_DAMAGED", detail } };
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
