import { and, eq, isNull, sql } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { inboundFiles } from "../db/schema/index.ts";
import { now } from "../ids.ts";
import { completeIfDecided } from "../purchase-invoices/complete.ts";
import { SCAN_RETRY_FIRST_DELAY_SECONDS, SCAN_RETRY_MAX_DELAY_SECONDS } from "./limits.ts";
import { backoffSeconds, type JobResult } from "../jobs/result.ts";
import { ClamdUnavailableError, clamdTarget, scanBytes } from "./clamd.ts";
import { reason, reasonColumns } from "../reasons/catalogue.ts";
import { BUILT_IN, decide, type Decision, type ScanSubject } from "./decide.ts";
import { CarriedFilesUnreadable, carriedFiles, type CarriedFile } from "./carried.ts";
import { MAX_CARRIED_FILES } from "./limits.ts";
import { runBatch } from "../db/client.ts";
import { newId } from "../ids.ts";
import { sha256Hex } from "../bytes.ts";
import { safeFileName, visibleName } from "../formats/file-names.ts";
import { capText } from "../text.ts";
import { MAX_FILE_PATH_CHARS, MAX_FILES_PER_MAIL, MAX_ORIGINAL_NAME_CHARS } from "../limits.ts";
import type { Reason } from "../reasons/catalogue.ts";

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
    let carried: CheckedCarriedFile[] = [];
    try {
      const bytes = new Uint8Array(await object.arrayBuffer());
      decision = await scan(ctx, { bytes, originalName: file.originalName, source: file.source });
      // The files an invoice carries are checked with it, before its verdict is written: one malicious file keeps the invoice out.
      if (decision.verdict === "document" && file.parentFileId === null) ({ decision, carried } = await scanCarried(ctx, file.accountId, bytes, decision));
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
  await completeIfDecided(ctx, file.inboundMessageId);
}

/** A carried file checked, with what its row needs. */
interface CheckedCarriedFile {
  name: string;
  bytes: Uint8Array;
  sha256: string;
  r2Key: string;
  decision: Decision;
}

/**
 * Checks each file an invoice carries with every rule and ClamAV, as a file
 * of its own. The first that is malicious (or carried files that cannot be
 * decoded) makes the invoice malicious, and none is kept; otherwise they are
 * kept, each once, to become appendices. ClamAV being away throws, so the
 * invoice waits with them.
 */
async function scanCarried(ctx: Ctx, accountId: string, bytes: Uint8Array, decision: Decision): Promise<{ decision: Decision; carried: CheckedCarriedFile[] }> {
  const refused = (why: Reason, signature: string | null = null): { decision: Decision; carried: CheckedCarriedFile[] } => ({
    decision: { ...decision, verdict: "malicious", ...reasonColumns(why), format: null, einvoice: null, scanner: signature ? CLAMAV : BUILT_IN, signature },
    carried: [],
  });
  let files: CarriedFile[];
  try {
    files = await carriedFiles(bytes);
  } catch (error) {
    if (error instanceof CarriedFilesUnreadable) return refused(reason("CARRIED_FILE_REFUSED", { problem: "unreadable", detail: error.message }));
    throw error;
  }
  const carried: CheckedCarriedFile[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const sha256 = await sha256Hex(file.bytes);
    if (seen.has(`${sha256}/${file.name}`)) continue;
    seen.add(`${sha256}/${file.name}`);
    const checked = await scan(ctx, { bytes: file.bytes, originalName: file.name, source: "carried" });
    if (checked.verdict === "malicious") {
      return refused(reason("CARRIED_FILE_REFUSED", { problem: "flagged", name: visibleName(file.name), code: checked.reasonCode ?? "VIRUS_FOUND", signature: checked.signature }), checked.signature);
    }
    carried.push({ ...file, sha256, r2Key: `files/${accountId}/${sha256}`, decision: checked });
  }
  return { decision, carried };
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
