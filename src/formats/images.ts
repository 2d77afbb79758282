import { startsWith, view } from "../bytes.ts";

export interface ImageInfo {
  width: number;
  height: number;
}

/**
 * Reads the dimensions from an image's header, or null when the header does
 * not decode: a damaged or truncated image, or one that only claims to be.
 */
export function imageHeader(ext: string, bytes: Uint8Array): ImageInfo | null {
  try {
    switch (ext) {
      case "png":
        return png(bytes);
      case "jpg":
        return jpeg(bytes);
      case "gif":
        return bytes.length >= 10 ? positive(view(bytes).getUint16(6, true), view(bytes).getUint16(8, true)) : null;
      case "tif":
        return tiff(bytes);
      case "webp":
        return webp(bytes);
      case "bmp":
        return bytes.length >= 26 ? positive(view(bytes).getInt32(18, true), Math.abs(view(bytes).getInt32(22, true))) : null;
      case "heic":
      case "avif":
        // ISO-BMFF: file-type found the ftyp box; dimensions sit deep in the meta box, so accept a non-trivial file.
        return bytes.length > 1024 ? { width: MIN_UNKNOWN, height: MIN_UNKNOWN } : null;
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/** Dimensions we do not read are taken as large enough to be a document. */
const MIN_UNKNOWN = Number.MAX_SAFE_INTEGER;

function positive(width: number, height: number): ImageInfo | null {
  return width > 0 && height > 0 ? { width, height } : null;
}

function png(bytes: Uint8Array): ImageInfo | null {
  // Signature, then the IHDR chunk: length 13, type "IHDR", width, height.
  if (bytes.length < 33 || !startsWith(bytes, [0x49, 0x48, 0x44, 0x52], 12)) return null;
  const v = view(bytes);
  if (v.getUint32(8) !== 13) return null;
  return positive(v.getUint32(16), v.getUint32(20));
}

function jpeg(bytes: Uint8Array): ImageInfo | null {
  const v = view(bytes);
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or start of scan before any frame header
    const length = v.getUint16(offset + 2);
    if (length < 2) return null;
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (offset + 9 > bytes.length) return null;
      return positive(v.getUint16(offset + 7), v.getUint16(offset + 5));
    }
    offset += 2 + length;
  }
  return null;
}

function tiff(bytes: Uint8Array): ImageInfo | null {
  const v = view(bytes);
  const little = bytes[0] === 0x49;
  const ifd = v.getUint32(4, little);
  if (ifd < 8 || ifd + 2 > bytes.length) return null;
  const count = v.getUint16(ifd, little);
  let width = 0;
  let height = 0;
  for (let i = 0; i < count && ifd + 2 + i * 12 + 12 <= bytes.length; i++) {
    const entry = ifd + 2 + i * 12;
    const tag = v.getUint16(entry, little);
    const type = v.getUint16(entry + 2, little);
    const value = type === 3 ? v.getUint16(entry + 8, little) : v.getUint32(entry + 8, little);
    if (tag === 256) width = value;
    if (tag === 257) height = value;
  }
  return positive(width, height);
}

function webp(bytes: Uint8Array): ImageInfo | null {
  if (bytes.length < 30) return null;
  const v = view(bytes);
  const chunk = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (chunk === "VP8 ") return positive(v.getUint16(26, true) & 0x3fff, v.getUint16(28, true) & 0x3fff);
  if (chunk === "VP8L") {
    const bits = v.getUint32(21, true);
    return positive((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  if (chunk === "VP8X") {
    const width = 1 + (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16));
    const height = 1 + (bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16));
    return positive(width, height);
  }
  return null;
}
