import type { Context } from "hono";
import { createSession, deleteSession } from "../users/sessions.ts";
import type { User } from "../users/users.ts";
import { clearCookie, writeCookie } from "./cookies.ts";
import type { WebEnv } from "./types.ts";

/**
 * Starts a new session and gives the browser its cookie. Always a new token:
 * the session before, if any, ends, so a token planted before sign-in is
 * never the one signed in (session fixation).
 */
export async function signIn(c: Context<WebEnv>, user: User): Promise<void> {
  const before = c.get("signedIn");
  if (before) await deleteSession(c.get("ctx"), before.session.id);
  const { token } = await createSession(c.get("ctx"), user);
  writeCookie(c, "session", token);
}

export function clearSessionCookie(c: Context<WebEnv>): void {
  clearCookie(c, "session");
}
