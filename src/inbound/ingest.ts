import { and, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { runBatch } from "../db/client.ts";
import { inboundFiles, inboundMessages, type SkippedPart, type Verdict } from "../db/schema/index.ts";
import { newId, now } from "../ids.ts";
import { enqueueScans } from "../jobs/enqueue.ts";
import { MAX_DECLARED_TYPE_CHARS, MAX_FILE_PATH_CHARS, MAX_ORIGINAL_NAME_CHARS, MAX_SKIPPED_PARTS_RECORDED } from "../limits.ts";
import { withBytesInHand } from "../memory-budget.ts";
import { capText } from "../text.ts";
import { englishReason, kindOf, reason, reasonColumns, type Reason } from "../reasons/catalogue.ts";
import { BUILT_IN } from "../scan/decide.ts";
import { completeIfDecided } from "../purchase-invoices/complete.ts";
import { detectForwardingConfirmation } from "./forwarding-confirmation.ts";
import { ParsedMail } from "../mail/parsed-mail.ts";
import { splitMail, type SplitFindings } from "./split.ts";

/**
 * The ingest step: parses a received mail, takes its candidate files, stores
 * each once per account under its SHA-256, records them with the parts that
 * did not become files (and why), and queues each file for scanning. Idempotent: a redelivered job finds the files recorded and only
 * makes sure their scans are queued.
 */
export async function ingestMessage(ctx: Ctx, inboundMessageId: string): Promise<void> {
  const message = await ctx.db.query.inboundMessages.findFirst({ where: eq(inboundMessages.id, inboundMessageId) });
  if (!message || message.outcome !== "processing") return;
  if (message.fileCount !== null) return requeuePending(ctx, message.id);
  // The raw mail, its parsed parts and one file at a time are in memory until the end.
  return withBytesInHand(message.size, () => ingestRaw(ctx, message));
}

async function ingestRaw(ctx: Ctx, message: typeof inboundMessages.$inferSelect): Promise<void> {
  const object = await ctx.env.FILES.get(message.rawKey!);
  // The email handler writes the row before the raw; the sender's retry brings the raw.
  if (!object) throw new Error(`the raw mail ${message.rawKey} is not in R2 yet`);
  const raw = new Uint8Array(await object.arrayBuffer());

  let mail: ParsedMail;
  try {
    mail = await ParsedMail.parse(raw);
  } catch (error) {
    await recordNoFiles(ctx, message.id, reason("MAIL_UNREADABLE", { detail: (error as Error).message }));
    return completeIfDecided(ctx, message.id);
  }

  const confirmation = detectForwardingConfirmation(mail.email, message);
  if (confirmation) {
    await recordNoFiles(ctx, message.id, confirmation);
    return completeIfDecided(ctx, message.id);
  }

  const timestamp = now();
  const rows: (typeof inboundFiles.$inferInsert)[] = [];
  const skipped: SkippedPart[] = [];
  let omitted = 0;
  // Each file is stored as soon as it is taken, so that only one is in memory at a time.
  const findings = await splitMail(mail, {
    async take(file) {
      const r2Key = `files/${message.accountId}/${file.sha256}`;
      // Content-addressed: a file that arrives again overwrites itself with the same bytes.
      await ctx.env.FILES.put(r2Key, file.bytes);
      rows.push({
        id: newId("inboundFile"),
        accountId: message.accountId,
        inboundMessageId: message.id,
        position: rows.length,
        name: file.name,
        originalName: capText(file.originalName, MAX_ORIGINAL_NAME_CHARS, "ends"),
        declaredType: capText(file.declaredType, MAX_DECLARED_TYPE_CHARS),
        source: file.source,
        path: capText(file.path, MAX_FILE_PATH_CHARS, "end"),
        size: file.bytes.length,
        sha256: file.sha256,
        r2Key,
        ...(file.preset ? presetColumns(file.preset.reason, file.preset.detectedType, timestamp) : {}),
      });
    },
    skip(part) {
      if (skipped.length < MAX_SKIPPED_PARTS_RECORDED) skipped.push(part);
      else omitted++;
    },
  });
  if (rows.length === 0) {
    console.log(JSON.stringify({ msg: "mail without files to take", inboundMessageId: message.id, from: message.headerFrom ?? message.envelopeFrom, skipped: skipped.map((p) => p.why) }));
  }
  const notice = noticeOf(findings, message.headerFrom ?? message.envelopeFrom);
  await runBatch(ctx.db, [
    ...rows.map((row) => ctx.db.insert(inboundFiles).values(row).onConflictDoNothing()),
    ctx.db
      .update(inboundMessages)
      .set({ fileCount: rows.length, skippedParts: skipped, skippedPartsOmitted: omitted, ...(notice ? noticeColumns(notice) : {}) })
      .where(eq(inboundMessages.id, message.id)),
  ]);
  const toScan = rows.filter((row) => !row.verdict).map((row) => row.id!);
  if (toScan.length > 0) await enqueueScans(ctx.env, toScan);
  else await completeIfDecided(ctx, message.id);
}

/**
 * What the mail as a whole comes to tell, beside its files: one notice, the
 * most telling first. Encrypted content hides whatever else the mail holds;
 * a report is all a report mail is; files left out are more than one empty.
 */
function noticeOf(findings: SplitFindings, sender: string): Reason | null {
  if (findings.encrypted) return reason("MAIL_ENCRYPTED", { sender, how: findings.encrypted });
  if (findings.report) return reason("MAIL_REPORT", { sender, ...findings.report });
  if (findings.truncated) return findings.truncated;
  if (findings.emptyNames.length > 0) return reason("EMPTY_ATTACHMENT", { sender, names: findings.emptyNames });
  return null;
}

/** Queues a scan for every file still waiting for its verdict, or completes the mail when none is. */
async function requeuePending(ctx: Ctx, inboundMessageId: string): Promise<void> {
  const pending = await ctx.db
    .select({ id: inboundFiles.id })
    .from(inboundFiles)
    .where(and(eq(inboundFiles.inboundMessageId, inboundMessageId), isNull(inboundFiles.verdict)));
  if (pending.length > 0) await enqueueScans(ctx.env, pending.map((p) => p.id));
  else await completeIfDecided(ctx, inboundMessageId);
}

async function recordNoFiles(ctx: Ctx, inboundMessageId: string, notice: Reason) {
  await ctx.db
    .update(inboundMessages)
    .set({ fileCount: 0, ...noticeColumns(notice) })
    .where(eq(inboundMessages.id, inboundMessageId));
}

/** Something about the mail as a whole, which completing it turns into an inbox item of the reason's kind. */
export function noticeColumns(notice: Reason) {
  return { noticeKind: kindOf(notice.code), noticeCode: notice.code, noticeParams: notice.params as Record<string, unknown>, notice: englishReason(notice) };
}

/** A file decided while its mail was split: its verdict is its reason's kind. */
function presetColumns(why: Reason, detectedType: string, decidedAt: string) {
  const verdict = kindOf(why.code) as Verdict;
  return { verdict, ...reasonColumns(why), detectedType, scanner: verdict === "malicious" ? BUILT_IN : null, decidedAt };
}
