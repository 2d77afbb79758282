/**
 * XML as text, in the encoding its byte order mark names (UTF-16 either way,
 * else UTF-8). Read as UTF-8, a UTF-16 file would hide its `<!DOCTYPE`
 * between NUL bytes.
 */
export function xmlText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  return new TextDecoder().decode(bytes);
}

/** A DOCTYPE is how entity expansion attacks (billion laughs, external entities) start; no e-invoice needs one. */
export function declaresDoctype(text: string): boolean {
  return /<!DOCTYPE|<!ENTITY/i.test(text);
}
