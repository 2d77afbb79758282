import type { Email } from "postal-mime";
import { and, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { runBatch } from "../db/client.ts";
import { inboundFiles, inboundMessages } from "../db/schema/index.ts";
import { newId, now } from "../ids.ts";
import { enqueueScans } from "../queues/send.ts";
import { sha256Hex } from "../scan/bytes.ts";
import { completeIfDecided } from "./complete.ts";
import { detectForwardingConfirmation } from "./forwarding-confirmation.ts";
import { parseMail, splitMail } from "./split.ts";

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

  let email: Email;
  try {
    email = await parseMail(raw);
  } catch (error) {
    await recordNoFiles(ctx, message.id, { kind: "invalid", code: "MAIL_UNREADABLE", reason: `The mail could not be read (${(error as Error).message}); it is kept as received.` });
    return completeIfDecided(ctx, message.id);
  }

  const confirmation = detectForwardingConfirmation(email, message);
  if (confirmation) {
    await recordNoFiles(ctx, message.id, { kind: "forwarding_confirmation", code: `${confirmation.provider.toUpperCase()}_FORWARDING`, reason: confirmation.reason });
    return completeIfDecided(ctx, message.id);
  }

  const { files, truncated } = await splitMail(email);
  if (files.length === 0) {
    console.log(JSON.stringify({ msg: "mail without attachments ignored", inboundMessageId: message.id, from: message.headerFrom ?? message.envelopeFrom }));
  }
  const timestamp = now();
  const rows: (typeof inboundFiles.$inferInsert)[] = [];
  for (const [position, file] of files.entries()) {
    const sha256 = await sha256Hex(file.bytes);
    const r2Key = `files/${message.accountId}/${sha256}`;
    // Content-addressed: the same file arriving again is stored once.
    if (!(await ctx.env.FILES.head(r2Key))) await ctx.env.FILES.put(r2Key, file.bytes, { sha256 });
    rows.push({
      id: newId("inboundFile"),
      accountId: message.accountId,
      inboundMessageId: message.id,
      position,
      name: file.name,
      originalName: file.originalName,
      declaredType: file.declaredType,
      source: file.source,
      path: file.path,
      size: file.bytes.length,
      sha256,
      r2Key,
      ...(file.preset ? { ...file.preset, scanner: file.preset.verdict === "malicious" ? "built-in rules" : null, decidedAt: timestamp } : {}),
    });
  }
  const notice = truncated ? { noticeKind: "unsupported", noticeCode: "MAIL_TOO_MANY_FILES", notice: truncated } : {};
  await runBatch(ctx.db, [
    ...rows.map((row) => ctx.db.insert(inboundFiles).values(row).onConflictDoNothing()),
    ctx.db.update(inboundMessages).set({ fileCount: rows.length, ...notice }).where(eq(inboundMessages.id, message.id)),
  ]);
  await requeuePending(ctx, message.id);
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
