import { startsWith, view } from "../bytes.ts";

/** Compound File Binary (OLE2): the container of .doc, .xls, .ppt, .msg and .msi. */
export const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

/** Directory entries read at most; real documents have tens to a few hundred. */
const MAX_OLE_ENTRIES = 4096;
const END_OF_CHAIN = 0xfffffffe;

export interface OleDirectory {
  /** Storage and stream names, in directory order. */
  names: string[];
  /** CLSID of the root storage, upper case without braces. */
  rootClsid: string;
}

/**
 * Lists the entries of an OLE compound file, or null when its structure does
 * not hold together (damaged, or only the signature is right).
 */
export function readOleDirectory(bytes: Uint8Array): OleDirectory | null {
  if (!startsWith(bytes, OLE_SIGNATURE) || bytes.length < 512) return null;
  const v = view(bytes);
  const sectorSize = 1 << v.getUint16(0x1e, true);
  if (sectorSize !== 512 && sectorSize !== 4096) return null;
  const sectorOffset = (sector: number) => (sector + 1) * sectorSize;

  // The FAT sectors listed in the header (enough for files up to ~7 MB with
  // 512-byte sectors; beyond, the DIFAT chain is not followed and the directory
  // may be found incomplete, which only makes us more careful).
  const fatSectors: number[] = [];
  const fatCount = v.getUint32(0x2c, true);
  for (let i = 0; i < Math.min(fatCount, 109); i++) fatSectors.push(v.getUint32(0x4c + i * 4, true));
  const perSector = sectorSize / 4;
  const nextSector = (sector: number): number | null => {
    const fatSector = fatSectors[Math.floor(sector / perSector)];
    if (fatSector === undefined) return null;
    const offset = sectorOffset(fatSector) + (sector % perSector) * 4;
    return offset + 4 <= bytes.length ? v.getUint32(offset, true) : null;
  };

  const names: string[] = [];
  let rootClsid = "";
  let sector = v.getUint32(0x30, true);
  const seen = new Set<number>();
  while (sector !== END_OF_CHAIN && names.length < MAX_OLE_ENTRIES) {
    if (seen.has(sector)) return null; // a loop in the chain
    seen.add(sector);
    const start = sectorOffset(sector);
    if (start + sectorSize > bytes.length) return null;
    for (let entry = start; entry < start + sectorSize; entry += 128) {
      const type = bytes[entry + 0x42];
      if (type === 0) continue; // unused entry
      const nameBytes = Math.min(v.getUint16(entry + 0x40, true), 64);
      let name = "";
      for (let i = 0; i + 1 < nameBytes - 1; i += 2) name += String.fromCharCode(v.getUint16(entry + i, true));
      if (type === 5) rootClsid = clsid(bytes, entry + 0x50);
      names.push(name);
    }
    const next = nextSector(sector);
    if (next === null) return null;
    sector = next;
  }
  return names.length > 0 ? { names, rootClsid } : null;
}

function clsid(bytes: Uint8Array, offset: number): string {
  const v = view(bytes);
  const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, "0");
  const tail = Array.from(bytes.subarray(offset + 8, offset + 16), (b) => hex(b, 2)).join("");
  return `${hex(v.getUint32(offset, true), 8)}-${hex(v.getUint16(offset + 4, true), 4)}-${hex(v.getUint16(offset + 6, true), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/** Windows Installer packages and patches, by their root CLSID. */
const INSTALLER_CLSIDS = new Set([
  "000C1084-0000-0000-C000-000000000046", // .msi
  "000C1086-0000-0000-C000-000000000046", // .msp
  "000C1082-0000-0000-C000-000000000046", // .mst
]);

export type OleKind = "doc" | "xls" | "ppt" | "msg" | "msi" | "other";

export function oleKind(directory: OleDirectory): OleKind {
  if (INSTALLER_CLSIDS.has(directory.rootClsid)) return "msi";
  const names = new Set(directory.names);
  if (names.has("WordDocument")) return "doc";
  if (names.has("Workbook") || names.has("Book")) return "xls";
  if (names.has("PowerPoint Document")) return "ppt";
  if (directory.names.some((n) => n.startsWith("__substg1.0_"))) return "msg";
  return "other";
}

/** VBA macros live in a storage named VBA (or _VBA_PROJECT_CUR in Excel, Macros in Word). */
export function oleHasMacros(directory: OleDirectory): boolean {
  return directory.names.some((n) => n === "VBA" || n === "_VBA_PROJECT_CUR" || n === "_VBA_PROJECT" || n === "Macros");
}
