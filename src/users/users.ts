import { and, asc, eq, ne } from "drizzle-orm";
import { insertAccount, prepareAccount, type Account, type AccountInput } from "../accounts/accounts.ts";
import type { Ctx } from "../context.ts";
import { invitations, passwordResets, sessions, users, type Language, type UserRole } from "../db/schema/index.ts";
import { AppError, notFound, unprocessable } from "../errors.ts";
import { newId, now } from "../ids.ts";
import { hashPassword, passwordProblem, spendPasswordCheck, verifyPassword } from "./passwords.ts";

export type User = typeof users.$inferSelect;

/** Addresses are compared in lower case: people type them as they like. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(ctx: Ctx, email: string): Promise<User | undefined> {
  return ctx.db.query.users.findFirst({ where: eq(users.email, normaliseEmail(email)) });
}

export async function getUser(ctx: Ctx, accountId: string, id: string): Promise<User> {
  const user = await ctx.db.query.users.findFirst({ where: and(eq(users.id, id), eq(users.accountId, accountId)) });
  if (!user) throw notFound(`No user has the id ${id}.`);
  return user;
}

export async function listUsers(ctx: Ctx, accountId: string): Promise<User[]> {
  return ctx.db.select().from(users).where(eq(users.accountId, accountId)).orderBy(asc(users.id));
}

/** Refuses a password the rules of passwords.ts refuse, naming the field. */
export function assertAcceptablePassword(password: string, email: string, field = "password"): void {
  const problem = passwordProblem(password, email);
  if (problem) throw unprocessable(field, `The password is not acceptable (${problem}).`);
}

const emailTaken = (cause?: unknown) =>
  new AppError("CONFLICT", "A user already signs in with this email address.", { details: [{ path: "email", message: "already used" }], cause });

export interface NewUser {
  accountId: string;
  email: string;
  name: string;
  role: UserRole;
  password: string;
  language: Language | null;
}

/** A user's row, its password checked and hashed; written by the caller, with what comes with it. */
export async function prepareUser(input: NewUser): Promise<User> {
  const email = normaliseEmail(input.email);
  assertAcceptablePassword(input.password, email);
  const timestamp = now();
  return {
    id: newId("user"),
    accountId: input.accountId,
    email,
    name: input.name.trim(),
    role: input.role,
    passwordHash: await hashPassword(input.password),
    language: input.language,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

export interface SignUpInput {
  account: AccountInput;
  name: string;
  email: string;
  password: string;
}

/** Self-service sign-up: a new account and its owner, in one batch. */
export async function signUp(ctx: Ctx, input: SignUpInput): Promise<{ account: Account; user: User }> {
  if (await findUserByEmail(ctx, input.email)) throw emailTaken();
  const account = await prepareAccount(ctx, { ...input.account, contactEmail: input.account.contactEmail ?? normaliseEmail(input.email) });
  const user = await prepareUser({ accountId: account.id, email: input.email, name: input.name, role: "owner", password: input.password, language: null });
  try {
    await insertAccount(ctx, account, ctx.db.insert(users).values(user));
  } catch (error) {
    // A sign-up with the same address raced past the check above (insertAccount reports it as a number in use).
    if (await findUserByEmail(ctx, input.email)) throw emailTaken(error);
    throw error;
  }
  return { account, user };
}

/**
 * The user with this email and password, or null. An unknown address costs
 * as much time as a wrong password. A hash of an older scheme is replaced
 * with one of the current scheme while the password is at hand.
 */
export async function authenticate(ctx: Ctx, email: string, password: string): Promise<User | null> {
  const user = await findUserByEmail(ctx, email);
  if (!user) {
    await spendPasswordCheck(password);
    return null;
  }
  const check = await verifyPassword(password, user.passwordHash);
  if (!check.ok) return null;
  if (check.needsRehash) {
    const passwordHash = await hashPassword(password);
    await ctx.db.update(users).set({ passwordHash, updatedAt: now() }).where(eq(users.id, user.id));
    return { ...user, passwordHash };
  }
  return user;
}

/** Sets a new password; every other session of the user ends (whoever knew the old one is signed out). */
export async function setPassword(ctx: Ctx, user: User, password: string, keepSessionId: string | null): Promise<void> {
  assertAcceptablePassword(password, user.email);
  const passwordHash = await hashPassword(password);
  await ctx.db.batch([
    ctx.db.update(users).set({ passwordHash, updatedAt: now() }).where(eq(users.id, user.id)),
    ctx.db.delete(sessions).where(keepSessionId ? and(eq(sessions.userId, user.id), ne(sessions.id, keepSessionId)) : eq(sessions.userId, user.id)),
  ]);
}

/** Changes the password after checking the current one. */
export async function changePassword(ctx: Ctx, user: User, current: string, next: string, sessionId: string): Promise<void> {
  if (!(await verifyPassword(current, user.passwordHash)).ok) throw unprocessable("currentPassword", "The current password is not right.");
  await setPassword(ctx, user, next, sessionId);
}

/** The language the user reads the web app in; null follows the browser. */
export async function setUserLanguage(ctx: Ctx, user: User, language: Language | null): Promise<void> {
  await ctx.db.update(users).set({ language, updatedAt: now() }).where(and(eq(users.id, user.id), eq(users.accountId, user.accountId)));
}

/**
 * Removes a member from the account: their sessions end. An account keeps at
 * least one owner, and owners are not removed here: an owner leaves by
 * handing over first.
 */
export async function removeMember(ctx: Ctx, accountId: string, id: string): Promise<void> {
  const user = await getUser(ctx, accountId, id);
  if (user.role === "owner") throw new AppError("CONFLICT", "An owner cannot be removed from the team.");
  await ctx.db.batch([
    ctx.db.delete(sessions).where(eq(sessions.userId, user.id)),
    ctx.db.delete(passwordResets).where(eq(passwordResets.userId, user.id)),
    // Their invitations stay valid; who sent them is no longer known.
    ctx.db.update(invitations).set({ invitedBy: null }).where(and(eq(invitations.invitedBy, user.id), eq(invitations.accountId, accountId))),
    ctx.db.delete(users).where(and(eq(users.id, user.id), eq(users.accountId, accountId))),
  ]);
}
