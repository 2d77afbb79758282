import { view } from "../bytes.ts";
import type { ArchiveEntry } from "./zip.ts";

/**
 * Reads the attachments out of a TNEF stream (Outlook's winmail.dat), per
 * [MS-OXTNEF]: after the signature and a key, a list of attributes (level,
 * id, length, data, checksum). An attachment starts with attAttachRendData;
 * attAttachTitle names it (8.3), attAttachData holds its bytes, and the MAPI
 * properties in attAttachment may carry the long file name and, instead of
 * attAttachData, the bytes themselves. An embedded Outlook item is its own
 * TNEF stream, returned as such for the caller to open; OLE objects drawn
 * inside rich text (pictures, equations) are not attachments and are skipped.
 */
const ATT_ATTACH_REND_DATA = 0x9002;
const ATT_ATTACH_TITLE = 0x8010;
const ATT_ATTACH_DATA = 0x800f;
const ATT_ATTACHMENT = 0x9005;
const LEVEL_ATTACHMENT = 0x02;

const PR_ATTACH_DATA = 0x3701;
const PR_ATTACH_METHOD = 0x3705;
const PR_ATTACH_LONG_FILENAME = 0x3707;
/** Attach methods: an embedded Outlook item (its own TNEF), and an OLE object drawn in rich text. */
const ATTACH_EMBEDDED_MSG = 5;
const ATTACH_OLE = 6;
/** PT_OBJECT values start with the 16-byte interface id of what follows. */
const OBJECT_IID_BYTES = 16;
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
const PT_OBJECT = 0x000d;
const MV_FLAG = 0x1000;

/** Bytes per fixed-size MAPI property type, as stored in TNEF (each value padded to 4). */
const FIXED_SIZES: Record<number, number> = {
  0x0002: 4, // PT_SHORT (padded)
  0x0003: 4, // PT_LONG
  0x0004: 4, // PT_FLOAT
  0x0005: 8, // PT_DOUBLE
  0x0006: 8, // PT_CURRENCY
  0x0007: 8, // PT_APPTIME
  0x000a: 4, // PT_ERROR
  0x000b: 4, // PT_BOOLEAN (padded)
  0x0014: 8, // PT_I8
  0x0040: 8, // PT_SYSTIME
  0x0048: 16, // PT_CLSID
};

export type TnefContents = { entries: ArchiveEntry[] } | { problem: "not_tnef" | "truncated" };

export function readTnef(bytes: Uint8Array): TnefContents {
  const v = view(bytes);
  if (bytes.length < 6 || v.getUint32(0, true) !== 0x223e9f78) return { problem: "not_tnef" };
  const entries: ArchiveEntry[] = [];
  let current: ({ title?: string; data?: Uint8Array } & MapiAttachment) | null = null;
  const flush = () => {
    if (!current || current.method === ATTACH_OLE) return;
    const bytes = current.data ?? current.mapiData ?? (current.method === ATTACH_EMBEDDED_MSG ? current.objectData : undefined);
    if (bytes) entries.push({ name: current.longName ?? current.title ?? "attachment", bytes });
  };
  let offset = 6;
  while (offset + 9 <= bytes.length) {
    const level = bytes[offset]!;
    const id = v.getUint32(offset + 1, true) & 0xffff;
    const length = v.getUint32(offset + 5, true);
    const start = offset + 9;
    if (start + length + 2 > bytes.length) return entries.length > 0 ? { entries } : { problem: "truncated" };
    const data = bytes.subarray(start, start + length);
    if (level === LEVEL_ATTACHMENT) {
      if (id === ATT_ATTACH_REND_DATA) {
        flush();
        current = {};
      } else if (current && id === ATT_ATTACH_TITLE) {
        current.title = cString(data);
      } else if (current && id === ATT_ATTACH_DATA) {
        current.data = data;
      } else if (current && id === ATT_ATTACHMENT) {
        Object.assign(current, readAttachmentProperties(data));
      }
    }
    offset = start + length + 2; // skip the checksum
  }
  flush();
  return { entries };
}

function cString(data: Uint8Array): string {
  const end = data.indexOf(0);
  return new TextDecoder("latin1").decode(end >= 0 ? data.subarray(0, end) : data);
}

interface MapiAttachment {
  longName?: string;
  method?: number;
  /** PR_ATTACH_DATA as binary. */
  mapiData?: Uint8Array;
  /** PR_ATTACH_DATA as an object, after its interface id: an embedded item's TNEF, or an OLE storage. */
  objectData?: Uint8Array;
}

const VARIABLE_TYPES = [PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT];

/** Reads the attachment properties we need from a MAPI property list; stops quietly where it cannot go on. */
function readAttachmentProperties(data: Uint8Array): MapiAttachment {
  const found: MapiAttachment = {};
  const v = view(data);
  let offset = 0;
  const read32 = () => {
    if (offset + 4 > data.length) throw new RangeError("truncated");
    const value = v.getUint32(offset, true);
    offset += 4;
    return value;
  };
  try {
    const count = read32();
    for (let i = 0; i < count; i++) {
      const tag = read32();
      const type = tag & 0xffff;
      const id = tag >>> 16;
      if (id >= 0x8000) {
        offset += 16; // GUID of a named property
        const kind = read32();
        if (kind === 0) offset += 4;
        else offset += (read32() + 3) & ~3;
      }
      const base = type & ~MV_FLAG;
      const variable = VARIABLE_TYPES.includes(base);
      const values = (type & MV_FLAG) !== 0 || variable ? read32() : 1;
      for (let n = 0; n < values; n++) {
        if (!variable) {
          const size = FIXED_SIZES[base];
          if (size === undefined) return found; // an unknown type: its size is unknown
          if (id === PR_ATTACH_METHOD && size === 4) found.method = v.getUint32(offset, true);
          offset += size;
          continue;
        }
        const size = read32();
        const value = data.subarray(offset, offset + size);
        if (id === PR_ATTACH_LONG_FILENAME && (base === PT_STRING8 || base === PT_UNICODE)) {
          found.longName = new TextDecoder(base === PT_UNICODE ? "utf-16le" : "latin1").decode(value).replace(/\0+$/, "");
        } else if (id === PR_ATTACH_DATA && base === PT_BINARY) {
          found.mapiData = value;
        } else if (id === PR_ATTACH_DATA && base === PT_OBJECT) {
          found.objectData = value.subarray(OBJECT_IID_BYTES);
        }
        offset += (size + 3) & ~3;
      }
    }
  } catch {
    // A truncated list: keep what was read.
  }
  return found;
}
