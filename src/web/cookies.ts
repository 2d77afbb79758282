import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/**
 * The web app's cookies all carry the `__Host-` prefix: the browser then
 * only accepts them Secure, for this host alone, on every path, so a
 * neighbouring subdomain cannot plant one. Chromium treats
 * http://localhost as secure, so they work under `wrangler dev` too.
 */
export type CookieName = "session" | "csrf" | "lang";

const options = { prefix: "host", httpOnly: true, secure: true, sameSite: "Lax", path: "/" } as const;

export function readCookie(c: Context, name: CookieName): string | undefined {
  return getCookie(c, name, "host");
}

/** A cookie for the browser session, or for `maxAge` seconds. */
export function writeCookie(c: Context, name: CookieName, value: string, maxAge?: number): void {
  setCookie(c, name, value, maxAge === undefined ? options : { ...options, maxAge });
}

export function clearCookie(c: Context, name: CookieName): void {
  deleteCookie(c, name, options);
}
