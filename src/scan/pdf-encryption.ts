import { md5 } from "@noble/hashes/legacy.js";

/**
 * Whether an encrypted PDF opens without a password. Many invoicing tools
 * encrypt with an owner password only, to restrict printing or copying:
 * every reader opens such a file with the empty user password. The check is
 * the standard security handler's own (ISO 32000-1 7.6.3.4 for revisions
 * 2 to 4, ISO 32000-2 7.6.4.4 for 5 and 6). MD5 comes from @noble/hashes,
 * which WebCrypto lacks; the SHA-2 hashes and AES from WebCrypto.
 */

export interface StandardSecurity {
  /** /R */
  revision: number;
  /** /Length in bits (revisions 3 and 4); 40 when absent. */
  keyBits: number;
  /** /O and /U */
  owner: Uint8Array;
  user: Uint8Array;
  /** /P, as a signed 32-bit integer. */
  permissions: number;
  /** /EncryptMetadata (revision 4); true when absent. */
  encryptMetadata: boolean;
  /** The first element of the trailer's /ID. */
  firstId: Uint8Array;
}

/** Padding of passwords in revisions 2 to 4 (the whole of the empty password). */
const PAD = Uint8Array.fromHex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a");

/** True when the empty user password opens the file; null for a revision this check does not know. */
export async function opensWithoutPassword(security: StandardSecurity): Promise<boolean | null> {
  const { revision, user } = security;
  if (revision >= 2 && revision <= 4) return equal(rc4UserCheck(security), revision === 2 ? user : user.subarray(0, 16));
  if (revision === 5) return equal(new Uint8Array(await digest("SHA-256", concat(user.subarray(32, 40)))), user.subarray(0, 32));
  if (revision === 6) return equal(await hash2B(user.subarray(32, 40)), user.subarray(0, 32));
  return null;
}

/** Algorithms 2 and 4/5 of ISO 32000-1 with the empty password: the /U value it would produce. */
function rc4UserCheck({ revision, keyBits, owner, permissions, encryptMetadata, firstId }: StandardSecurity): Uint8Array {
  const p = new Uint8Array(4);
  new DataView(p.buffer).setInt32(0, permissions, true);
  const length = revision === 2 ? 5 : Math.min(16, Math.max(5, keyBits / 8));
  let hash = md5(concat(PAD, owner.subarray(0, 32), p, firstId, revision >= 4 && !encryptMetadata ? new Uint8Array([255, 255, 255, 255]) : new Uint8Array()));
  if (revision >= 3) for (let i = 0; i < 50; i++) hash = md5(hash.subarray(0, length));
  const key = hash.subarray(0, length);
  if (revision === 2) return rc4(key, PAD);
  let x = rc4(key, md5(concat(PAD, firstId)));
  for (let i = 1; i <= 19; i++) x = rc4(key.map((b) => b ^ i), x);
  return x;
}

/** Algorithm 2.B of ISO 32000-2 (revision 6) for the empty password and a validation salt. */
async function hash2B(salt: Uint8Array): Promise<Uint8Array> {
  let k = new Uint8Array(await digest("SHA-256", salt));
  for (let round = 0; ; round++) {
    const k1 = new Uint8Array(64 * k.length);
    for (let i = 0; i < 64; i++) k1.set(k, i * k.length);
    const key = await crypto.subtle.importKey("raw", k.subarray(0, 16), "AES-CBC", false, ["encrypt"]);
    // WebCrypto pads; the data is whole blocks, so the padding is one block at the end, left off.
    const e = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-CBC", iv: k.subarray(16, 32) }, key, k1)).subarray(0, k1.length);
    // The first 16 bytes as a big-endian number, modulo 3: 256 ≡ 1 (mod 3), so the sum of the bytes will do.
    const remainder = e.subarray(0, 16).reduce((sum, b) => sum + b, 0) % 3;
    k = new Uint8Array(await digest((["SHA-256", "SHA-384", "SHA-512"] as const)[remainder]!, e));
    if (round >= 63 && e[e.length - 1]! <= round + 1 - 32) return k.subarray(0, 32);
  }
}

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

function digest(algorithm: "SHA-256" | "SHA-384" | "SHA-512", data: Uint8Array): Promise<ArrayBuffer> {
  return crypto.subtle.digest(algorithm, data);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
