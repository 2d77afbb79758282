import { createMiddleware } from "hono/factory";
import type { WebEnv } from "../types.ts";

/**
 * No inline script or style at all, so no nonce is needed: the pages load
 * /app.css and /app.js only. Values that came by mail are escaped by JSX;
 * this policy is the second wall should one ever slip through.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Headers every page and redirect of the web app carries; a response that set its own (a download) keeps them. */
export const securityHeaders = createMiddleware<WebEnv>(async (c, next) => {
  await next();
  const defaults: Record<string, string> = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    // Links with tokens (invitations, resets) must not leak to another site through Referer.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    // Pages show an account's invoices: no shared cache keeps them, and Back after sign-out does not show them.
    "Cache-Control": "no-store",
  };
  // Some responses (a fetched asset, Response.redirect) have immutable headers: copy them first.
  if (Object.keys(defaults).some((name) => !c.res.headers.has(name))) c.res = new Response(c.res.body, c.res);
  for (const [name, value] of Object.entries(defaults)) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
});
