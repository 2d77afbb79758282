import { and, count, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import { sha256Hex } from "../bytes.ts";
import type { Ctx } from "../context.ts";
import { accounts, apiKeys } from "../db/schema/index.ts";
import { AppError, notFound } from "../errors.ts";
import { newId, now } from "../ids.ts";
import { API_KEY_LAST_USED_RESOLUTION_MS, API_KEY_ROTATION_GRACE_MS, MAX_API_KEYS_PER_ACCOUNT } from "./limits.ts";

/** Marks our keys, so that secret scanners (and people) recognise a leaked one. */
const API_KEY_PREFIX = "eck_";
/** 256 random bits: beyond brute force, and long enough that a fast hash is a safe store. */
const API_KEY_BYTES = 32;
/** How much of a key is kept readable, to tell keys apart in a list. */
const API_KEY_VISIBLE_CHARS = 8;

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** A new key and the row that stores its hash; the key itself is returned once and never stored. */
export async function newApiKey(accountId: string, name: string | null = null) {
  const key = API_KEY_PREFIX + crypto.getRandomValues(new Uint8Array(API_KEY_BYTES)).toBase64({ alphabet: "base64url", omitPadding: true });
  const row: ApiKeyRow = {
    id: newId("apiKey"),
    accountId,
    keyHash: await sha256Hex(key),
    start: key.slice(0, API_KEY_PREFIX.length + API_KEY_VISIBLE_CHARS),
    name,
    createdAt: now(),
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
  };
  return { key, row };
}

/** A key that authenticates: not revoked, and not past the grace period of a rotation. */
function live(at: string) {
  return and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, at)));
}

/** Issues a key with an optional name; the key is returned once. */
export async function issueApiKey(ctx: Ctx, accountId: string, name: string | null = null): Promise<{ key: string; row: ApiKeyRow }> {
  const [live_] = await ctx.db.select({ n: count() }).from(apiKeys).where(and(eq(apiKeys.accountId, accountId), live(now())));
  if (live_!.n >= MAX_API_KEYS_PER_ACCOUNT) {
    throw new AppError("CONFLICT", `The account has ${MAX_API_KEYS_PER_ACCOUNT} live API keys already: revoke one it no longer uses first.`);
  }
  const issued = await newApiKey(accountId, name);
  await ctx.db.insert(apiKeys).values(issued.row);
  return issued;
}

/** The account's keys, newest first, revoked ones included (with when), never their secrets. */
export async function listApiKeys(ctx: Ctx, accountId: string): Promise<ApiKeyRow[]> {
  return ctx.db.select().from(apiKeys).where(eq(apiKeys.accountId, accountId)).orderBy(desc(apiKeys.id));
}

async function requireKey(ctx: Ctx, accountId: string, id: string): Promise<ApiKeyRow> {
  const row = await ctx.db.query.apiKeys.findFirst({ where: and(eq(apiKeys.id, id), eq(apiKeys.accountId, accountId)) });
  if (!row) throw notFound(`No API key has the id ${id}.`);
  return row;
}

/** Revokes a key at once; revoking it again keeps the first time. */
export async function revokeApiKey(ctx: Ctx, accountId: string, id: string): Promise<ApiKeyRow> {
  await requireKey(ctx, accountId, id);
  await ctx.db
    .update(apiKeys)
    .set({ revokedAt: now() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)));
  return requireKey(ctx, accountId, id);
}

/**
 * Rotates a key: a new one with the same name, and the old one valid for
 * API_KEY_ROTATION_GRACE_MS more (or less, when it was to expire sooner).
 */
export async function rotateApiKey(ctx: Ctx, accountId: string, id: string): Promise<{ key: string; row: ApiKeyRow; previous: ApiKeyRow }> {
  const old = await requireKey(ctx, accountId, id);
  const at = now();
  if (old.revokedAt || (old.expiresAt && old.expiresAt <= at)) {
    throw new AppError("CONFLICT", `The API key ${id} no longer authenticates, so there is nothing to rotate: issue a new key instead.`);
  }
  const graceUntil = new Date(Date.now() + API_KEY_ROTATION_GRACE_MS).toISOString();
  const expiresAt = old.expiresAt && old.expiresAt < graceUntil ? old.expiresAt : graceUntil;
  const issued = await newApiKey(accountId, old.name);
  await ctx.db.batch([
    ctx.db.insert(apiKeys).values(issued.row),
    ctx.db.update(apiKeys).set({ expiresAt }).where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, accountId))),
  ]);
  return { ...issued, previous: await requireKey(ctx, accountId, id) };
}

/**
 * The account and key a bearer token is, or null for an unknown, revoked or
 * expired key. Notes when the key was used, at most once a minute.
 */
export async function authenticateApiKey(ctx: Ctx, token: string) {
  if (!token.startsWith(API_KEY_PREFIX)) return null;
  const at = now();
  const [found] = await ctx.db
    .select({ account: accounts, key: apiKeys })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(and(eq(apiKeys.keyHash, await sha256Hex(token)), live(at)))
    .limit(1);
  if (!found) return null;
  const stale = new Date(Date.now() - API_KEY_LAST_USED_RESOLUTION_MS).toISOString();
  if (!found.key.lastUsedAt || found.key.lastUsedAt < stale) {
    await ctx.db
      .update(apiKeys)
      .set({ lastUsedAt: at })
      .where(and(eq(apiKeys.id, found.key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))));
  }
  return found;
}
