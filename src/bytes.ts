/** Small byte helpers for reading file formats without copying. */

const latin1 = new TextDecoder("latin1");

/** The bytes as Latin-1 text: one char per byte, so offsets stay byte offsets. */
export function latin1Text(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return latin1.decode(bytes.subarray(Math.max(0, start), Math.min(bytes.length, end)));
}

export function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (bytes[offset + i] !== signature[i]) return false;
  return true;
}

export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The pieces one after the other, in one new array. */
export function concat(pieces: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/** SHA-256 in hex, of bytes or of a text's UTF-8. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).toHex();
}
