import { createMiddleware } from "hono/factory";
import { createContext } from "../../context.ts";
import { sessionForToken } from "../../users/sessions.ts";
import { clearCookie, readCookie } from "../cookies.ts";
import type { WebEnv } from "../types.ts";

/** Builds the domain context and finds the session the cookie names; an unknown or expired one is cleared. */
export const session = createMiddleware<WebEnv>(async (c, next) => {
  const ctx = createContext(c.env);
  c.set("ctx", ctx);
  const token = readCookie(c, "session");
  const signedIn = token ? await sessionForToken(ctx, token) : null;
  if (token && !signedIn) clearCookie(c, "session");
  c.set("signedIn", signedIn);
  await next();
});
