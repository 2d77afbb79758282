import { and, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { runBatch } from "../db/client.ts";
import { inboundFiles, inboundMessages } from "../db/schema/index.ts";
import { newId, now } from "../ids.ts";
import { enqueueScans } from "../jobs/enqueue.ts";
import { sha256Hex } from "../bytes.ts";
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
    await recordNoFiles(ctx, message.id, { kind: "invalid", code: "MAIL_UNREADABLE", reason: `The mail could not be read (${(error as Error).message}); it is kept as received.` });
    return completeIfDecided(ctx, message.id);
  }

  const confirmation = detectForwardingConfirmation(mail.email, message);
  if (confirmation) {
    await recordNoFiles(ctx, message.id, { kind: "forwarding_confirmation", code: `${confirmation.provider.toUpperCase()}_FORWARDING`, reason: confirmation.reason });
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
      originalName: file.originalName,
      declaredType: file.declaredType,
      source: file.source,
      path: file.path,
      size: file.bytes.length,
      sha256,
      r2Key,
      ...(file.preset ? { ...file.preset, scanner: file.preset.verdict === "malicious" ? BUILT_IN : null, decidedAt: timestamp } : {}),
    });
  });
  if (rows.length === 0) {
    console.log(JSON.stringify({ msg: "mail without attachments ignored", inboundMessageId: message.id, from: message.headerFrom ?? message.envelopeFrom }));
  }
  const notice = truncated ? { noticeKind: "unsupported", noticeCode: "MAIL_TOO_MANY_FILES", notice: truncated } : {};
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

async function recordNoFiles(ctx: Ctx, inboundMessageId: string, notice: { kind: string; code: string; reason: string }) {
  await ctx.db
    .update(inboundMessages)
    .set({ fileCount: 0, noticeKind: notice.kind, noticeCode: notice.code, notice: notice.reason })
    .where(eq(inboundMessages.id, inboundMessageId));
}
