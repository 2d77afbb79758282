import { Inflate } from "fflate";
import { Unreadable } from "../formats/unreadable.ts";
import { PdfStream, type PdfDict, type PdfValue } from "./values.ts";

/**
 * Compressed bytes handed to the inflater at a time. Deflate expands at most
 * about 1032:1, so one step can never make more than ~4 MiB before the cap
 * is checked again.
 */
const INFLATE_STEP_BYTES = 4096;

/**
 * Inflates zlib (or raw deflate) data, stopping with `too_large` as soon as
 * the output passes `cap`: a decompression bomb costs at most `cap` plus one
 * step. The zlib trailer is not checked, as PDF readers do not check it
 * either (producers truncate it or add line ends after it).
 */
export function inflate(data: Uint8Array, cap: number): Uint8Array {
  let input = data;
  const [cmf, flg] = data;
  if (cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0) {
    if (flg & 0x20) throw new Unreadable("unsupported", "A PDF stream uses a preset deflate dictionary.");
    input = data.subarray(2);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > cap) throw new Unreadable("too_large", `A compressed PDF stream inflates to more than ${cap} bytes.`);
    chunks.push(chunk);
  });
  try {
    for (let offset = 0; offset < input.length || offset === 0; offset += INFLATE_STEP_BYTES) {
      inflater.push(input.subarray(offset, offset + INFLATE_STEP_BYTES), offset + INFLATE_STEP_BYTES >= input.length);
    }
  } catch (error) {
    if (error instanceof Unreadable) throw error;
    // A truncated stream still gives what it inflated so far; nothing at all is damage.
    if (size === 0) throw new Unreadable("malformed", "A compressed PDF stream is damaged.");
  }
  return concat(chunks, size);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Undoes a PNG predictor (10..15), as cross-reference streams use it (ISO 32000-2 §7.4.4.4). */
function unpredict(data: Uint8Array, params: PdfDict | null): Uint8Array {
  const predictor = numberOr(params?.get("Predictor"), 1);
  if (predictor === 1) return data;
  if (predictor < 10) throw new Unreadable("unsupported", `A PDF stream uses the TIFF predictor ${predictor}.`);
  const colors = numberOr(params?.get("Colors"), 1);
  const bits = numberOr(params?.get("BitsPerComponent"), 8);
  const columns = numberOr(params?.get("Columns"), 1);
  const pixelBytes = Math.max(1, Math.ceil((colors * bits) / 8));
  const rowBytes = Math.ceil((colors * bits * columns) / 8);
  if (rowBytes <= 0 || rowBytes > 1 << 20) throw new Unreadable("malformed", "A PDF stream has impossible predictor parameters.");
  const rows = Math.floor(data.length / (rowBytes + 1));
  const out = new Uint8Array(rows * rowBytes);
  for (let row = 0; row < rows; row++) {
    const filter = data[row * (rowBytes + 1)]!;
    const source = row * (rowBytes + 1) + 1;
    const target = row * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const raw = data[source + i]!;
      const left = i >= pixelBytes ? out[target + i - pixelBytes]! : 0;
      const up = row > 0 ? out[target + i - rowBytes]! : 0;
      const upLeft = row > 0 && i >= pixelBytes ? out[target + i - rowBytes - pixelBytes]! : 0;
      let value: number;
      switch (filter) {
        case 1:
          value = raw + left;
          break;
        case 2:
          value = raw + up;
          break;
        case 3:
          value = raw + ((left + up) >> 1);
          break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          value = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default:
          value = raw;
      }
      out[target + i] = value & 0xff;
    }
  }
  return out;
}

function asciiHex(data: Uint8Array): Uint8Array {
  const text = new TextDecoder("latin1").decode(data).replace(/\s+/g, "");
  const end = text.indexOf(">");
  const digits = end === -1 ? text : text.slice(0, end);
  const hex = digits.length % 2 === 0 ? digits : `${digits}0`;
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) {
    const byte = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    if (Number.isNaN(byte)) throw new Unreadable("malformed", "A PDF stream has bad hexadecimal data.");
    out[i] = byte;
  }
  return out;
}

function numberOr(value: PdfValue | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/**
 * A stream's decoded bytes, at most `cap` of them. Flate (with PNG
 * predictors) and ASCIIHex are decoded: together they cover embedded files
 * and the structure streams; other filters (images, fonts) are never needed
 * here. `resolve` follows indirect /Filter and /DecodeParms values.
 */
export function decodeStream(stream: PdfStream, cap: number, resolve: (value: PdfValue) => PdfValue): Uint8Array {
  const filterValue = resolve(stream.dict.get("Filter") ?? null);
  const paramsValue = resolve(stream.dict.get("DecodeParms") ?? null);
  const filters = Array.isArray(filterValue) ? filterValue.map(resolve) : filterValue === null ? [] : [filterValue];
  const params = Array.isArray(paramsValue) ? paramsValue.map(resolve) : [paramsValue];
  let data = stream.data;
  filters.forEach((filter, index) => {
    const param = params[index];
    const dict = param instanceof Map ? param : null;
    if (filter === "FlateDecode" || filter === "Fl") data = unpredict(inflate(data, cap), dict);
    else if (filter === "ASCIIHexDecode" || filter === "AHx") data = asciiHex(data);
    else throw new Unreadable("unsupported", `A PDF stream is encoded with ${typeof filter === "string" ? filter : "an unknown filter"}, which is not read.`);
  });
  if (data.length > cap) throw new Unreadable("too_large", `A PDF stream is larger than ${cap} bytes.`);
  return data;
}
