import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { TOKEN_BYTES } from "../../users/limits.ts";
import { CSRF_FIELD } from "../components/form.tsx";
import { readCookie, writeCookie } from "../cookies.ts";
import { forbiddenPage } from "../errors.tsx";
import type { WebEnv } from "../types.ts";

/**
 * Cross-site request forgery: every state-changing request (a POST from a
 * form) must come from one of our own pages.
 *
 * 1. The browser says where the request comes from: an `Origin` other than
 *    ours, or `Sec-Fetch-Site` other than `same-origin`, is refused.
 * 2. The form carries a token (`_csrf`) an attacker's page cannot read:
 *    - signed in, the session's own random token (synchronizer token);
 *    - before there is a session (sign-in, sign-up, reset, invitation), a
 *      signed double submit: a random value in the `__Host-csrf` cookie, and
 *      the form's token is that value with its HMAC under a key of the
 *      server's (derived from ADMIN_TOKEN), so a value planted in the
 *      cookie by someone else does not verify.
 * A request that fails either check gets the 403 page, and nothing happens.
 */

const encoder = new TextEncoder();
const b64 = (bytes: Uint8Array) => bytes.toBase64({ alphabet: "base64url", omitPadding: true });

const keys = new Map<string, Promise<CryptoKey>>();
/** The HMAC key of pre-session tokens: derived from the operator's secret, so no new secret is needed. */
function signingKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: encoder.encode("email-connector web csrf v1") },
        base,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign", "verify"],
      );
    })();
    keys.set(secret, key);
  }
  return key;
}

async function sign(secret: string, value: string): Promise<string> {
  return `${value}.${b64(new Uint8Array(await crypto.subtle.sign("HMAC", await signingKey(secret), encoder.encode(value))))}`;
}

function sameSecret(a: string, b: string): boolean {
  const [x, y] = [encoder.encode(a), encoder.encode(b)];
  return x.length === y.length && crypto.subtle.timingSafeEqual(x, y);
}

/** The token the forms of this request carry; before sign-in it also sets the cookie it pairs with. */
export async function formToken(c: Context<WebEnv>): Promise<string> {
  const signedIn = c.get("signedIn");
  if (signedIn) return signedIn.session.csrfToken;
  let value = readCookie(c, "csrf");
  if (!value || !/^[\w-]{43}$/.test(value)) {
    value = b64(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
    writeCookie(c, "csrf", value);
  }
  return sign(c.get("ctx").config.ADMIN_TOKEN, value);
}

/** Whether the browser's own headers place the request on our site (absent headers leave it to the token). */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header("Origin");
  if (origin !== undefined) return origin === new URL(c.req.url).origin;
  const site = c.req.header("Sec-Fetch-Site");
  return site === undefined || site === "same-origin";
}

async function validToken(c: Context<WebEnv>, sent: string): Promise<boolean> {
  const signedIn = c.get("signedIn");
  if (signedIn) return sameSecret(sent, signedIn.session.csrfToken);
  const value = readCookie(c, "csrf");
  return value !== undefined && sameSecret(sent, await sign(c.get("ctx").config.ADMIN_TOKEN, value));
}

export const csrf = createMiddleware<WebEnv>(async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD") return next();
  if (!sameOrigin(c)) return forbiddenPage(c);
  const type = c.req.header("Content-Type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return forbiddenPage(c);
  const body = await c.req.parseBody();
  const sent = body[CSRF_FIELD];
  if (typeof sent !== "string" || !(await validToken(c, sent))) return forbiddenPage(c);
  await next();
});
