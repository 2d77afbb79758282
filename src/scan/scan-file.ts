import { and, eq, isNull, sql } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { inboundFiles } from "../db/schema/index.ts";
import { now } from "../ids.ts";
import { completeIfDecided } from "../purchase-invoices/complete.ts";
import { SCAN_RETRY_FIRST_DELAY_SECONDS, SCAN_RETRY_MAX_DELAY_SECONDS } from "./limits.ts";
import { backoffSeconds, type JobResult } from "../jobs/result.ts";
import { ClamdUnavailableError } from "./clamd.ts";
import type { Decision } from "./decide.ts";
import { checkFile, type CheckedCarriedFile } from "./check.ts";
import { MAX_CARRIED_FILES } from "./limits.ts";
import { runBatch } from "../db/client.ts";
import { newId } from "../ids.ts";
import { safeFileName, visibleName } from "../formats/file-names.ts";
import { withBytesInHand } from "../memory-budget.ts";
import { capText } from "../text.ts";
import { MAX_FILE_PATH_CHARS, MAX_FILES_PER_MAIL, MAX_ORIGINAL_NAME_CHARS } from "../limits.ts";

/**
 * The scan step for one file: reads it from R2, decides what it is, records
 * the verdict, and completes its mail when it was the last file waiting.
 * A file already decided is not scanned again (a redelivered job).
 *
 * Fail closed: when clamd gives no answer the file stays undecided and the
 * job asks to be retried later (attempts counted on the file); after the
 * queue's retries the dead-letter consumer makes it `scan_failed`. It is
 * never imported unscanned.
 */
export async function scanFile(ctx: Ctx, fileId: string): Promise<JobResult> {
  const file = await ctx.db.query.inboundFiles.findFirst({ where: eq(inboundFiles.id, fileId) });
  if (!file) return;
  // The file, and the files it carries, are in memory until its verdict is written.
  if (file.verdict === null) {
    const retry = await withBytesInHand(file.size, () => decideFile(ctx, file));
    if (retry) return retry;
  }
  await completeIfDecided(ctx, file.inboundMessageId);
}

/** Reads, decides and records one file; a JobResult asks for a retry when clamd gives no answer. */
async function decideFile(ctx: Ctx, file: typeof inboundFiles.$inferSelect): Promise<JobResult> {
  const object = await ctx.env.FILES.get(file.r2Key);
  if (!object) throw new Error(`the file ${file.r2Key} is missing from R2`);
  const undecided = and(eq(inboundFiles.id, file.id), isNull(inboundFiles.verdict));
  let decision: Decision;
  let carried: CheckedCarriedFile[] = [];
  try {
    const bytes = new Uint8Array(await object.arrayBuffer());
    // The files an invoice carries are checked with it, before its verdict is written: one malicious file keeps the invoice out.
    ({ decision, carried } = await checkFile(ctx, file.accountId, { bytes, originalName: file.originalName, source: file.source }, file.parentFileId === null));
  } catch (error) {
    if (!(error instanceof ClamdUnavailableError)) throw error;
    const attempt = file.scanAttempts + 1;
    await ctx.db.update(inboundFiles).set({ scanAttempts: sql`${inboundFiles.scanAttempts} + 1` }).where(undecided);
    const retryAfterSeconds = backoffSeconds(attempt, SCAN_RETRY_FIRST_DELAY_SECONDS, SCAN_RETRY_MAX_DELAY_SECONDS);
    console.warn(JSON.stringify({ msg: "file waits for clamd", fileId: file.id, attempt, retryAfterSeconds, failure: error.reason, error: error.message }));
    return { retryAfterSeconds, reason: error.message };
  }
  const decidedAt = now();
  // Content-addressed, as the mail's own files: stored again on a retry, the same object.
  for (const child of carried) await ctx.env.FILES.put(child.r2Key, child.bytes);
  // The carried files' rows and the carrier's verdict in one transaction: the mail completes with both or neither.
  await runBatch(ctx.db, [
    ...carried.map((child, index) => ctx.db.insert(inboundFiles).values(carriedRow(file, child, index, decidedAt)).onConflictDoNothing()),
    ctx.db
      .update(inboundFiles)
      .set({ ...decision, decidedAt, scanAttempts: sql`${inboundFiles.scanAttempts} + 1` })
      .where(undecided),
  ]);
}

/** The row of a file an invoice carries: decided already, placed after the mail's own files, in the carrier's order. */
function carriedRow(parent: typeof inboundFiles.$inferSelect, child: CheckedCarriedFile, index: number, decidedAt: string): typeof inboundFiles.$inferInsert {
  return {
    id: newId("inboundFile"),
    accountId: parent.accountId,
    inboundMessageId: parent.inboundMessageId,
    // After every position a mail's own files can take (fewer than MAX_FILES_PER_MAIL), the same on every retry.
    position: MAX_FILES_PER_MAIL + parent.position * MAX_CARRIED_FILES + index,
    name: safeFileName(child.name, "appendix"),
    originalName: capText(child.name, MAX_ORIGINAL_NAME_CHARS, "ends"),
    declaredType: "application/octet-stream",
    source: "carried",
    path: capText(`${parent.path} › ${visibleName(child.name)}`, MAX_FILE_PATH_CHARS, "end"),
    size: child.bytes.length,
    sha256: child.sha256,
    r2Key: child.r2Key,
    ...child.decision,
    decidedAt,
    scanAttempts: 1,
    parentFileId: parent.id,
  };
}
