import { and, eq, lt, or } from "drizzle-orm";
import type { Account } from "../accounts/accounts.ts";
import type { Ctx } from "../context.ts";
import { accounts, sessions, users } from "../db/schema/index.ts";
import { newId, now } from "../ids.ts";
import { SESSION_ABSOLUTE_SECONDS, SESSION_IDLE_SECONDS, SESSION_TOUCH_SECONDS, TOKEN_BYTES } from "./limits.ts";
import { later, newToken, tokenHash } from "./tokens.ts";
import type { User } from "./users.ts";

export type SessionRow = typeof sessions.$inferSelect;

export interface SignedIn {
  session: SessionRow;
  user: User;
  account: Account;
}

/**
 * Starts a session for a user who just proved who they are: always a new
 * token, so that a token planted in the browser before sign-in (session
 * fixation) is never the one that gets signed in.
 */
export async function createSession(ctx: Ctx, user: User): Promise<{ token: string; session: SessionRow }> {
  const { token, hash } = await newToken();
  const timestamp = now();
  const session: SessionRow = {
    id: newId("session"),
    tokenHash: hash,
    userId: user.id,
    accountId: user.accountId,
    csrfToken: crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)).toBase64({ alphabet: "base64url", omitPadding: true }),
    createdAt: timestamp,
    lastSeenAt: timestamp,
    expiresAt: later(SESSION_ABSOLUTE_SECONDS),
  };
  await ctx.db.insert(sessions).values(session);
  return { token, session };
}

/** Whether a session is over: past its absolute expiry, or unused for longer than the idle time. */
export function sessionExpired(session: Pick<SessionRow, "expiresAt" | "lastSeenAt">, at: Date = new Date()): boolean {
  return at.toISOString() >= session.expiresAt || at.toISOString() >= later(SESSION_IDLE_SECONDS, new Date(session.lastSeenAt));
}

/** The session a cookie's token names, with its user and account; null when unknown or over (an expired one is deleted). */
export async function sessionForToken(ctx: Ctx, token: string): Promise<SignedIn | null> {
  const [found] = await ctx.db
    .select({ session: sessions, user: users, account: accounts })
    .from(sessions)
    .innerJoin(users, and(eq(users.id, sessions.userId), eq(users.accountId, sessions.accountId)))
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.tokenHash, await tokenHash(token)))
    .limit(1);
  if (!found) return null;
  const at = new Date();
  if (sessionExpired(found.session, at)) {
    await ctx.db.delete(sessions).where(eq(sessions.id, found.session.id));
    return null;
  }
  if (at.toISOString() >= later(SESSION_TOUCH_SECONDS, new Date(found.session.lastSeenAt))) {
    await ctx.db.update(sessions).set({ lastSeenAt: at.toISOString() }).where(eq(sessions.id, found.session.id));
  }
  return found;
}

/** Signs one browser out. */
export async function deleteSession(ctx: Ctx, sessionId: string): Promise<void> {
  await ctx.db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signs the user out everywhere: every browser, this one included. */
export async function deleteUserSessions(ctx: Ctx, userId: string): Promise<void> {
  await ctx.db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Removes sessions that are over, so the table holds only live ones (the sweep calls it). */
export async function deleteExpiredSessions(ctx: Ctx): Promise<void> {
  const at = now();
  await ctx.db.delete(sessions).where(or(lt(sessions.expiresAt, at), lt(sessions.lastSeenAt, new Date(Date.now() - SESSION_IDLE_SECONDS * 1000).toISOString())));
}
