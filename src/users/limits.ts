/** The limits of people's sign-in: passwords, sessions and the links mailed to them. */

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * PBKDF2-HMAC-SHA256 iterations. Cloudflare's production runtime refuses more
 * than 100,000 (workerd issue 1346) although local workerd accepts more: the
 * highest count production accepts slows an offline guess at a stolen hash
 * as much as the platform allows.
 */
export const PBKDF2_ITERATIONS = 100_000;
/** Salt per password: two users with one password get different hashes, and no table precomputes them. */
export const PASSWORD_SALT_BYTES = 16;

/** Shorter passwords fall to guessing; with the list of common ones refused, length is what counts (NIST SP 800-63B). */
export const MIN_PASSWORD_LENGTH = 10;
/** Longer input is hashed for nothing: it only costs CPU, which an attacker could spend for us. */
export const MAX_PASSWORD_LENGTH = 256;

/** A session nobody used for this long ends: an unattended browser does not stay signed in. */
export const SESSION_IDLE_SECONDS = 12 * HOUR;
/** A session ends this long after sign-in however active it is: a stolen cookie does not work for ever. */
export const SESSION_ABSOLUTE_SECONDS = 14 * DAY;
/** The last-seen time is written at most this often, not on every page a person opens. */
export const SESSION_TOUCH_SECONDS = 5 * MINUTE;

/** An invitation link works this long: long enough for a colleague on holiday, short enough that an old mail is no key. */
export const INVITATION_TTL_SECONDS = 7 * DAY;
/** A password-reset link works this long, once: whoever reads the mailbox later cannot use it. */
export const PASSWORD_RESET_TTL_SECONDS = 1 * HOUR;

/** Random bytes of a session token or a mailed link: 256 bits, beyond guessing, so a fast hash is a safe store. */
export const TOKEN_BYTES = 32;
