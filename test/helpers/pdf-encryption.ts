import { createCipheriv, createHash } from "node:crypto";

/**
 * /Encrypt dictionaries of the standard security handler, computed from
 * known passwords as a PDF writer computes them (ISO 32000-2 §7.6.4:
 * Algorithms 3, 4 and 5 for revisions 2-4, 8 and 9 for revision 6, and the
 * SHA-256 variant of extension level 3 for revision 5). Written from the
 * writer's side on purpose, apart from the reader in src/pdf/security.ts,
 * so that a mistake in one does not hide in the other. Only the dictionary
 * is made: the fixtures' strings and streams stay in clear, which the reader,
 * never decrypting, does not notice.
 */

/** The /ID buildPdf writes (both halves). */
export const FIXTURE_FILE_ID = Uint8Array.fromHex("0123456789ABCDEF0123456789ABCDEF");

export type Revision = 2 | 3 | 4 | 5 | 6;

export interface StandardEncryption {
  revision: Revision;
  /** The password that opens the file; "" (default) lets anyone open it. */
  userPassword?: string;
  /** The password that lifts the restrictions (default "owner"). */
  ownerPassword?: string;
  /** /P: what the user may do; the default forbids copying and editing. */
  permissions?: number;
  fileId?: Uint8Array;
}

const PADDING = Uint8Array.fromHex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A");

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const hex = (bytes: Uint8Array) => `<${bytes.toHex().toUpperCase()}>`;

function md5(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("md5");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
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

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Array.from({ length: 256 }, (_, i) => i);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) % 256;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  let i = 0;
  j = 0;
  return data.map((byte) => {
    i = (i + 1) % 256;
    j = (j + s[i]!) % 256;
    [s[i], s[j]] = [s[j]!, s[i]!];
    return byte ^ s[(s[i]! + s[j]!) % 256]!;
  });
}

/** RC4 with the key, then 19 times with the key XORed with the round number (revisions 3 and 4). */
function rc4Rounds(key: Uint8Array, data: Uint8Array): Uint8Array {
  let out = rc4(key, data);
  for (let round = 1; round <= 19; round++) out = rc4(key.map((b) => b ^ round), out);
  return out;
}

const padded = (password: string) => concat(latin1(password), PADDING).subarray(0, 32);

function rc4Dictionary(revision: 2 | 3 | 4, user: string, owner: string, permissions: number, fileId: Uint8Array): string {
  const n = revision === 2 ? 5 : 16;
  // Algorithm 3: /O, the user password encrypted with a key from the owner password.
  let ownerHash = md5(padded(owner || user));
  if (revision >= 3) for (let i = 0; i < 50; i++) ownerHash = md5(ownerHash);
  const ownerKey = ownerHash.subarray(0, n);
  const o = revision === 2 ? rc4(ownerKey, padded(user)) : rc4Rounds(ownerKey, padded(user));
  // Algorithm 2: the file key from the user password.
  const p = new Uint8Array(4);
  new DataView(p.buffer).setInt32(0, permissions, true);
  let key = md5(padded(user), o, p, fileId).subarray(0, n);
  if (revision >= 3) for (let i = 0; i < 50; i++) key = md5(key).subarray(0, n);
  // Algorithms 4 and 5: /U.
  const u = revision === 2 ? rc4(key, PADDING) : concat(rc4Rounds(key, md5(PADDING, fileId)), new Uint8Array(16).fill(0x55));
  const method =
    revision === 2
      ? "/V 1 /Length 40"
      : revision === 3
        ? "/V 2 /Length 128"
        : "/V 4 /Length 128 /CF << /StdCF << /Type /CryptFilter /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF";
  return `<< /Filter /Standard ${method} /R ${revision} /O ${hex(o)} /U ${hex(u)} /P ${permissions} >>`;
}

function aes256(key: Uint8Array, data: Uint8Array, mode: "cbc" | "ecb"): Uint8Array {
  const cipher = createCipheriv(`aes-256-${mode}`, key, mode === "cbc" ? new Uint8Array(16) : null).setAutoPadding(false);
  return new Uint8Array(cipher.update(data));
}

/** Algorithm 2.B (revision 6), or plain SHA-256 (revision 5). */
function hash(revision: 5 | 6, password: Uint8Array, salt: Uint8Array, userKey: Uint8Array = new Uint8Array(0)): Uint8Array {
  let k = new Uint8Array(createHash("sha256").update(concat(password, salt, userKey)).digest());
  if (revision === 5) return k;
  let e = new Uint8Array(0);
  for (let round = 0; round < 64 || e.at(-1)! > round - 32; round++) {
    const k1 = concat(...Array.from({ length: 64 }, () => concat(password, k, userKey)));
    e = new Uint8Array(createCipheriv("aes-128-cbc", k.subarray(0, 16), k.subarray(16, 32)).setAutoPadding(false).update(k1));
    const remainder = Number(BigInt(`0x${e.subarray(0, 16).toHex()}`) % 3n);
    k = new Uint8Array(createHash(["sha256", "sha384", "sha512"][remainder]!).update(e).digest());
  }
  return k.subarray(0, 32);
}

function aesV3Dictionary(revision: 5 | 6, user: string, owner: string, permissions: number): string {
  const userPassword = new TextEncoder().encode(user).subarray(0, 127);
  const ownerPassword = new TextEncoder().encode(owner).subarray(0, 127);
  const fileKey = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
  const [userValidation, userKeySalt, ownerValidation, ownerKeySalt] = [1, 2, 3, 4].map((seed) => Uint8Array.from({ length: 8 }, (_, i) => (seed * 41 + i * 7) & 0xff)) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  // Algorithm 8 (/U, /UE) and Algorithm 9 (/O, /OE).
  const u = concat(hash(revision, userPassword, userValidation), userValidation, userKeySalt);
  const ue = aes256(hash(revision, userPassword, userKeySalt), fileKey, "cbc");
  const o = concat(hash(revision, ownerPassword, ownerValidation, u), ownerValidation, ownerKeySalt);
  const oe = aes256(hash(revision, ownerPassword, ownerKeySalt, u), fileKey, "cbc");
  // Algorithm 10 (/Perms).
  const perms = new Uint8Array(16);
  new DataView(perms.buffer).setInt32(0, permissions, true);
  perms.set([0xff, 0xff, 0xff, 0xff, 0x54, 0x61, 0x64, 0x62], 4);
  const method = "/V 5 /Length 256 /CF << /StdCF << /Type /CryptFilter /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF";
  return `<< /Filter /Standard ${method} /R ${revision} /O ${hex(o)} /U ${hex(u)} /OE ${hex(oe)} /UE ${hex(ue)} /Perms ${hex(aes256(fileKey, perms, "ecb"))} /P ${permissions} >>`;
}

/** The /Encrypt dictionary, as PDF source, that a writer makes for these passwords. */
export function standardEncryption(options: StandardEncryption): string {
  const { revision, userPassword = "", ownerPassword = "owner", permissions = -3904, fileId = FIXTURE_FILE_ID } = options;
  return revision === 5 || revision === 6
    ? aesV3Dictionary(revision, userPassword, ownerPassword, permissions)
    : rc4Dictionary(revision, userPassword, ownerPassword, permissions, fileId);
}
