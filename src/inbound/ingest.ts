import { and, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { runBatch } from "../db/client.ts";
import { inboundFiles, inboundMessages, type Verdict } from "../db/schema/index.ts";
import { newId, now } from "../ids.ts";
import { enqueueScans } from "../jobs/enqueue.ts";
import { sha256Hex } from "../bytes.ts";
import { MAX_DECLARED_TYPE_CHARS, MAX_FILE_PATH_CHARS, MAX_ORIGINAL_NAME_CHARS } from "../limits.ts";
import { capText } from "../text.ts";
import { englishReason, kindOf, reason, reasonColumns, type Reason } from "../reasons/catalogue.ts";
import { BUILT_IN } from "../scan/decide.ts";
import { completeIfDecided } from "../purchase-invoices/complete.ts";
import { detectForwardingConfirmation } from "./forwarding-confirmation.ts";
import { ParsedMail } from "../mail/parsed-mail.ts";
import { splitMail } from "./split.ts";

/**
 * The ingest step: parses a received mail, takes its candidate files, stores
 * each once per account under its SHA-256, records them and queues each for
 * scanning. Idempotent: a redelivered job finds the files recorded and only
 * makes sure their scans are queued.
 */
export async function ingestMessage(ctx: Ctx, inboundMessageId: string): Promise<void> {
  const message = await ctx.db.query.inboundMessages.findFirst({ where: eq(inboundMessages.id, inboundMessageId) });
  if (!message || message.outcome !== "processing") return;
  if (message.fileCount !== null) return requeuePending(ctx, message.id);

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
  // Each file is hashed and stored as soon as it is taken, so that only one is in memory at a time.
  const { truncated } = await splitMail(mail, async (file) => {
    const sha256 = await sha256Hex(file.bytes);
    const r2Key = `files/${message.accountId}/${sha256}`;
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
      sha256,
      r2Key,
      ...(file.preset ? presetColumns(file.preset.reason, file.preset.detectedType, timestamp) : {}),
    });
  });
  if (rows.length === 0) {
    console.log(JSON.stringify({ msg: "mail without attachments ignored", inboundMessageId: message.id, from: message.headerFrom ?? message.envelopeFrom }));
  }
  const notice = truncated ? noticeColumns(truncated) : {};
  await runBatch(ctx.db, [
    ...rows.map((row) => ctx.db.insert(inboundFiles).values(row).onConflictDoNothing()),
    ctx.db.update(inboundMessages).set({ fileCount: rows.length, ...notice }).where(eq(inboundMessages.id, message.id)),
  ]);
  const toScan = rows.filter((row) => !row.verdict).map((row) => row.id!);
  if (toScan.length > 0) await enqueueScans(ctx.env, toScan);
  else await completeIfDecided(ctx, message.id);
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
