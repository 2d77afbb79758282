import { and, eq, isNull } from "drizzle-orm";
import { createContext, type Ctx } from "../context.ts";
import { inboundMessages } from "../db/schema/index.ts";
import { newId, now } from "../ids.ts";
import { MAX_ENVELOPE_ADDRESS_CHARS, MAX_FROM_CHARS, MAX_MAIL_BYTES, MAX_MESSAGE_ID_CHARS, MAX_SUBJECT_CHARS } from "../limits.ts";
import { capText } from "../text.ts";
import { enqueueIngest } from "../jobs/enqueue.ts";
import { withinRateLimit } from "../rate-limits.ts";
import { recordDeferral } from "./deferrals.ts";
import { decodeHeaderText } from "../mail/charsets.ts";
import { resolveRecipient } from "./addresses.ts";
import { parseAuthenticationResults } from "./authentication-results.ts";

type InboundRow = typeof inboundMessages.$inferSelect;

/**
 * The email() entry point for import addresses: accept fast. It refuses at
 * SMTP time what must be refused (setReject is a permanent error), and
 * otherwise makes the mail durable: the raw bytes streamed to R2, a row in D1, a job
 * on the ingest queue. Any fault on the way throws, which Cloudflare turns
 * into a temporary SMTP error: the sender retries, and the retry finds the
 * row and finishes what was left undone.
 */
export async function receiveMail(message: ForwardableEmailMessage, env: Env): Promise<void> {
  const ctx = createContext(env);
  const recipient = await resolveRecipient(ctx, message.to);
  if (!recipient) {
    message.setReject(`${message.to} is not an import address of any account.`);
    return;
  }
  if (recipient.connectorStatus !== "active") {
    message.setReject(`The email connector of ${recipient.address} is not active; the account must re-activate it before mail is accepted.`);
    return;
  }
  if (message.rawSize > MAX_MAIL_BYTES) {
    message.setReject(tooLarge(message.rawSize));
    return;
  }
  await deferOverRateLimit(ctx, recipient.accountId, message.from);
  const messageId = normaliseMessageId(message.headers.get("Message-ID"));
  const earlier = messageId ? await findByMessageId(ctx, recipient.accountId, messageId) : undefined;
  const from = decodedHeader(message.headers.get("From"));
  const subject = decodedHeader(message.headers.get("Subject"));
  const fields = {
    accountId: recipient.accountId,
    receivedAt: now(),
    envelopeFrom: capText(message.from, MAX_ENVELOPE_ADDRESS_CHARS),
    envelopeTo: capText(message.to, MAX_ENVELOPE_ADDRESS_CHARS),
    address: recipient.address,
    headerFrom: from && capText(from, MAX_FROM_CHARS),
    subject: subject && capText(subject, MAX_SUBJECT_CHARS),
    messageId,
    size: message.rawSize,
    ...parseAuthenticationResults(message.headers.get("Authentication-Results"), ctx.config.AUTHSERV_ID),
  };

  if (earlier && earlier.outcome !== "processing") {
    // Sent again after it was processed: recorded, not processed again, and not even read.
    await ctx.db.insert(inboundMessages).values({ ...fields, id: newId("inboundMessage"), rawKey: null, outcome: "duplicate", duplicateOf: earlier.id, completedAt: now() });
    return;
  }
  // A retry of a delivery that failed half way, whose raw mail was stored: only the job is missing.
  if (earlier && (await env.FILES.head(earlier.rawKey!))) {
    await enqueueIngest(env, earlier.id);
    return;
  }

  if (earlier) {
    // A retry of a delivery whose raw mail never reached R2: store it now.
    await storeRaw(env, earlier.rawKey!, message);
    await enqueueIngest(env, earlier.id);
    return;
  }
  const id = newId("inboundMessage");
  const rawKey = `raw/${recipient.accountId}/${id}.eml`;
  // The row first: should R2 or the queue fail, the sender's retry finds it.
  await ctx.db.insert(inboundMessages).values({ ...fields, id, rawKey, outcome: "processing" });
  await storeRaw(env, rawKey, message);
  await enqueueIngest(env, id);
}

/** The SMTP refusal of a mail over the size limit, in the sender's server's terms (bytes). */
function tooLarge(size: number): string {
  return `The message is ${size} bytes; import addresses accept at most ${MAX_MAIL_BYTES} bytes (${MAX_MAIL_BYTES / (1024 * 1024)} MiB).`;
}

/**
 * Over a rate limit the mail is put off, not refused: throwing gives the
 * sender's server a temporary SMTP error, so a real sender's mail arrives
 * once the minute has passed, while a flood costs it nothing but retries.
 * The account sees in its connector's stats that it happened.
 */
async function deferOverRateLimit(ctx: Ctx, accountId: string, envelopeFrom: string): Promise<void> {
  const sender = capText(envelopeFrom.trim().toLowerCase(), MAX_ENVELOPE_ADDRESS_CHARS);
  if ((await withinRateLimit(ctx.env, "MAIL_PER_SENDER", `${accountId}:${sender}`)) && (await withinRateLimit(ctx.env, "MAIL_PER_ACCOUNT", accountId))) return;
  await recordDeferral(ctx, accountId, sender);
  console.warn(JSON.stringify({ msg: "mail put off: over a rate limit", accountId, sender }));
  throw new Error(`Too many mails to this address from ${sender || "this sender"} right now; try again in a minute.`);
}

/**
 * Streams the raw mail to R2 without holding it: two 25 MiB mails handled
 * at once must fit the isolate's 128 MB beside their ingest
 * (docs/reliability.md, "Memory"). R2 takes a stream of a known length:
 * Email Routing gives it (rawSize, checked against MAX_MAIL_BYTES above),
 * and FixedLengthStream fails the put, never stores more, when the bytes
 * differ from it.
 */
async function storeRaw(env: Env, key: string, message: ForwardableEmailMessage) {
  await env.FILES.put(key, message.raw.pipeThrough(new FixedLengthStream(message.rawSize)), { httpMetadata: { contentType: "message/rfc822" } });
}

async function findByMessageId(ctx: Ctx, accountId: string, messageId: string): Promise<InboundRow | undefined> {
  return ctx.db.query.inboundMessages.findFirst({
    where: and(eq(inboundMessages.accountId, accountId), eq(inboundMessages.messageId, messageId), isNull(inboundMessages.duplicateOf)),
  });
}

/** `<abc@example.com>` -> `abc@example.com`; blank -> null. */
function normaliseMessageId(value: string | null): string | null {
  const id = value?.trim().replace(/^<(.*)>$/, "$1").trim();
  return id ? capText(id, MAX_MESSAGE_ID_CHARS) : null;
}

/** A header as a person reads it: encoded words decoded, in any charset mail uses (charsets.ts). */
function decodedHeader(value: string | null): string | null {
  if (!value) return null;
  try {
    return decodeHeaderText(value).replace(/\s+/g, " ").trim();
  } catch {
    return value;
  }
}
