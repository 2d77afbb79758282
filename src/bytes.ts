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

/** SHA-256 in hex, of bytes or of a text's UTF-8. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).toHex();
}
