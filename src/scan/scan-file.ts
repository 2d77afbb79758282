import { and, eq, isNull, sql } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { inboundFiles } from "../db/schema/index.ts";
import { now } from "../ids.ts";
import { completeIfDecided } from "../purchase-invoices/complete.ts";
import { SCAN_RETRY_FIRST_DELAY_SECONDS, SCAN_RETRY_MAX_DELAY_SECONDS } from "./limits.ts";
import { backoffSeconds, type JobResult } from "../jobs/result.ts";
import { ClamdUnavailableError, clamdTarget, scanBytes } from "./clamd.ts";
import { reason, reasonColumns } from "../reasons/catalogue.ts";
import { decide, type Decision, type ScanSubject } from "./decide.ts";

/** ClamAV, named in inbox items as the scanner that fired. */
export const CLAMAV = "clamav";

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
  if (file.verdict === null) {
    const object = await ctx.env.FILES.get(file.r2Key);
    if (!object) throw new Error(`the file ${file.r2Key} is missing from R2`);
    const undecided = and(eq(inboundFiles.id, file.id), isNull(inboundFiles.verdict));
    let decision: Decision;
    try {
      decision = await scan(ctx, { bytes: new Uint8Array(await object.arrayBuffer()), originalName: file.originalName, source: file.source });
    } catch (error) {
      if (!(error instanceof ClamdUnavailableError)) throw error;
      const attempt = file.scanAttempts + 1;
      await ctx.db.update(inboundFiles).set({ scanAttempts: sql`${inboundFiles.scanAttempts} + 1` }).where(undecided);
      const retryAfterSeconds = backoffSeconds(attempt, SCAN_RETRY_FIRST_DELAY_SECONDS, SCAN_RETRY_MAX_DELAY_SECONDS);
      console.warn(JSON.stringify({ msg: "file waits for clamd", fileId: file.id, attempt, retryAfterSeconds, failure: error.reason, error: error.message }));
      return { retryAfterSeconds, reason: error.message };
    }
    await ctx.db
      .update(inboundFiles)
      .set({ ...decision, decidedAt: now(), scanAttempts: sql`${inboundFiles.scanAttempts} + 1` })
      .where(undecided);
  }
  await completeIfDecided(ctx, file.inboundMessageId);
}

/**
 * The built-in rules, then ClamAV when it is configured. What the rules
 * call malicious stays so; every other file also goes to ClamAV, including
 * those we would not import, so that an infected one shows as malicious
 * with its signature rather than as unsupported.
 */
async function scan(ctx: Ctx, subject: ScanSubject): Promise<Decision> {
  const decision = await decide(subject);
  const target = clamdTarget(ctx.config);
  if (decision.verdict === "malicious" || !target) return decision;
  const result = await scanBytes(target, subject.bytes);
  switch (result.verdict) {
    case "clean":
      return decision;
    case "infected":
      return {
        ...decision,
        verdict: "malicious",
        ...reasonColumns(reason("VIRUS_FOUND", { signature: result.signature })),
        format: null,
        einvoice: null,
        scanner: CLAMAV,
        signature: result.signature,
      };
    case "limit_exceeded":
      // Out of scan time is clamd being busy: another attempt may finish.
      if (result.limit === "MaxScanTime") throw new ClamdUnavailableError("timeout", "clamd ran out of scan time (MaxScanTime) before it finished the file");
      // Any other limit gives the same answer next time: no retries, but a rescan once the operator has raised it.
      return {
        ...decision,
        verdict: "scan_failed",
        ...reasonColumns(reason("SCAN_LIMIT_EXCEEDED", { limit: result.limit })),
        format: null,
        einvoice: null,
        scanner: CLAMAV,
        signature: null,
      };
  }
}
