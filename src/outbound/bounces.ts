import { and, eq } from "drizzle-orm";
import { createContext, type Ctx } from "../context.ts";
import { isUniqueViolation } from "../db/client.ts";
import { deliveryEvents, inboxItems, partners, salesInvoices, type DeliveryStatus } from "../db/schema/index.ts";
import type { Config } from "../env.ts";
import { newId, now } from "../ids.ts";
import { isDeliveryStatusType, parseDeliveryStatus, type FailedRecipient } from "../mail/delivery-status.ts";
import { ParsedMail } from "../mail/parsed-mail.ts";
import { MAX_MAIL_BYTES } from "../limits.ts";
import { sha256Hex } from "../bytes.ts";
import { domainOf } from "./compose.ts";
import { reason, reasonColumns } from "../reasons/catalogue.ts";
import { findDeliveryById, reasonChanges, recordEvent, transition, type DeliveryRow } from "./deliveries.ts";

/**
 * Bounces. Cloudflare Email Service handles the bounces of what it sends and
 * reports them as Email Sending events (sending-events.ts); a delivery
 * status notification (RFC 3464, multipart/report with a
 * message/delivery-status part) that a mail server sends to
 * `bounces+<deliveryId>@<domain of SENDER_ADDRESS>` reaches the email()
 * handler here. Either way recordBounce marks the delivery bounced.
 */

const BOUNCE_LOCAL_PART = /^bounces\+(dlv_[0-9a-z]{26})$/i;

/** The delivery a bounce address names, or null when `rcptTo` is not one. Case-insensitive, as mail servers may change case. */
export function bounceDeliveryId(rcptTo: string, config: Pick<Config, "SENDER_ADDRESS">): string | null {
  const address = rcptTo.trim().replace(/^<(.*)>$/, "$1");
  const at = address.lastIndexOf("@");
  if (at <= 0 || address.slice(at + 1).toLowerCase().replace(/\.$/, "") !== domainOf(config.SENDER_ADDRESS)) return null;
  const match = BOUNCE_LOCAL_PART.exec(address.slice(0, at));
  return match ? `dlv_${match[1]!.slice(4).toUpperCase()}` : null;
}

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
  const reasons = bounce.recipients.map((r) => `${r.recipient}: ${r.why}`).join("; ");
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
  const lastError = delivery.status === "bounced" && delivery.lastError ? `${delivery.lastError}; ${reasons}` : reasons;
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

/**
 * The email() entry point for bounce addresses. What is not a delivery
 * status notification (an out-of-office reply to the envelope sender, a
 * human) is dropped with a log line; a report for no delivery of ours is
 * refused. A report is recorded once however often it arrives.
 */
export async function receiveBounce(message: ForwardableEmailMessage, env: Env): Promise<void> {
  const ctx = createContext(env);
  const deliveryId = bounceDeliveryId(message.to, ctx.config)!;
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
  await recordBounce(ctx, delivery, { recipients: report.failed.map(bouncedRecipient), reportedBy: report.reportingMta, reason: "BOUNCED", dedupeKey: await sha256Hex(raw) });
}
