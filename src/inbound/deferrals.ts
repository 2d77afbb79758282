import { and, eq, gte, max, sql, sum } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { mailDeferrals } from "../db/schema/index.ts";
import { now } from "../ids.ts";

/** Counts a mail put off by a rate limit: one row per account and day, whatever the flood. */
export async function recordDeferral(ctx: Ctx, accountId: string, sender: string): Promise<void> {
  const at = now();
  await ctx.db
    .insert(mailDeferrals)
    .values({ accountId, day: at.slice(0, 10), count: 1, lastSender: sender, lastAt: at })
    .onConflictDoUpdate({ target: [mailDeferrals.accountId, mailDeferrals.day], set: { count: sql`${mailDeferrals.count} + 1`, lastSender: sender, lastAt: at } });
}

export interface Deferrals {
  /** Mails put off in the last `days` days (their senders' servers retried them later). */
  count: number;
  lastAt: string | null;
  lastSender: string | null;
}

/** What was put off lately, for the connector's stats. */
export async function recentDeferrals(ctx: Ctx, accountId: string, days: number): Promise<Deferrals> {
  const since = new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const where = and(eq(mailDeferrals.accountId, accountId), gte(mailDeferrals.day, since));
  const [totals] = await ctx.db.select({ count: sum(mailDeferrals.count), lastAt: max(mailDeferrals.lastAt) }).from(mailDeferrals).where(where);
  if (!totals?.lastAt) return { count: 0, lastAt: null, lastSender: null };
  const [last] = await ctx.db.select({ lastSender: mailDeferrals.lastSender }).from(mailDeferrals).where(and(where, eq(mailDeferrals.lastAt, totals.lastAt))).limit(1);
  return { count: Number(totals.count ?? 0), lastAt: totals.lastAt, lastSender: last?.lastSender ?? null };
}
