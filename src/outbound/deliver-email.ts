import { EmailMessage } from "cloudflare:email";
import { and, eq } from "drizzle-orm";
import { getAccount } from "../accounts/accounts.ts";
import { emailConnectorActive } from "../connectors/email-connector.ts";
import type { Ctx } from "../context.ts";
import { deliveries, deliveryMessages, partners, type StoredFile } from "../db/schema/index.ts";
import { newId, now } from "../ids.ts";
import { backoffSeconds, type JobResult } from "../jobs/result.ts";
import { getSalesInvoice } from "../sales-invoices/sales-invoices.ts";
import { composeInvoiceMail, safeAttachmentName, type MailAttachment } from "./compose.ts";
import { bareMessageId, findDelivery, transition, type DeliveryRow } from "./deliveries.ts";
import { MAX_MESSAGE_BYTES } from "./limits.ts";

/** First retry after 30 s, doubling: a rate limit clears within minutes. */
const RETRY_BASE_SECONDS = 30;
/** Never wait longer than an hour between attempts, so a passing fault costs at most that. */
const RETRY_MAX_SECONDS = 3600;
/**
 * How long a consumer may hold a delivery in `sending`. Sending to 50
 * recipients takes well under a minute; a consumer that died holding one
 * releases it after this, and a duplicate message waits for it meanwhile.
 */
const SEND_LEASE_SECONDS = 300;

/**
 * Cloudflare Email Service errors that waiting will not cure, with the
 * reason recorded on the delivery. Every other error (rate and daily limits,
 * E_INTERNAL_SERVER_ERROR, E_DELIVERY_FAILED, a fault without a code) is
 * retried with backoff.
 */
const PERMANENT_ERRORS: Record<string, string> = {
  E_SENDER_NOT_VERIFIED: "SENDER_NOT_VERIFIED",
  E_SENDER_DOMAIN_NOT_AVAILABLE: "SENDER_NOT_VERIFIED",
  E_RECIPIENT_NOT_ALLOWED: "RECIPIENT_NOT_ALLOWED",
  E_RECIPIENT_SUPPRESSED: "RECIPIENT_SUPPRESSED",
  E_CONTENT_TOO_LARGE: "MESSAGE_TOO_LARGE",
  E_TOO_MANY_RECIPIENTS: "TOO_MANY_RECIPIENTS",
  E_VALIDATION_ERROR: "MESSAGE_REFUSED",
  E_FIELD_MISSING: "MESSAGE_REFUSED",
  E_HEADER_NOT_ALLOWED: "MESSAGE_REFUSED",
  E_HEADER_USE_API_FIELD: "MESSAGE_REFUSED",
  E_HEADER_VALUE_INVALID: "MESSAGE_REFUSED",
  E_HEADER_VALUE_TOO_LONG: "MESSAGE_REFUSED",
  E_HEADER_NAME_INVALID: "MESSAGE_REFUSED",
  E_HEADERS_TOO_LARGE: "MESSAGE_REFUSED",
  E_HEADERS_TOO_MANY: "MESSAGE_REFUSED",
};

/** Seconds before attempt `attempt + 1`: 30, 60, 120, ... up to an hour; a spent daily quota waits the hour. */
function retryDelaySeconds(attempt: number, code?: string): number {
  return code === "E_DAILY_LIMIT_EXCEEDED" ? RETRY_MAX_SECONDS : backoffSeconds(attempt, RETRY_BASE_SECONDS, RETRY_MAX_SECONDS);
}

function describeError(error: unknown): { code: string | undefined; text: string } {
  const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return { code, text: code ? `${code}: ${message}` : message };
}

const secondsFromNow = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

async function fail(ctx: Ctx, delivery: DeliveryRow, reason: string, lastError: string): Promise<JobResult> {
  await transition(ctx, delivery, {
    from: ["sending"],
    changes: { status: "failed", reason, lastError, leaseUntil: null },
    event: { type: "failed", message: `Failed: ${lastError}` },
  });
}

async function readAttachment(ctx: Ctx, file: StoredFile, fallbackName: string): Promise<MailAttachment | null> {
  const object = await ctx.env.FILES.get(file.key);
  if (!object) return null;
  return { filename: safeAttachmentName(file.name, fallbackName), contentType: file.contentType, content: new Uint8Array(await object.arrayBuffer()) };
}

const SETTLED = { settled: true } as const;

/**
 * Takes the delivery for this consumer: `queued`, or `sending` under a lease
 * that ran out (its consumer died). Settled when there is nothing left to
 * send (a message delivered twice sends once); a retry while another
 * consumer holds it.
 */
async function claim(ctx: Ctx, accountId: string, deliveryId: string): Promise<DeliveryRow | typeof SETTLED | { retryAfterSeconds: number; reason: string }> {
  const delivery = await findDelivery(ctx, accountId, deliveryId);
  if (!delivery || delivery.channel !== "email") {
    console.error(JSON.stringify({ msg: "outbound message for no email delivery", accountId, deliveryId }));
    return SETTLED;
  }
  const held = { retryAfterSeconds: SEND_LEASE_SECONDS, reason: "another consumer is sending this delivery" };
  if (delivery.status === "sending" && delivery.leaseUntil && delivery.leaseUntil > now()) {
    return { ...held, retryAfterSeconds: Math.ceil((Date.parse(delivery.leaseUntil) - Date.now()) / 1000) };
  }
  if (delivery.status !== "queued" && delivery.status !== "sending") return SETTLED;
  const attempt = delivery.attempts + 1;
  const claimed = await transition(ctx, delivery, {
    from: [delivery.status],
    changes: { status: "sending", attempts: attempt, leaseUntil: secondsFromNow(SEND_LEASE_SECONDS) },
    event: { type: "sending", message: `Attempt ${attempt}: sending to ${delivery.recipients.join(", ")}.` },
  });
  return claimed ?? held;
}

/**
 * The sending stage: composes and sends one email delivery, recording every
 * step on it. Done when the delivery is settled (sent, failed, or not ours
 * to send); a later attempt, with backoff, when one can succeed. A job that
 * exhausts the queue's retries reaches giveUpDelivery.
 */
export async function deliverEmail(ctx: Ctx, accountId: string, deliveryId: string): Promise<JobResult> {
  const claimed = await claim(ctx, accountId, deliveryId);
  if ("settled" in claimed) return;
  if ("retryAfterSeconds" in claimed) return claimed;
  let delivery = claimed;
  if (!(await emailConnectorActive(ctx, accountId))) {
    return fail(ctx, delivery, "CONNECTOR_INACTIVE", "The email connector is not active: activate it (POST /v1/connectors/email), then retry the delivery.");
  }
  const [account, invoice, customer] = await Promise.all([
    getAccount(ctx, accountId),
    getSalesInvoice(ctx, accountId, delivery.salesInvoiceId),
    ctx.db.query.partners.findFirst({ where: and(eq(partners.id, delivery.partnerId), eq(partners.accountId, accountId)) }),
  ]);
  const attachments = await Promise.all([
    invoice.file ? readAttachment(ctx, invoice.file, `${invoice.number}.pdf`) : undefined,
    invoice.einvoice ? readAttachment(ctx, invoice.einvoice, `${invoice.number}.xml`) : undefined,
  ]);
  if (attachments.includes(null)) return fail(ctx, delivery, "FILE_MISSING", "A file of the invoice is missing from storage; upload the invoice again.");
  const mail = composeInvoiceMail({
    deliveryId: delivery.id,
    senderAddress: ctx.config.SENDER_ADDRESS,
    accountName: account.name,
    replyTo: account.contactEmail,
    recipients: delivery.recipients,
    language: customer?.language ?? account.language,
    invoice: { number: invoice.number, issueDate: invoice.issueDate, dueDate: invoice.dueDate, currency: invoice.currency, totalAmount: invoice.totalAmount },
    attachments: attachments.filter((a): a is MailAttachment => Boolean(a)),
  });
  if (mail.raw.length > MAX_MESSAGE_BYTES) {
    return fail(ctx, delivery, "MESSAGE_TOO_LARGE", `The mail weighs ${mail.raw.length} bytes; Cloudflare sends at most ${MAX_MESSAGE_BYTES}.`);
  }

  // The binding takes one envelope recipient per message: one send each, all
  // with the same To header and Message-ID. sentTo makes a retry skip those done.
  for (const recipient of delivery.recipients) {
    if (delivery.sentTo.includes(recipient)) continue;
    try {
      // The envelope sender must be the From address: Email Service refuses any other.
      const result = await ctx.env.SEND_EMAIL.send(new EmailMessage(ctx.config.SENDER_ADDRESS, recipient, mail.raw));
      const sentTo = [...delivery.sentTo, recipient];
      const messageId = delivery.messageId ?? result.messageId;
      const at = now();
      // Each recipient's message id, in the same transaction: Email Sending events find the delivery by it.
      await ctx.db.batch([
        ctx.db
          .update(deliveries)
          .set({ sentTo, messageId, updatedAt: at })
          .where(and(eq(deliveries.id, delivery.id), eq(deliveries.accountId, accountId))),
        ctx.db.insert(deliveryMessages).values({
          id: newId("deliveryMessage"),
          deliveryId: delivery.id,
          accountId,
          recipient,
          messageId: bareMessageId(result.messageId),
          sentAt: at,
        }),
      ]);
      delivery = { ...delivery, sentTo, messageId };
    } catch (error) {
      const { code, text } = describeError(error);
      const permanent = code ? PERMANENT_ERRORS[code] : undefined;
      if (permanent) return fail(ctx, delivery, permanent, `${recipient}: ${text}`);
      const delay = retryDelaySeconds(delivery.attempts, code);
      await transition(ctx, delivery, {
        from: ["sending"],
        changes: { status: "queued", lastError: `${recipient}: ${text}`, leaseUntil: null },
        event: { type: "retry_scheduled", message: `Attempt ${delivery.attempts} failed for ${recipient} (${text}); next attempt in ${delay} s.` },
      });
      return { retryAfterSeconds: delay, reason: text };
    }
  }
  await transition(ctx, delivery, {
    from: ["sending"],
    changes: { status: "sent", sentAt: now(), leaseUntil: null, lastError: null, reason: null },
    event: { type: "sent", message: `Sent to ${delivery.recipients.join(", ")} (Message-ID ${delivery.messageId}).` },
  });
}

/** What exhausted its retries is marked failed, with the last error, never left queued. */
export async function giveUpDelivery(ctx: Ctx, accountId: string, deliveryId: string): Promise<void> {
  const delivery = await findDelivery(ctx, accountId, deliveryId);
  if (!delivery || (delivery.status !== "queued" && delivery.status !== "sending")) return;
  const lastError = delivery.lastError ?? "no attempt got through";
  await transition(ctx, delivery, {
    from: ["queued", "sending"],
    changes: { status: "failed", reason: "RETRIES_EXHAUSTED", leaseUntil: null },
    event: { type: "failed", message: `Gave up after ${delivery.attempts} attempts; the last error was ${lastError}. Retry the delivery when the cause is fixed.` },
  });
}
