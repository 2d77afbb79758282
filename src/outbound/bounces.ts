import { and, eq } from "drizzle-orm";
import { createContext, type Ctx } from "../context.ts";
import { isUniqueViolation } from "../db/client.ts";
import { deliveryEvents, deliveryMessages, inboxItems, partners, salesInvoices, type DeliveryStatus } from "../db/schema/index.ts";
import { newId, now } from "../ids.ts";
import { isDeliveryStatusType, parseDeliveryStatus, type FailedRecipient } from "../mail/delivery-status.ts";
import { ParsedMail } from "../mail/parsed-mail.ts";
import { MAX_MAIL_BYTES } from "../limits.ts";
import { sha256Hex } from "../bytes.ts";
import { capText } from "../text.ts";
import { MAX_BOUNCE_DIAGNOSTIC_CHARS, MAX_LAST_ERROR_CHARS, MAX_RECIPIENTS_PER_MESSAGE } from "./limits.ts";
import { bounceAddressParts, isOurBounceTag, messageIdFor } from "./signatures.ts";
import { reason, reasonColumns } from "../reasons/catalogue.ts";
import { bareMessageId, findDeliveryById, reasonChanges, recordEvent, transition, type DeliveryRow } from "./deliveries.ts";

/**
 * Bounces. Cloudflare Email Service handles the bounces of what it sends and
 * reports them as Email Sending events (sending-events.ts); a delivery
 * status notification (RFC 3464, multipart/report with a
 * message/delivery-status part) that a mail server sends to a delivery's
 * bounce address (signatures.ts) reaches the email() handler here. Either
 * way recordBounce marks the delivery bounced.
 *
 * A report by mail changes a delivery only when it proves itself: it came
 * to the signed bounce address of that delivery, it names a recipient the
 * delivery addressed, and it refers to the message that was sent (its
 * Message-ID in the returned message or headers, or in In-Reply-To or
 * References). Anything less is kept in the delivery's history as an
 * unverified report, and changes nothing.
 */

/** A recipient the mail did not reach, and why, in the remote server's or the provider's words. */
export interface BouncedRecipient {
  recipient: string;
  why: string;
}

/**
 * A bounce, from either path that reports one: a delivery status
 * notification at the bounce address, or an Email Sending event.
 */
export interface Bounce {
  recipients: BouncedRecipient[];
  /** Who reported it (a reporting MTA, Cloudflare Email Service), for the history. */
  reportedBy: string | null;
  /**
   * BOUNCED: a server refused the address. RECIPIENT_SUPPRESSED: the
   * provider did not try it, as mail to it bounced or was reported as spam
   * before; the remedy is the same, a corrected address.
   */
  reason: "BOUNCED" | "RECIPIENT_SUPPRESSED";
  /** The same bounce reported twice is recorded once. */
  dedupeKey: string;
  /** When it happened, when the report says so. */
  at?: string;
}

/** A bounce can follow any send attempt, and a second one can follow the first; not a delivery never sent or handed over. */
const BOUNCEABLE: DeliveryStatus[] = ["queued", "sending", "sent", "failed", "bounced"];

export type BounceOutcome = "recorded" | "duplicate" | "not_bounceable";

/**
 * Marks an email delivery bounced with why, and puts a `delivery_bounced`
 * item in the account's inbox, so the account learns that the customer's
 * address is wrong. A second bounce of the same send (another recipient)
 * adds its reason to the first.
 */
export async function recordBounce(ctx: Ctx, delivery: DeliveryRow, bounce: Bounce): Promise<BounceOutcome> {
  const seen = await ctx.db.query.deliveryEvents.findFirst({
    columns: { id: true },
    where: and(eq(deliveryEvents.deliveryId, delivery.id), eq(deliveryEvents.dedupeKey, bounce.dedupeKey)),
  });
  if (seen) return "duplicate";
  const reasons = bounce.recipients.map((r) => `${r.recipient}: ${capText(r.why, MAX_BOUNCE_DIAGNOSTIC_CHARS)}`).join("; ");
  if (!BOUNCEABLE.includes(delivery.status)) {
    // Blocked or handed over since: the report stays in the history, the status it has now stands.
    const message = reason("EVENT_BOUNCED_EARLIER_SEND", { reasons, reportedBy: bounce.reportedBy });
    const recorded = await recordEvent(ctx, delivery, { type: "bounced", message, dedupeKey: bounce.dedupeKey, at: bounce.at });
    return recorded ? "not_bounceable" : "duplicate";
  }
  const [invoice, customer] = await Promise.all([
    ctx.db.query.salesInvoices.findFirst({ columns: { number: true }, where: eq(salesInvoices.id, delivery.salesInvoiceId) }),
    ctx.db.query.partners.findFirst({ columns: { name: true }, where: eq(partners.id, delivery.partnerId) }),
  ]);
  const undelivered = { invoice: invoice?.number ?? delivery.salesInvoiceId, customer: customer?.name ?? delivery.partnerId, deliveryId: delivery.id, reasons };
  const suppressed = bounce.reason === "RECIPIENT_SUPPRESSED";
  const item = suppressed ? reason("RECIPIENT_SUPPRESSED", undelivered) : reason("DELIVERY_BOUNCED", undelivered);
  const lastError = capText(delivery.status === "bounced" && delivery.lastError ? `${delivery.lastError}; ${reasons}` : reasons, MAX_LAST_ERROR_CHARS);
  const why = suppressed ? item : reason("BOUNCED", { reasons: lastError });
  try {
    await transition(ctx, delivery, {
      from: BOUNCEABLE,
      changes: { status: "bounced", ...reasonChanges(why, lastError) },
      event: { type: "bounced", message: reason("EVENT_BOUNCED", { reasons, reportedBy: bounce.reportedBy, suppressed, earlier: false }), dedupeKey: bounce.dedupeKey, at: bounce.at },
      // In the same transaction as the event, whose dedupe key makes a second copy of the report fail whole.
      alsoWrite: [
        ctx.db.insert(inboxItems).values({
          id: newId("inboxItem"),
          accountId: delivery.accountId,
          createdAt: now(),
          kind: "delivery_bounced",
          ...reasonColumns(item),
          deliveryId: delivery.id,
        }),
      ],
    });
  } catch (error) {
    // The same report, delivered twice at once: the dedupe index let one through.
    if (isUniqueViolation(error)) return "duplicate";
    throw error;
  }
  return "recorded";
}

/** Why a recipient bounced, in one line a person can act on. */
function bouncedRecipient(failure: FailedRecipient): BouncedRecipient {
  return { recipient: failure.recipient, why: failure.diagnostic ?? (failure.status ? `status ${failure.status}` : "no reason given") };
}

/** Which bounce address a recipient is, for the email() entry point; null when it is none. */
export const isBounceAddress = (rcptTo: string, config: Parameters<typeof bounceAddressParts>[1]) => bounceAddressParts(rcptTo, config) !== null;

/** Part types that return the undelivered message, or its headers, to its sender. */
const RETURNED_TYPES = ["message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers"];

/** The Message-IDs a report refers to: of the returned message or headers, of the report's own In-Reply-To and References. */
async function referencedMessageIds(mail: ParsedMail): Promise<Set<string>> {
  const ids = new Set<string>();
  const add = (value: string | null | undefined) => {
    for (const id of value?.match(/<[^<>\s]+>/g) ?? []) ids.add(bareMessageId(id).toLowerCase());
  };
  add(mail.email.inReplyTo);
  add(mail.email.references);
  for (const part of mail.email.attachments.filter((a) => RETURNED_TYPES.includes(a.mimeType.toLowerCase()))) {
    const text = new TextDecoder().decode((await mail.bytesOf(part.content)).subarray(0, MAX_RETURNED_HEADER_BYTES));
    const head = text.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, " ");
    add(/^(?:message-id|x-original-message-id):(.*)$/im.exec(head)?.[1]);
  }
  return ids;
}

/** The returned message's headers are read from its start only: they are what names it. */
const MAX_RETURNED_HEADER_BYTES = 64 * 1024;

type Proof = { verified: true; recipients: FailedRecipient[] } | { verified: false; why: "recipient" | "reference" };

/** Whether a report is about this delivery: a recipient it addressed, and the message it sent. */
async function proof(ctx: Ctx, delivery: DeliveryRow, mail: ParsedMail, failed: FailedRecipient[]): Promise<Proof> {
  const sent = await ctx.db.query.deliveryMessages.findMany({ columns: { recipient: true, messageId: true }, where: eq(deliveryMessages.deliveryId, delivery.id) });
  const addressed = new Set([...delivery.recipients, ...delivery.sentTo, ...sent.map((m) => m.recipient)].map((r) => r.toLowerCase()));
  const recipients = failed.filter((f) => addressed.has(f.recipient.toLowerCase()));
  if (recipients.length === 0) return { verified: false, why: "recipient" };
  const ours = new Set([bareMessageId(await messageIdFor(delivery.id, ctx.config)), ...sent.map((m) => m.messageId)].map((id) => id.toLowerCase()));
  const referenced = await referencedMessageIds(mail);
  return [...referenced].some((id) => ours.has(id)) ? { verified: true, recipients } : { verified: false, why: "reference" };
}

/**
 * The email() entry point for bounce addresses. An address whose signature
 * is not ours is refused, as is a report for no delivery of ours. What is not
 * a delivery status notification (an out-of-office reply, a human) is dropped
 * with a log line. A report that does not prove it is about the delivery's
 * message joins its history as unverified. A report is recorded once however
 * often it arrives.
 */
export async function receiveBounce(message: ForwardableEmailMessage, env: Env): Promise<void> {
  const ctx = createContext(env);
  const parts = bounceAddressParts(message.to, ctx.config)!;
  if (!(await isOurBounceTag(parts, ctx.config))) {
    console.warn(JSON.stringify({ msg: "mail to a bounce address with a forged or old signature, refused", to: message.to, from: message.from }));
    message.setReject(`${message.to} is not an address of this connector.`);
    return;
  }
  const { deliveryId } = parts;
  if (message.rawSize > MAX_MAIL_BYTES) {
    message.setReject(`The message is ${message.rawSize} bytes; bounce addresses accept at most ${MAX_MAIL_BYTES} bytes.`);
    return;
  }
  const raw = new Uint8Array(await new Response(message.raw).arrayBuffer());
  let mail: ParsedMail;
  try {
    mail = await ParsedMail.parse(raw);
  } catch (error) {
    // Throwing would make the sender retry a mail that can never be read; refusing it would bounce a bounce.
    console.warn(JSON.stringify({ msg: "unreadable mail to a bounce address, dropped", deliveryId, from: message.from, error: String(error) }));
    return;
  }
  const parsed = mail.email;
  const part = parsed.attachments.find((a) => isDeliveryStatusType(a.mimeType));
  const report = part && parseDeliveryStatus(new TextDecoder().decode(await mail.bytesOf(part.content)));
  if (!report || report.failed.length === 0) {
    console.log(JSON.stringify({ msg: "mail to a bounce address that reports no failure, ignored", deliveryId, from: message.from, subject: parsed.subject ?? null }));
    return;
  }
  const delivery = await findDeliveryById(ctx, deliveryId);
  if (!delivery || delivery.channel !== "email") {
    message.setReject(`${message.to} does not belong to a delivery of this connector.`);
    return;
  }
  const dedupeKey = await sha256Hex(raw);
  const checked = await proof(ctx, delivery, mail, report.failed);
  if (!checked.verified) {
    const reasons = report.failed
      .slice(0, MAX_RECIPIENTS_PER_MESSAGE)
      .map((f) => `${capText(f.recipient, MAX_BOUNCE_DIAGNOSTIC_CHARS)}: ${capText(bouncedRecipient(f).why, MAX_BOUNCE_DIAGNOSTIC_CHARS)}`)
      .join("; ");
    const event = reason("EVENT_UNVERIFIED_REPORT", { why: checked.why, reportedBy: report.reportingMta && capText(report.reportingMta, MAX_BOUNCE_DIAGNOSTIC_CHARS), reasons: capText(reasons, MAX_LAST_ERROR_CHARS) });
    await recordEvent(ctx, delivery, { type: "unverified_report", message: event, dedupeKey });
    console.warn(JSON.stringify({ msg: "a report that does not prove it is about the delivery's message, kept as unverified", deliveryId, why: checked.why, from: message.from }));
    return;
  }
  await recordBounce(ctx, delivery, { recipients: checked.recipients.map(bouncedRecipient), reportedBy: report.reportingMta, reason: "BOUNCED", dedupeKey });
}
