import { and, eq, isNull, sql } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { inboundFiles, inboundMessages } from "../db/schema/index.ts";
import { now } from "../ids.ts";
import { completeIfDecided } from "../purchase-invoices/complete.ts";
import { reason, reasonColumns } from "../reasons/catalogue.ts";
import { noticeColumns } from "./ingest.ts";

/**
 * The dead-letter side of the pipeline: a job that exhausted its retries is
 * recorded as a failure the account can see, so that no mail stays
 * `processing` forever. Nothing is imported unscanned: files give up as
 * `scan_failed`, which can be rescanned.
 */
export async function giveUpIngest(ctx: Ctx, inboundMessageId: string): Promise<void> {
  const message = await ctx.db.query.inboundMessages.findFirst({ where: eq(inboundMessages.id, inboundMessageId) });
  if (!message || message.outcome !== "processing") return;
  if (message.fileCount === null) {
    await ctx.db
      .update(inboundMessages)
      .set({ fileCount: 0, ...noticeColumns(reason("PROCESSING_FAILED")) })
      .where(eq(inboundMessages.id, message.id));
  } else {
    await markScanFailed(ctx, and(eq(inboundFiles.inboundMessageId, message.id), isNull(inboundFiles.verdict))!);
  }
  await completeIfDecided(ctx, message.id);
}

export async function giveUpScan(ctx: Ctx, fileId: string): Promise<void> {
  const file = await ctx.db.query.inboundFiles.findFirst({ where: eq(inboundFiles.id, fileId) });
  if (!file) return;
  await markScanFailed(ctx, and(eq(inboundFiles.id, file.id), isNull(inboundFiles.verdict))!);
  await completeIfDecided(ctx, file.inboundMessageId);
}

async function markScanFailed(ctx: Ctx, where: ReturnType<typeof and>) {
  await ctx.db
    .update(inboundFiles)
    .set({
      verdict: "scan_failed",
      ...reasonColumns(reason("SCAN_FAILED")),
      decidedAt: now(),
      scanAttempts: sql`${inboundFiles.scanAttempts} + 1`,
    })
    .where(where);
}
