import { and, eq, isNull, sql } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { inboundFiles } from "../db/schema/index.ts";
import { now } from "../ids.ts";
import { completeIfDecided } from "../inbound/complete.ts";
import { decide } from "./decide.ts";

/**
 * The scan step for one file: reads it from R2, decides what it is, records
 * the verdict, and completes its mail when it was the last file waiting.
 * A file already decided is not scanned again (a redelivered job).
 */
export async function scanFile(ctx: Ctx, fileId: string): Promise<void> {
  const file = await ctx.db.query.inboundFiles.findFirst({ where: eq(inboundFiles.id, fileId) });
  if (!file) return;
  if (file.verdict === null) {
    const object = await ctx.env.FILES.get(file.r2Key);
    if (!object) throw new Error(`the file ${file.r2Key} is missing from R2`);
    const decision = await decide(new Uint8Array(await object.arrayBuffer()), file.originalName);
    await ctx.db
      .update(inboundFiles)
      .set({ ...decision, decidedAt: now(), scanAttempts: sql`${inboundFiles.scanAttempts} + 1` })
      .where(and(eq(inboundFiles.id, file.id), isNull(inboundFiles.verdict)));
  }
  await completeIfDecided(ctx, file.inboundMessageId);
}
