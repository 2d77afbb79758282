import { zipSync, zlibSync, type Zippable } from "fflate";
import { concat } from "./mime.ts";

/** Fixture files of our own, built in code: each call gives different bytes unless the label repeats. */
const encoder = new TextEncoder();

/** Random bytes of any length (getRandomValues takes at most 64 KiB at a time). */
export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(length, i + 65536)));
  return out;
}

/** A PDF object's body: a dictionary or array as text, or a stream (its dictionary without /Length, which is added). */
export type PdfObjectBody = string | { dict: string; stream: Uint8Array };

export interface PdfOptions {
  /** Entries added to the catalog (object 1), e.g. `/OpenAction [3 0 R /FitH null]`. */
  extraCatalog?: string;
  /** Objects after the five of every PDF, numbered from 6. */
  extraObjects?: PdfObjectBody[];
  /** Entries added to the trailer, e.g. `/Encrypt 6 0 R`. */
  extraTrailer?: string;
}

/** A small valid PDF (header, objects, cross-reference table, trailer) showing `label`. */
export function makePdf(label: string = crypto.randomUUID(), options: PdfOptions = {}): Uint8Array {
  const content = `BT /F1 12 Tf 72 720 Td (Invoice ${label.replace(/[()\\]/g, "")}) Tj ET`;
  const objects: PdfObjectBody[] = [
    `<< /Type /Catalog /Pages 2 0 R ${options.extraCatalog ?? ""}>>`,
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    { dict: "<<>>", stream: encoder.encode(content) },
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ...(options.extraObjects ?? []),
  ];
  const chunks: Uint8Array[] = [latin1("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")];
  let length = chunks[0]!.length;
  const push = (chunk: Uint8Array) => {
    chunks.push(chunk);
    length += chunk.length;
  };
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    if (typeof body === "string") push(latin1(`${i + 1} 0 obj\n${body}\nendobj\n`));
    else {
      push(latin1(`${i + 1} 0 obj\n${body.dict.replace(/>>\s*$/, ` /Length ${body.stream.length} >>`)}\nstream\n`));
      push(body.stream);
      push(latin1("\nendstream\nendobj\n"));
    }
  });
  const xref = length;
  let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) tail += `${String(offset).padStart(10, "0")} 00000 n \n`;
  tail += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${options.extraTrailer ?? ""}>>\nstartxref\n${xref}\n%%EOF\n`;
  push(latin1(tail));
  return concat(chunks);
}

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Data compressed as a PDF's FlateDecode filter expects (zlib). */
export function flate(bytes: Uint8Array | string): Uint8Array {
  return zlibSync(typeof bytes === "string" ? encoder.encode(bytes) : bytes);
}

/**
 * An object stream (PDF 1.5) holding `objects` under their numbers, FlateDecode-compressed
 * unless `filter` says otherwise; `data` replaces the encoded contents (to damage them).
 */
export function objectStream(objects: { num: number; body: string }[], options: { filter?: string; data?: Uint8Array } = {}): PdfObjectBody {
  let header = "";
  let body = "";
  for (const object of objects) {
    header += `${object.num} ${body.length} `;
    body += `${object.body}\n`;
  }
  const contents = encoder.encode(header + body);
  const filter = options.filter ?? "/FlateDecode";
  const data = options.data ?? (filter === "/FlateDecode" ? flate(contents) : contents);
  return { dict: `<< /Type /ObjStm /N ${objects.length} /First ${header.length} /Filter ${filter} >>`, stream: data };
}

/** A PDF padded to about `bytes` with a comment, e.g. the typical 300 KB scanned invoice. */
export function makeLargePdf(bytes: number, label: string = crypto.randomUUID()): Uint8Array {
  const padding = `% ${"x".repeat(Math.max(0, bytes - 1000))}\n`;
  return makePdf(label, { extraObjects: [`<< /Padding true >>\n${padding}`] });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat([encoder.encode(type), data]);
  return concat([u32(data.length), typed, u32(crc32(typed))]);
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"))).arrayBuffer());
}

/** A real, decodable grey PNG of the given size; `seed` varies its pixels so that files differ. */
export async function makePng(width: number, height: number, seed = Math.floor(Math.random() * 255)): Promise<Uint8Array> {
  const ihdr = new Uint8Array([...u32(width), ...u32(height), 8, 0, 0, 0, 0]);
  const rows = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) rows.fill(seed, y * (width + 1) + 1, (y + 1) * (width + 1));
  return concat([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk("IHDR", ihdr), pngChunk("IDAT", await deflate(rows)), pngChunk("IEND", new Uint8Array())]);
}

/** A JPEG whose header (SOI, JFIF, frame header with its size) decodes; `padding` bytes of scan data follow. */
export function makeJpeg(width: number, height: number, padding = 2048): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof0 = [0xff, 0xc0, 0x00, 0x0b, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00];
  const scan = randomBytes(padding).map((b) => (b === 0xff ? 0x00 : b));
  return concat([new Uint8Array([0xff, 0xd8, ...app0, ...sof0, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]), scan, new Uint8Array([0xff, 0xd9])]);
}

export function makeZip(files: Record<string, Uint8Array>, level: 0 | 6 | 9 = 6): Uint8Array {
  return zipSync(files as Zippable, { level });
}

/** Marks every entry of a ZIP as encrypted (general purpose flag bit 0), as a password-protected archive has. */
export function encryptZipFlags(zip: Uint8Array): Uint8Array {
  const out = zip.slice();
  const v = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = v.getUint32(i, true);
    if (sig === 0x04034b50) v.setUint16(i + 6, v.getUint16(i + 6, true) | 1, true);
    if (sig === 0x02014b50) v.setUint16(i + 8, v.getUint16(i + 8, true) | 1, true);
  }
  return out;
}

/** An Outlook winmail.dat (TNEF) holding `files`, with long names in the MAPI properties as Outlook writes them. */
export function makeTnef(files: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const chunks: Uint8Array[] = [new Uint8Array([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00])];
  const attribute = (level: number, id: number, data: Uint8Array) => {
    const head = new Uint8Array(9);
    const v = new DataView(head.buffer);
    head[0] = level;
    v.setUint32(1, id, true);
    v.setUint32(5, data.length, true);
    let sum = 0;
    for (const b of data) sum = (sum + b) & 0xffff;
    chunks.push(head, data, new Uint8Array([sum & 0xff, sum >> 8]));
  };
  attribute(1, 0x00089006, new Uint8Array([0x01, 0x00, 0x00, 0x00])); // attMessageClass-ish header attribute
  for (const file of files) {
    attribute(2, 0x00069002, new Uint8Array(14)); // attAttachRendData
    const short = file.name.length > 12 ? `${file.name.slice(0, 6)}~1${file.name.slice(file.name.lastIndexOf("."))}` : file.name;
    attribute(2, 0x00018010, encoder.encode(`${short}\0`)); // attAttachTitle
    attribute(2, 0x0006800f, file.bytes); // attAttachData
    const name = new Uint8Array(file.name.length * 2 + 2);
    for (let i = 0; i < file.name.length; i++) new DataView(name.buffer).setUint16(i * 2, file.name.charCodeAt(i), true);
    const padded = (name.length + 3) & ~3;
    const props = new Uint8Array(4 + 4 + 4 + 4 + padded);
    const pv = new DataView(props.buffer);
    pv.setUint32(0, 1, true); // one property
    pv.setUint32(4, (0x3707 << 16) | 0x001f, true); // PR_ATTACH_LONG_FILENAME, PT_UNICODE
    pv.setUint32(8, 1, true); // one value
    pv.setUint32(12, name.length, true);
    props.set(name, 16);
    attribute(2, 0x00069005, props); // attAttachment
  }
  return concat(chunks);
}

/** A Windows executable's first bytes: the MZ header pointing at a PE signature. */
export function makeExe(): Uint8Array {
  const exe = new Uint8Array(1024);
  exe.set([0x4d, 0x5a, 0x90, 0x00]);
  new DataView(exe.buffer).setUint32(0x3c, 0x80, true);
  exe.set([0x50, 0x45, 0x00, 0x00, 0x4c, 0x01], 0x80);
  exe.set(randomBytes(exe.length - 0x200), 0x200);
  return exe;
}

export function makeDocx(label: string = crypto.randomUUID()): Uint8Array {
  return makeZip({
    "[Content_Types].xml": encoder.encode(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    "word/document.xml": encoder.encode(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${label}</w:t></w:r></w:p></w:body></w:document>`),
  });
}

/** A storage or stream of an OLE compound file: `Macros`, `VBA`, `WordDocument`... */
export interface OleEntry {
  name: string;
  type: "storage" | "stream";
}

/**
 * An OLE compound file (the container of .doc, .xls, .msi, vbaProject.bin)
 * with these entries under its root: a header, one FAT sector, and the
 * directory. Streams are empty; the directory is what the checks read.
 */
export function makeOle(entries: OleEntry[], rootClsid = "00020906-0000-0000-C000-000000000046"): Uint8Array {
  const SECTOR = 512;
  const directory = [{ name: "Root Entry", type: 5 }, ...entries.map((e) => ({ name: e.name, type: e.type === "storage" ? 1 : 2 }))];
  const directorySectors = Math.ceil(directory.length / 4);
  const out = new Uint8Array(SECTOR * (2 + directorySectors));
  const v = new DataView(out.buffer);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  v.setUint16(0x18, 0x3e, true);
  v.setUint16(0x1a, 3, true);
  v.setUint16(0x1c, 0xfffe, true);
  v.setUint16(0x1e, 9, true); // 512-byte sectors
  v.setUint16(0x20, 6, true);
  v.setUint32(0x2c, 1, true); // one FAT sector
  v.setUint32(0x30, 1, true); // the directory starts at sector 1
  v.setUint32(0x38, 4096, true);
  v.setUint32(0x3c, 0xfffffffe, true);
  v.setUint32(0x44, 0xfffffffe, true);
  for (let i = 0; i < 109; i++) v.setUint32(0x4c + i * 4, i === 0 ? 0 : 0xffffffff, true);
  // Sector 0 is the FAT: itself, then the directory's chain.
  const fat = SECTOR;
  for (let i = 0; i < SECTOR / 4; i++) v.setUint32(fat + i * 4, 0xffffffff, true);
  v.setUint32(fat, 0xfffffffd, true);
  for (let s = 1; s <= directorySectors; s++) v.setUint32(fat + s * 4, s === directorySectors ? 0xfffffffe : s + 1, true);
  directory.forEach((entry, i) => {
    const at = SECTOR * 2 + i * 128;
    for (let c = 0; c < entry.name.length; c++) v.setUint16(at + c * 2, entry.name.charCodeAt(c), true);
    v.setUint16(at + 0x40, (entry.name.length + 1) * 2, true);
    out[at + 0x42] = entry.type;
    for (const offset of [0x44, 0x48, 0x4c]) v.setUint32(at + offset, 0xffffffff, true);
    v.setUint32(at + 0x74, 0xfffffffe, true);
  });
  const [d1, d2, d3, d4, d5] = rootClsid.split("-");
  const root = SECTOR * 2 + 0x50;
  v.setUint32(root, parseInt(d1!, 16), true);
  v.setUint16(root + 4, parseInt(d2!, 16), true);
  v.setUint16(root + 6, parseInt(d3!, 16), true);
  out.set(Uint8Array.fromHex(d4! + d5!), root + 8);
  return out;
}

/** The root CLSID of a Windows Installer package. */
export const MSI_CLSID = "000C1084-0000-0000-C000-000000000046";

/** An OpenDocument text file (or spreadsheet); `extra` adds parts, e.g. a Basic module. */
export function makeOdt(extra: Record<string, string> = {}, kind: "text" | "spreadsheet" = "text"): Uint8Array {
  const files: Zippable = { mimetype: [encoder.encode(`application/vnd.oasis.opendocument.${kind}`), { level: 0 }] };
  files["content.xml"] = encoder.encode('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body/></office:document-content>');
  files["META-INF/manifest.xml"] = encoder.encode('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>');
  for (const [name, text] of Object.entries(extra)) files[name] = encoder.encode(text);
  return zipSync(files);
}

/** An OOXML Word document with `parts` beside its document, under the content type given (docx or docm). */
export function makeWordPackage(parts: Record<string, Uint8Array>, macroEnabledType = false): Uint8Array {
  const type = macroEnabledType ? "application/vnd.ms-word.document.macroEnabled.main+xml" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
  return makeZip({
    "[Content_Types].xml": encoder.encode(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="${type}"/></Types>`),
    "word/document.xml": encoder.encode('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'),
    ...parts,
  });
}

/** An OOXML workbook (xlsx) with `parts` beside its workbook, e.g. xl/vbaProject.bin. */
export function makeXlsx(parts: Record<string, Uint8Array> = {}): Uint8Array {
  return makeZip({
    "[Content_Types].xml": encoder.encode(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    ),
    "xl/workbook.xml": encoder.encode('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>'),
    ...parts,
  });
}

/** A VBA project as Office stores it (vbaProject.bin): an OLE file with the VBA storage. */
export function makeVbaProject(): Uint8Array {
  return makeOle([
    { name: "VBA", type: "storage" },
    { name: "PROJECT", type: "stream" },
    { name: "PROJECTwm", type: "stream" },
  ]);
}

export type Platform = "pe" | "elf" | "macho" | "lnk" | "msi" | "jar" | "class" | "dex" | "wasm";

/** The first bytes of a program of each platform, enough for a loader (and for file-type) to know it. */
export function makeProgram(platform: Platform): Uint8Array {
  const padded = (head: number[], size = 1024) => {
    const bytes = randomBytes(size);
    bytes.set(head);
    return bytes;
  };
  switch (platform) {
    case "pe":
      return makeExe();
    case "elf":
      return padded([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0]);
    case "macho":
      return padded([0xcf, 0xfa, 0xed, 0xfe, 0x07, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00]);
    case "lnk":
      return padded([0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0x00, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46]);
    case "msi":
      return makeOle([{ name: "SummaryInformation", type: "stream" }], MSI_CLSID);
    case "jar":
      return makeZip({ "META-INF/MANIFEST.MF": encoder.encode("Manifest-Version: 1.0\r\nMain-Class: Invoice\r\n\r\n"), "Invoice.class": makeProgram("class") });
    case "class":
      return padded([0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x34]);
    case "dex":
      return padded([0x64, 0x65, 0x78, 0x0a, 0x30, 0x33, 0x35, 0x00]);
    case "wasm":
      return padded([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  }
}

/**
 * Rewrites an entry's name, in the local header and the central directory,
 * with raw bytes of the same length: e.g. code page 437, as Windows'
 * "Send to compressed folder" writes names (without the UTF-8 flag).
 */
export function rewriteZipName(zip: Uint8Array, name: string, bytes: number[]): Uint8Array {
  const from = encoder.encode(name);
  if (from.length !== bytes.length) throw new Error("the new name must have as many bytes");
  const out = zip.slice();
  for (let i = 0; i + from.length <= out.length; i++) {
    if (from.every((b, j) => out[i + j] === b)) out.set(bytes, i);
  }
  return out;
}
