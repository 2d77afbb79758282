import { sha256Hex } from "../bytes.ts";
import { TOKEN_BYTES } from "./limits.ts";

/**
 * A random token for a cookie or a link, and the hash that is stored: a
 * database that leaks gives no working session or link.
 */
export async function newToken(): Promise<{ token: string; hash: string }> {
  const token = crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)).toBase64({ alphabet: "base64url", omitPadding: true });
  return { token, hash: await sha256Hex(token) };
}

export const tokenHash = (token: string) => sha256Hex(token);

/** An RFC 3339 time `seconds` from `from`. */
export function later(seconds: number, from: Date = new Date()): string {
  return new Date(from.getTime() + seconds * 1000).toISOString();
}
