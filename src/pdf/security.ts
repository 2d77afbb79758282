import { createCipheriv, createHash } from "node:crypto";
import type { Lookup, PdfDict, PdfValue } from "./values.ts";

/*
 * The standard security handler's check of the empty user password (ISO
 * 32000-1 §7.6.3, ISO 32000-2 §7.6.4, Adobe Supplement to ISO 32000 extension
 * level 3 for revision 5). A PDF whose user password is empty opens in every
 * viewer without a question: an owner password only restricts printing,
 * copying or editing. Only the user password's validation data is needed,
 * never the file's key: nothing here decrypts the document.
 *
 * node:crypto (nodejs_compat) rather than WebCrypto: its hashes and ciphers
 * are synchronous in workerd, so readEInvoice stays synchronous, and WebCrypto
 * has neither MD5 as a standard digest nor unpadded AES-CBC encryption.
 */

/** Algorithm 2, step a: the bytes that pad a password to 32; the empty password padded is exactly this. */
const PASSWORD_PADDING = Uint8Array.from([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e, 0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c,
  0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

/**
 * What the empty user password does for an encrypted PDF:
 * - `opens`: the standard security handler with an empty user password:
 *   every viewer opens the file without asking;
 * - `needs_password`: the standard security handler with a user password;
 * - `unknown`: another security handler (certificates: /Adobe.PubSec), an
 *   algorithm no viewer implements (/V 3, an unknown revision) or a standard
 *   dictionary too damaged to check (short /O or /U, an impossible key
 *   length): nothing here says how to open the file.
 */
export type EmptyPasswordCheck = "opens" | "needs_password" | "unknown";

/**
 * Checks the empty user password against `encrypt`, a PDF's /Encrypt
 * dictionary; `fileId` is the first string of the trailer's /ID (empty when
 * there is none). Synchronous, and bounded whatever the dictionary says:
 * only the fixed-length prefixes of /O and /U that the algorithms define are
 * read, and the revision 6 hash ends by its own rule.
 */
export function checkEmptyUserPassword(encrypt: PdfDict, fileId: Uint8Array, lookup: Lookup): EmptyPasswordCheck {
  if (lookup(encrypt, "Filter") !== "Standard") return "unknown";
  const version = lookup(encrypt, "V");
  const revision = lookup(encrypt, "R");
  const owner = lookup(encrypt, "O");
  const user = lookup(encrypt, "U");
  if (!(owner instanceof Uint8Array) || !(user instanceof Uint8Array)) return "unknown";
  let opens: boolean;
  if ((revision === 2 || revision === 3 || revision === 4) && (version === 1 || version === 2 || version === 4)) {
    const keyLength = revision === 2 ? 5 : keyBytes(encrypt, version, lookup);
    if (keyLength === null || owner.length < 32 || user.length < (revision === 2 ? 32 : 16)) return "unknown";
    const permissions = lookup(encrypt, "P");
    const key = rc4FileKey({
      revision,
      keyLength,
      owner: owner.subarray(0, 32),
      permissions: typeof permissions === "number" ? permissions : 0,
      fileId,
      encryptMetadata: lookup(encrypt, "EncryptMetadata") !== false,
    });
    opens = revision === 2 ? equal(rc4(key, PASSWORD_PADDING), user.subarray(0, 32)) : equal(userCheckR3(key, fileId), user.subarray(0, 16));
  } else if ((revision === 5 || revision === 6) && version === 5) {
    if (user.length < 48) return "unknown";
    const validationSalt = user.subarray(32, 40);
    const hash = revision === 5 ? digest("sha256", validationSalt) : hashR6(new Uint8Array(0), validationSalt);
    opens = equal(hash, user.subarray(0, 32));
  } else {
    return "unknown";
  }
  return opens ? "opens" : "needs_password";
}

/**
 * The file key's length in bytes for revisions 3 and 4 (Algorithm 2, step
 * f): /Length in bits, 40 to 128 in steps of 8 (default 40); with /V 4, the
 * stream crypt filter's /Length (bytes when under 40, as writers disagree;
 * default 128). Null for any other value: viewers refuse the file.
 */
function keyBytes(encrypt: PdfDict, version: number, lookup: Lookup): number | null {
  let bits: PdfValue = lookup(encrypt, "Length") ?? 40;
  if (version === 4) {
    const filters = lookup(encrypt, "CF");
    const streamFilter = lookup(encrypt, "StmF");
    const filter = filters instanceof Map && typeof streamFilter === "string" ? lookup(filters, streamFilter) : null;
    const length = filter instanceof Map ? lookup(filter, "Length") : null;
    bits = typeof length === "number" && length > 0 ? (length < 40 ? length * 8 : length) : 128;
  }
  if (typeof bits !== "number" || !Number.isInteger(bits) || bits < 40 || bits > 128 || bits % 8 !== 0) return null;
  return bits / 8;
}

/** Algorithm 2 with the empty password: the RC4/AES-128 file key. */
function rc4FileKey(input: {
  revision: 2 | 3 | 4;
  keyLength: number;
  owner: Uint8Array;
  permissions: number;
  fileId: Uint8Array;
  encryptMetadata: boolean;
}): Uint8Array {
  const permissions = new Uint8Array(4);
  // /P is a 32-bit signed integer, which writers also give unsigned (4294963392 for -3904): both wrap to the same bits.
  new DataView(permissions.buffer).setInt32(0, input.permissions | 0, true);
  const hash = createHash("md5").update(PASSWORD_PADDING).update(input.owner).update(permissions).update(input.fileId);
  if (input.revision === 4 && !input.encryptMetadata) hash.update(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
  let key: Uint8Array = new Uint8Array(hash.digest()).subarray(0, input.keyLength);
  if (input.revision >= 3) {
    for (let i = 0; i < 50; i++) key = digest("md5", key).subarray(0, input.keyLength);
  }
  return key;
}

/** Algorithm 5, steps a-e: the first 16 bytes that /U holds for revisions 3 and 4. */
function userCheckR3(key: Uint8Array, fileId: Uint8Array): Uint8Array {
  let value = rc4(key, new Uint8Array(createHash("md5").update(PASSWORD_PADDING).update(fileId).digest()));
  for (let round = 1; round <= 19; round++) value = rc4(key.map((byte) => byte ^ round), value);
  return value;
}

/**
 * ISO 32000-2 Algorithm 2.B, the revision 6 hash, for the user password
 * (no /U data mixed in). It runs at least 64 rounds and stops when the last
 * byte of a round's output is at most the round number minus 32: a byte is
 * at most 255, so never more than 288 rounds, whatever the file holds.
 */
function hashR6(password: Uint8Array, salt: Uint8Array): Uint8Array {
  let k = digest("sha256", concat(password, salt));
  for (let round = 1; ; round++) {
    const block = concat(password, k);
    const repeated = new Uint8Array(block.length * 64);
    for (let i = 0; i < 64; i++) repeated.set(block, i * block.length);
    const cipher = createCipheriv("aes-128-cbc", k.subarray(0, 16), k.subarray(16, 32)).setAutoPadding(false);
    const e = new Uint8Array(cipher.update(repeated));
    // The first 16 bytes of E as a big-endian number, modulo 3: 256 is 1 modulo 3, so their sum modulo 3 is the same.
    let sum = 0;
    for (let i = 0; i < 16; i++) sum += e[i]!;
    k = digest(["sha256", "sha384", "sha512"][sum % 3]!, e);
    if (round >= 64 && e[e.length - 1]! <= round - 32) return k.subarray(0, 32);
  }
}

/** RC4, for Algorithms 4 and 5: small enough to write, and kept out of a library for one legacy cipher. */
function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
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

function digest(algorithm: string, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(algorithm).update(data).digest());
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
