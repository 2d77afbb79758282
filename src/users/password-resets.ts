import { and, eq, gt, isNull } from "drizzle-orm";
import { getAccount } from "../accounts/accounts.ts";
import type { Ctx } from "../context.ts";
import { passwordResets, users } from "../db/schema/index.ts";
import { notFound } from "../errors.ts";
import type { Language } from "../i18n/languages.ts";
import { newId, now } from "../ids.ts";
import { PASSWORD_RESET_TTL_SECONDS } from "./limits.ts";
import { sendPeopleMail } from "./mails.ts";
import { later, newToken, tokenHash } from "./tokens.ts";
import { findUserByEmail, setPassword, type User } from "./users.ts";

/**
 * Mails a password-reset link when the address has a user, and does nothing
 * otherwise: the caller answers the same either way (and should not wait for
 * this, so that the time of the answer tells nothing either).
 */
export async function requestPasswordReset(ctx: Ctx, email: string, browserLanguage: Language): Promise<void> {
  const user = await findUserByEmail(ctx, email);
  if (!user) return;
  const { token, hash } = await newToken();
  const expiresAt = later(PASSWORD_RESET_TTL_SECONDS);
  await ctx.db.insert(passwordResets).values({ id: newId("passwordReset"), userId: user.id, tokenHash: hash, createdAt: now(), expiresAt, usedAt: null });
  const account = await getAccount(ctx, user.accountId);
  await sendPeopleMail(ctx, {
    to: user.email,
    language: user.language ?? browserLanguage,
    facts: { kind: "password_reset", accountName: account.name, url: `${ctx.config.APP_URL}/reset-password/${token}`, expiresAt },
  });
}

/** The user a reset link's token is for, while the link can be used (not used, not expired). */
export async function openPasswordReset(ctx: Ctx, token: string): Promise<User | null> {
  const [found] = await ctx.db
    .select({ user: users })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, await tokenHash(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now())))
    .limit(1);
  return found?.user ?? null;
}

/** Sets the new password through a reset link, once: the link and every session of the user end. */
export async function resetPassword(ctx: Ctx, token: string, password: string): Promise<User> {
  const user = await openPasswordReset(ctx, token);
  if (!user) throw notFound("This password-reset link is not valid any more: it was used or has expired.");
  await setPassword(ctx, user, password, null);
  // Every link of the user ends, not only this one: one reset is enough.
  await ctx.db.update(passwordResets).set({ usedAt: now() }).where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
  return user;
}
