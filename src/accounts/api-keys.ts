import { and, desc, eq } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { accounts, apiKeys } from "../db/schema/index.ts";
import { notFound } from "../errors.ts";
import { newId, now } from "../ids.ts";
import { sha256Hex } from "../bytes.ts";

/** Marks our keys, so that secret scanners (and people) recognise a leaked one. */
const API_KEY_PREFIX = "eck_";
/** 256 random bits: beyond brute force, and long enough that a fast hash is a safe store. */
const API_KEY_BYTES = 32;
/** How much of a key is kept readable, to tell keys apart in a list. */
const API_KEY_VISIBLE_CHARS = 8;

/** A new key and the row that stores its hash; the key itself is returned once and never stored. */
export async function newApiKey(accountId: string) {
  const key = API_KEY_PREFIX + crypto.getRandomValues(new Uint8Array(API_KEY_BYTES)).toBase64({ alphabet: "base64url", omitPadding: true });
  const row: typeof apiKeys.$inferInsert = {
    id: newId("apiKey"),
    accountId,
    keyHash: await sha256Hex(key),
    start: key.slice(0, API_KEY_PREFIX.length + API_KEY_VISIBLE_CHARS),
    createdAt: now(),
  };
  return { key, row };
}

export async function issueApiKey(ctx: Ctx, accountId: string): Promise<string> {
  const { key, row } = await newApiKey(accountId);
  await ctx.db.insert(apiKeys).values(row);
  return key;
}

/** The account a key belongs to, or null for an unknown key. */
export async function accountForApiKey(ctx: Ctx, key: string) {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const [found] = await ctx.db
    .select({ account: accounts })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(eq(apiKeys.keyHash, await sha256Hex(key)))
    .limit(1);
  return found?.account ?? null;
}

export type ApiKeySummary = Pick<typeof apiKeys.$inferSelect, "id" | "start" | "createdAt">;

/** The account's keys, newest first, as a person tells them apart: by their first characters. */
export async function listApiKeys(ctx: Ctx, accountId: string): Promise<ApiKeySummary[]> {
  return ctx.db
    .select({ id: apiKeys.id, start: apiKeys.start, createdAt: apiKeys.createdAt })
    .from(apiKeys)
    .where(eq(apiKeys.accountId, accountId))
    .orderBy(desc(apiKeys.id));
}

/** Revokes a key: it stops working at once. Deleting its hash is all a revocation needs; nothing refers to it. */
export async function revokeApiKey(ctx: Ctx, accountId: string, id: string): Promise<void> {
  const deleted = await ctx.db
    .delete(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, accountId)))
    .returning({ id: apiKeys.id });
  if (deleted.length === 0) throw notFound(`No API key has the id ${id}.`);
}
