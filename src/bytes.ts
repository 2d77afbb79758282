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

/** Finds `needle` (ASCII) in `bytes` from `from`, ending by `to`; -1 when absent. */
export function indexOfAscii(bytes: Uint8Array, needle: string, from = 0, to = bytes.length): number {
  const first = needle.charCodeAt(0);
  const last = Math.min(to, bytes.length) - needle.length;
  // Only where a match could start is searched: checking for a word at one place must not scan the rest of the file.
  const starts = bytes.subarray(0, Math.max(0, last + 1));
  for (let i = starts.indexOf(first, from); i !== -1; i = starts.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle.charCodeAt(j)) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** Finds the last `needle` (ASCII) starting before `before`; -1 when absent. */
export function lastIndexOfAscii(bytes: Uint8Array, needle: string, before = bytes.length, notBefore = 0): number {
  const first = needle.charCodeAt(0);
  for (let i = bytes.lastIndexOf(first, before - 1); i >= notBefore && i !== -1; i = i === 0 ? -1 : bytes.lastIndexOf(first, i - 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle.charCodeAt(j)) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** SHA-256 in hex, of bytes or of a text's UTF-8. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).toHex();
}
