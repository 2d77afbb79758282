import { COMMON_PASSWORDS } from "./common-passwords.ts";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PASSWORD_SALT_BYTES, PBKDF2_ITERATIONS } from "./limits.ts";

/**
 * Password hashes are versioned strings, `pbkdf2-sha256$<iterations>$<salt>$<hash>`
 * (salt and hash in base64url), so that a stronger scheme or count can come
 * later: a sign-in with a hash of another scheme re-hashes the password with
 * the current one (`needsRehash`).
 *
 * PBKDF2 through WebCrypto because the Workers runtime has it natively;
 * argon2 or scrypt would need WebAssembly, which Workers only runs when it is
 * bundled as a module (never compiled from bytes at run time), and would then
 * cost more CPU per sign-in than PBKDF2 at its production cap (limits.ts).
 */
const SCHEME = "pbkdf2-sha256";
const HASH_BITS = 256;

const encoder = new TextEncoder();
const b64 = (bytes: Uint8Array) => bytes.toBase64({ alphabet: "base64url", omitPadding: true });

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BITS));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(PASSWORD_SALT_BYTES));
  return `${SCHEME}$${PBKDF2_ITERATIONS}$${b64(salt)}$${b64(await derive(password, salt, PBKDF2_ITERATIONS))}`;
}

export interface PasswordCheck {
  ok: boolean;
  /** The hash is of an older scheme or count: store a new one while the password is at hand. */
  needsRehash: boolean;
}

export async function verifyPassword(password: string, stored: string): Promise<PasswordCheck> {
  const [scheme, iterationsText, saltText, hashText] = stored.split("$");
  const iterations = Number(iterationsText);
  if (scheme !== SCHEME || !Number.isSafeInteger(iterations) || iterations < 1 || !saltText || !hashText) return { ok: false, needsRehash: false };
  const expected = Uint8Array.fromBase64(hashText, { alphabet: "base64url" });
  const actual = await derive(password, Uint8Array.fromBase64(saltText, { alphabet: "base64url" }), iterations);
  const ok = actual.length === expected.length && crypto.subtle.timingSafeEqual(actual, expected);
  return { ok, needsRehash: ok && iterations !== PBKDF2_ITERATIONS };
}

/**
 * Verifies against a hash nobody's password matches: a sign-in with an
 * unknown email takes as long as one with a wrong password, so the time of
 * the answer does not tell whether an address has a user.
 */
let decoy: Promise<string> | undefined;
export async function spendPasswordCheck(password: string): Promise<void> {
  decoy ??= hashPassword(crypto.randomUUID());
  await verifyPassword(password, await decoy);
}

export type PasswordProblem = "too_short" | "too_long" | "common" | "same_as_email";

/** Why a new password is refused, or null. A person gets one reason at a time, the first that applies. */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return "too_short";
  if (password.length > MAX_PASSWORD_LENGTH) return "too_long";
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || new Set(lower).size <= 2) return "common";
  if (lower === email.trim().toLowerCase() || lower === email.trim().toLowerCase().split("@")[0]) return "same_as_email";
  return null;
}
