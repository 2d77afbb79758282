import { and, asc, eq, lt } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { inboundMessages } from "../db/schema/index.ts";
import { MAX_SWEPT_MAILS, STALLED_MAIL_AFTER_MS } from "../limits.ts";
import { enqueueIngest } from "../jobs/enqueue.ts";

/**
 * The scheduled safety net: a mail can lose its queue job when the sender
 * never retried a half-failed delivery. Queuing its ingest again is safe
 * (ingestion is idempotent), and the job then ends the mail, through the
 * dead-letter queue if need be.
 */
export async function sweepStalledMails(ctx: Ctx, at = Date.now()): Promise<number> {
  const stalled = await ctx.db
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.outcome, "processing"), lt(inboundMessages.receivedAt, new Date(at - STALLED_MAIL_AFTER_MS).toISOString())))
    .orderBy(asc(inboundMessages.receivedAt))
    .limit(MAX_SWEPT_MAILS);
  for (const { id } of stalled) await enqueueIngest(ctx.env, id);
  if (stalled.length > 0) console.log(JSON.stringify({ msg: "queued stalled mails again", count: stalled.length }));
  return stalled.length;
}
