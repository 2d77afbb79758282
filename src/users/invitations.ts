import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { getAccount, type Account } from "../accounts/accounts.ts";
import type { Ctx } from "../context.ts";
import { isUniqueViolation } from "../db/client.ts";
import { invitations, users, type UserRole } from "../db/schema/index.ts";
import { AppError, notFound } from "../errors.ts";
import { newId, now } from "../ids.ts";
import { INVITATION_TTL_SECONDS } from "./limits.ts";
import { sendPeopleMail } from "./mails.ts";
import { createSession } from "./sessions.ts";
import { later, newToken, tokenHash } from "./tokens.ts";
import { findUserByEmail, normaliseEmail, prepareUser, type User } from "./users.ts";

export type Invitation = typeof invitations.$inferSelect;

export const invitationUrl = (ctx: Ctx, token: string) => `${ctx.config.APP_URL}/invitations/${token}`;

export interface InvitationRequest {
  account: Account;
  email: string;
  role: UserRole;
  /** Null for an operator inviting an account's first owner. */
  invitedBy: User | null;
}

/**
 * Invites a person to an account and mails them the link, in the account's
 * language (`mailed` is false when the mail could not be sent). Inviting the same address again replaces the earlier link. An
 * address that already signs in cannot be invited: a person belongs to one
 * account.
 */
export async function invite(ctx: Ctx, request: InvitationRequest): Promise<{ invitation: Invitation; url: string; mailed: boolean }> {
  const email = normaliseEmail(request.email);
  const existing = await findUserByEmail(ctx, email);
  if (existing) {
    const message = existing.accountId === request.account.id ? "This person is already a member of the team." : "This address already signs in to another account; a person belongs to one account.";
    throw new AppError("CONFLICT", message, { details: [{ path: "email", message: existing.accountId === request.account.id ? "already_member" : "other_account" }] });
  }
  const { token, hash } = await newToken();
  const invitation: Invitation = {
    id: newId("invitation"),
    accountId: request.account.id,
    email,
    role: request.role,
    tokenHash: hash,
    invitedBy: request.invitedBy?.id ?? null,
    createdAt: now(),
    expiresAt: later(INVITATION_TTL_SECONDS),
    acceptedAt: null,
  };
  await ctx.db.batch([
    ctx.db.delete(invitations).where(and(eq(invitations.accountId, request.account.id), eq(invitations.email, email), isNull(invitations.acceptedAt))),
    ctx.db.insert(invitations).values(invitation),
  ]);
  const url = invitationUrl(ctx, token);
  try {
    await sendPeopleMail(ctx, {
      to: email,
      language: request.account.language,
      facts: { kind: "invitation", accountName: request.account.name, inviterName: request.invitedBy?.name ?? null, role: request.role, url, expiresAt: invitation.expiresAt },
    });
    return { invitation, url, mailed: true };
  } catch (error) {
    // The invitation stands: an operator has its link in the answer, an owner can invite again.
    console.error(JSON.stringify({ msg: "invitation mail not sent", invitationId: invitation.id, error: String(error) }));
    return { invitation, url, mailed: false };
  }
}

/** Invitations not yet accepted (expired ones included, so that an owner sees them and invites again). */
export async function listPendingInvitations(ctx: Ctx, accountId: string): Promise<Invitation[]> {
  return ctx.db
    .select()
    .from(invitations)
    .where(and(eq(invitations.accountId, accountId), isNull(invitations.acceptedAt)))
    .orderBy(desc(invitations.id));
}

export async function revokeInvitation(ctx: Ctx, accountId: string, id: string): Promise<void> {
  const deleted = await ctx.db
    .delete(invitations)
    .where(and(eq(invitations.id, id), eq(invitations.accountId, accountId), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  if (deleted.length === 0) throw notFound(`No pending invitation has the id ${id}.`);
}

/** The invitation a link's token names, while it can be accepted (not used, not expired), with its account. */
export async function openInvitation(ctx: Ctx, token: string): Promise<{ invitation: Invitation; account: Account } | null> {
  const invitation = await ctx.db.query.invitations.findFirst({
    where: and(eq(invitations.tokenHash, await tokenHash(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, now())),
  });
  if (!invitation) return null;
  return { invitation, account: await getAccount(ctx, invitation.accountId) };
}

/** Accepts an invitation: the person becomes a user of the account, signed in. The link then stops working. */
export async function acceptInvitation(ctx: Ctx, token: string, input: { name: string; password: string }) {
  const open = await openInvitation(ctx, token);
  if (!open) throw notFound("This invitation link is not valid any more: it was used, replaced or has expired.");
  const { invitation, account } = open;
  const user = await prepareUser({ accountId: account.id, email: invitation.email, name: input.name, role: invitation.role, password: input.password, language: null });
  try {
    await ctx.db.batch([
      ctx.db.insert(users).values(user),
      ctx.db
        .update(invitations)
        .set({ acceptedAt: now() })
        .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt))),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "This address already signs in: sign in instead.", { cause: error });
    throw error;
  }
  return { user, account, ...(await createSession(ctx, user)) };
}
