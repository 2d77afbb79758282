import { createMiddleware } from "hono/factory";
import { forbiddenPage } from "../errors.tsx";
import type { Context } from "hono";
import type { SignedIn } from "../../users/sessions.ts";
import type { WebEnv } from "../types.ts";

/** Pages of an account: without a session, the sign-in page, which brings the person back here after. */
export const requireUser = createMiddleware<WebEnv>(async (c, next) => {
  if (!c.get("signedIn")) {
    const url = new URL(c.req.url);
    const back = c.req.method === "GET" ? `?next=${encodeURIComponent(url.pathname + url.search)}` : "";
    return c.redirect(`/sign-in${back}`, 303);
  }
  await next();
});

/** What only an account's owners may do (the team, API keys, the company profile). */
export const requireOwner = createMiddleware<WebEnv>(async (c, next) => {
  if (signedIn(c).user.role !== "owner") return forbiddenPage(c, "error.ownerOnly");
  await next();
});

/** A `next` path to go back to after signing in: only a path of this site, never another site (open redirect). */
export function safeNext(next: string | undefined, fallback = "/connectors"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || /[\r\n]/.test(next)) return fallback;
  return next;
}

/** Who is signed in, on a route behind `requireUser`. */
export function signedIn(c: Context<WebEnv>): SignedIn {
  const found = c.get("signedIn");
  if (!found) throw new Error("a page of an account is served without requireUser");
  return found;
}
