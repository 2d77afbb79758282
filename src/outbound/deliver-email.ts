import { EmailMessage } from "cloudflare:email";
import { and, eq } from "drizzle-orm";
import { getAccount } from "../accounts/accounts.ts";
import { emailConnectorActive } from "../connectors/email-connector.ts";
import type { Ctx } from "../context.ts";
import { deliveries, deliveryEvents, deliveryMessages, partners, type StoredFile } from "../db/schema/index.ts";
import { newId, now } from "../ids.ts";
import { backoffSeconds, type JobResult } from "../jobs/result.ts";
import { getSalesInvoice } from "../sales-invoices/sales-invoices.ts";
import { composeInvoiceMail, safeAttachmentName, type MailAttachment } from "./compose.ts";
import { messageIdFor } from "./signatures.ts";
import { englishReason, reason, type Reason } from "../reasons/catalogue.ts";
import { bareMessageId, eventRow, findDelivery, reasonChanges, transition, type DeliveryEvent, type DeliveryRow } from "./deliveries.ts";
import { MAX_MESSAGE_BYTES, MAX_RECIPIENTS_PER_MESSAGE, SEND_LEASE_SECONDS, SEND_RETRY_FIRST_DELAY_SECONDS, SEND_RETRY_MAX_DELAY_SECONDS } from "./limits.ts";


/**
 * Cloudflare Email Service errors that waiting will not cure, with the
 * reason recorded on the delivery. Every other error (rate and daily limits,
 * E_INTERNAL_SERVER_ERROR, E_DELIVERY_FAILED, a fault without a code) is
 * retried with backoff.
 */
const PERMANENT_ERRORS: Record<string, "SENDER_NOT_VERIFIED" | "RECIPIENT_NOT_ALLOWED" | "RECIPIENT_SUPPRESSED" | "MESSAGE_TOO_LARGE" | "TOO_MANY_RECIPIENTS" | "MESSAGE_REFUSED"> = {
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
  return code === "E_DAILY_LIMIT_EXCEEDED" ? SEND_RETRY_MAX_DELAY_SECONDS : backoffSeconds(attempt, SEND_RETRY_FIRST_DELAY_SECONDS, SEND_RETRY_MAX_DELAY_SECONDS);
}

function describeError(error: unknown): { code: string | undefined; text: string } {
  const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return { code, text: code ? `${code}: ${message}` : message };
}

/** The reason of a permanent refusal by Cloudflare Email Service, with what its message names. */
function permanentReason(
  code: (typeof PERMANENT_ERRORS)[string],
  facts: { recipient: string; text: string; delivery: DeliveryRow; invoice: string; customer: string; bytes: number },
): Reason {
  const { recipient, text } = facts;
  switch (code) {
    case "RECIPIENT_SUPPRESSED":
      return reason(code, { invoice: facts.invoice, customer: facts.customer, deliveryId: facts.delivery.id, reasons: `${recipient}: ${text}` });
    case "MESSAGE_TOO_LARGE":
      return reason(code, { bytes: facts.bytes, maxBytes: MAX_MESSAGE_BYTES });
    case "TOO_MANY_RECIPIENTS":
      return reason(code, { count: facts.delivery.recipients.length, max: MAX_RECIPIENTS_PER_MESSAGE });
    default:
      return reason(code, { recipient, error: text });
  }
}

const secondsFromNow = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

async function fail(ctx: Ctx, delivery: DeliveryRow, why: Reason, lastError = englishReason(why)): Promise<JobResult> {
  await transition(ctx, delivery, {
    from: ["sending"],
    changes: { status: "failed", ...reasonChanges(why, lastError), leaseUntil: null, sendingTo: null },
    event: { type: "failed", message: reason("EVENT_FAILED", { error: lastError, earlier: false }) },
  });
}

async function readAttachment(ctx: Ctx, file: StoredFile, fallbackName: string): Promise<MailAttachment | null> {
  const object = await ctx.env.FILES.get(file.key);
  if (!object) return null;
  return { filename: safeAttachmentName(file.name, fallbackName), contentType: file.contentType, content: new Uint8Array(await object.arrayBuffer()) };
}

const SETTLED = { settled: true } as const;

/** The first recipient this send has not reached yet: the one to claim before its send. */
function nextRecipient(delivery: Pick<DeliveryRow, "recipients">, sentTo: string[]): string | null {
  return delivery.recipients.find((recipient) => !sentTo.includes(recipient)) ?? null;
}

/**
 * Claims `recipient` for the send about to be made, while this attempt
 * still holds the delivery (status and lease unchanged). False when another
 * consumer took it over meanwhile: this one must not send.
 */
async function claimRecipient(ctx: Ctx, delivery: DeliveryRow, recipient: string): Promise<boolean> {
  const claimed = await ctx.db
    .update(deliveries)
    .set({ sendingTo: recipient })
    .where(holding(delivery))
    .returning({ id: deliveries.id });
  return claimed.length > 0;
}

/** The delivery, as long as this attempt holds it. */
const holding = (delivery: DeliveryRow) =>
  and(eq(deliveries.id, delivery.id), eq(deliveries.accountId, delivery.accountId), eq(deliveries.status, "sending"), eq(deliveries.leaseUntil, delivery.leaseUntil!));

/**
 * Each send is claimed just before it is made (`sendingTo`): the first by
 * claimRecipient, every next one in the write that records the one before. A claim still there when the
 * delivery is claimed again belongs to an attempt that ended before it
 * recorded its send (it died, or D1 failed after SEND_EMAIL.send): the mail
 * may have left. It counts as sent and is not sent again, and the history
 * says so, so that a person can retry the delivery if the customer did not
 * get it. Better a mail the user is told about than a customer mailed twice.
 */
function unconfirmedSend(delivery: DeliveryRow): { sentTo: string[]; event: DeliveryEvent | null } {
  const recipient = delivery.sendingTo;
  if (!recipient || delivery.sentTo.includes(recipient)) return { sentTo: delivery.sentTo, event: null };
  console.warn(JSON.stringify({ msg: "a send whose outcome was not recorded counts as sent", deliveryId: delivery.id, recipient }));
  return { sentTo: [...delivery.sentTo, recipient], event: { type: "send_unconfirmed", message: reason("EVENT_SEND_UNCONFIRMED", { recipient }) } };
}

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
  const unconfirmed = unconfirmedSend(delivery);
  const claimed = await transition(ctx, delivery, {
    from: [delivery.status],
    changes: {
      status: "sending",
      attempts: attempt,
      leaseUntil: secondsFromNow(SEND_LEASE_SECONDS),
      sentTo: unconfirmed.sentTo,
      sendingTo: null,
    },
    event: { type: "sending", message: reason("EVENT_SENDING", { attempt, recipients: delivery.recipients }) },
    alsoWrite: unconfirmed.event ? [ctx.db.insert(deliveryEvents).values(eventRow(delivery, "sending", unconfirmed.event))] : [],
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
    return fail(ctx, delivery, reason("CONNECTOR_INACTIVE"));
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
  if (attachments.includes(null)) return fail(ctx, delivery, reason("FILE_MISSING"));
  const mail = composeInvoiceMail({
    messageId: await messageIdFor(delivery.id, ctx.config),
    senderAddress: ctx.config.SENDER_ADDRESS,
    accountName: account.name,
    replyTo: account.contactEmail,
    recipients: delivery.recipients,
    language: customer?.language ?? account.language,
    invoice: { number: invoice.number, issueDate: invoice.issueDate, dueDate: invoice.dueDate, currency: invoice.currency, totalAmount: invoice.totalAmount },
    attachments: attachments.filter((a): a is MailAttachment => Boolean(a)),
  });
  if (mail.raw.length > MAX_MESSAGE_BYTES) {
    return fail(ctx, delivery, reason("MESSAGE_TOO_LARGE", { bytes: mail.raw.length, maxBytes: MAX_MESSAGE_BYTES }));
  }

  const first = nextRecipient(delivery, delivery.sentTo);
  if (first && !(await claimRecipient(ctx, delivery, first))) return { retryAfterSeconds: SEND_LEASE_SECONDS, reason: "another consumer took this delivery over" };
  // The binding takes one envelope recipient per message: one send each, all
  // with the same To header and Message-ID. sentTo makes a retry skip those done.
  for (const recipient of delivery.recipients) {
    if (delivery.sentTo.includes(recipient)) continue;
    // Claimed (sendingTo) before the send: should this attempt end before it records the send,
    // the next one does not send again (at most once: unconfirmedSend, docs/reliability.md).
    let result: EmailSendResult;
    try {
      // The envelope sender must be the From address: Email Service refuses any other.
      result = await ctx.env.SEND_EMAIL.send(new EmailMessage(ctx.config.SENDER_ADDRESS, recipient, mail.raw));
    } catch (error) {
      const { code, text } = describeError(error);
      const permanent = code ? PERMANENT_ERRORS[code] : undefined;
      if (permanent) return fail(ctx, delivery, permanentReason(permanent, { recipient, text, delivery, invoice: invoice.number, customer: customer?.name ?? delivery.partnerId, bytes: mail.raw.length }), `${recipient}: ${text}`);
      const delay = retryDelaySeconds(delivery.attempts, code);
      await transition(ctx, delivery, {
        from: ["sending"],
        changes: { status: "queued", lastError: `${recipient}: ${text}`, leaseUntil: null, sendingTo: null },
        event: { type: "retry_scheduled", message: reason("EVENT_RETRY_SCHEDULED", { attempt: delivery.attempts, recipient, error: text, delaySeconds: delay }) },
      });
      return { retryAfterSeconds: delay, reason: text };
    }
    // A fault from here on is not the send's: it throws (the queue retries), and the claim keeps the retry from sending again.
    const sentTo = [...delivery.sentTo, recipient];
    const sendingTo = nextRecipient(delivery, sentTo);
    const messageId = delivery.messageId ?? result.messageId;
    const at = now();
    // Each recipient's message id, in the same transaction: Email Sending events find the delivery by it.
    // The next recipient is claimed with it, while this attempt still holds its lease.
    const [recorded] = await ctx.db.batch([
      ctx.db
        .update(deliveries)
        .set({ messageId, sentTo, sendingTo, updatedAt: at })
        .where(holding(delivery))
        .returning({ id: deliveries.id }),
      ctx.db.insert(deliveryMessages).values({
        id: newId("deliveryMessage"),
        deliveryId: delivery.id,
        accountId,
        recipient,
        messageId: bareMessageId(result.messageId),
        sentAt: at,
      }),
    ]);
    // Another consumer took the delivery over when this one's lease ran out: it goes on from the claim.
    if (recorded.length === 0) return { retryAfterSeconds: SEND_LEASE_SECONDS, reason: "another consumer took this delivery over" };
    delivery = { ...delivery, sentTo, messageId, sendingTo };
  }
  await transition(ctx, delivery, {
    from: ["sending"],
    changes: { status: "sent", sentAt: now(), leaseUntil: null, lastError: null, reason: null, reasonParams: null },
    event: { type: "sent", message: reason("EVENT_SENT", { recipients: delivery.recipients, messageId: delivery.messageId }) },
  });
}

/** What exhausted its retries is marked failed, with the last error, never left queued. */
export async function giveUpDelivery(ctx: Ctx, accountId: string, deliveryId: string): Promise<void> {
  const delivery = await findDelivery(ctx, accountId, deliveryId);
  if (!delivery || (delivery.status !== "queued" && delivery.status !== "sending")) return;
  const lastError = delivery.lastError ?? "no attempt got through";
  const gaveUp = { attempts: delivery.attempts, lastError };
  await transition(ctx, delivery, {
    from: ["queued", "sending"],
    changes: { status: "failed", ...reasonChanges(reason("RETRIES_EXHAUSTED", gaveUp), delivery.lastError ?? undefined), leaseUntil: null },
    event: { type: "failed", message: reason("EVENT_GAVE_UP", gaveUp) },
  });
}
