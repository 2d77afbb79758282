import type { Ctx } from "../context.ts";
import { isUniqueViolation } from "../db/client.ts";
import type { DeliveryStatus } from "../db/schema/index.ts";
import type { SendingEvent } from "../jobs/messages.ts";
import { reason, type Reason } from "../reasons/catalogue.ts";
import { recordBounce } from "./bounces.ts";
import {
  findDelivery,
  findDeliveryMessages,
  latestDeliveryMessage,
  reasonChanges,
  recordEvent,
  transition,
  type DeliveryEvent,
  type DeliveryMessageRow,
  type DeliveryRow,
} from "./deliveries.ts";

/**
 * Email Sending events: Cloudflare Email Service reports what became of each
 * message it sent (one per recipient) to a queue through an event
 * subscription on the sending domain. Email Service takes no envelope
 * sender but SENDER_ADDRESS and handles bounces itself, so this is how
 * production learns of them; a DSN at the bounce address (bounces.ts)
 * remains for mail servers that send one there, and for wrangler dev.
 *
 * Only the fields read here are required: a field or an event type added
 * later must not make an event unreadable.
 */

const EVENT_TYPE_PREFIX = "cf.email.sending.message.";
const KINDS = ["delivered", "deferred", "bounced", "failed", "rejected", "complained"];
/** The schema version these fields were read from (docs: Email Sending event subscriptions). */
const KNOWN_SCHEMA_VERSION = 1;


const REPORTED_BY = "Cloudflare Email Service";

/** Statuses a report of a failed send moves to `failed`; a bounced delivery stays bounced, as that asks more of the account. */
const FAILABLE: DeliveryStatus[] = ["queued", "sending", "sent", "failed"];

function log(msg: string, event: SendingEvent, extra: Record<string, unknown> = {}): void {
  const { type, payload, metadata } = event;
  console.log(JSON.stringify({ msg, type, eventId: payload.eventId, messageId: payload.messageId, schemaVersion: metadata.eventSchemaVersion, ...extra }));
}

/** The event's time, as our timestamps are written; none when it does not read as one. */
function timeOf(event: SendingEvent): string | undefined {
  const ms = Date.parse(event.metadata.eventTimestamp ?? "");
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The remote server's words when there are some, else the provider's. */
function smtpWords(event: SendingEvent): string | undefined {
  const { delivery, bounce } = event.payload;
  return delivery?.smtpResponse ?? bounce?.reason ?? delivery?.smtpEnhancedStatusCode ?? delivery?.smtpStatusCode;
}

/** The sent message the event concerns: the one to its recipient, when a provider gave one id to several. */
function pick(messages: DeliveryMessageRow[], recipient: string | undefined): DeliveryMessageRow | undefined {
  const wanted = recipient?.trim().toLowerCase();
  return messages.find((m) => m.recipient.toLowerCase() === wanted) ?? messages[0];
}

/**
 * Whether the event concerns the delivery's current send: the recipient is
 * one this send reached, by this very message. A retry (to the same or
 * corrected addresses) supersedes earlier messages, whose late reports then
 * only join the history.
 */
async function isCurrent(ctx: Ctx, delivery: DeliveryRow, sent: DeliveryMessageRow): Promise<boolean> {
  if (!delivery.sentTo.includes(sent.recipient)) return false;
  return (await latestDeliveryMessage(ctx, delivery, sent.recipient))?.id === sent.id;
}

/** A report that the send failed for a recipient: the delivery fails with why, unless it has moved on. */
async function failDelivery(ctx: Ctx, delivery: DeliveryRow, current: boolean, why: Reason, lastError: string, event: DeliveryEvent): Promise<void> {
  if (current && FAILABLE.includes(delivery.status)) {
    const moved = await transition(ctx, delivery, { from: FAILABLE, changes: { status: "failed", ...reasonChanges(why, lastError), leaseUntil: null }, event });
    if (moved) return;
  }
  await recordEvent(ctx, delivery, event);
}

/**
 * Records one Email Sending event on its delivery. Events are at least once
 * and in no promised order: each is recorded once (by its eventId), and a
 * report never undoes a bounce or failure (a `delivered` only joins the
 * history). What is not ours is ignored with a log line; a fault (D1) throws,
 * to be retried.
 */
export async function recordSendingEvent(ctx: Ctx, event: SendingEvent): Promise<void> {
  const kind = event.type.startsWith(EVENT_TYPE_PREFIX) ? event.type.slice(EVENT_TYPE_PREFIX.length) : event.type;
  if (!KINDS.includes(kind)) return log("an Email Sending event of a type this connector does not know, ignored", event);
  if (event.metadata.eventSchemaVersion !== KNOWN_SCHEMA_VERSION) log("an Email Sending event of another schema version, read as version 1", event);

  const sent = pick(await findDeliveryMessages(ctx, event.payload.messageId), event.payload.recipient);
  // Mail sent from the same domain by something else, or a delivery made before message ids were kept.
  if (!sent) return log("an Email Sending event for no message of this connector, ignored", event);
  const delivery = await findDelivery(ctx, sent.accountId, sent.deliveryId);
  if (!delivery) return log("an Email Sending event for a message whose delivery is gone, ignored", event);

  const current = await isCurrent(ctx, delivery, sent);
  const earlier = !current;
  const recipient = sent.recipient;
  const { payload } = event;
  const dedupeKey = `email-sending:${payload.eventId}`;
  const at = timeOf(event);
  const note = (type: DeliveryEvent["type"], message: Reason): DeliveryEvent => ({ type, message, dedupeKey, at });
  const words = smtpWords(event) ?? null;

  try {
    switch (kind) {
      case "delivered":
        await recordEvent(ctx, delivery, note("delivered", reason("EVENT_DELIVERED", { recipient, words, earlier })));
        return;
      case "deferred":
        await recordEvent(ctx, delivery, note("deferred", reason("EVENT_DEFERRED", { recipient, words, earlier })));
        return;
      case "complained":
        await recordEvent(ctx, delivery, note("complained", reason("EVENT_COMPLAINED", { recipient, type: payload.complaint?.type ?? null, earlier })));
        return;
      case "bounced": {
        const why = words ?? payload.bounce?.classification ?? "no reason given";
        if (!current) {
          await recordEvent(ctx, delivery, note("bounced", reason("EVENT_BOUNCED", { reasons: `${recipient}: ${why}`, reportedBy: REPORTED_BY, suppressed: false, earlier: true })));
          return;
        }
        const outcome = await recordBounce(ctx, delivery, { recipients: [{ recipient, why }], reportedBy: REPORTED_BY, reason: "BOUNCED", dedupeKey, at });
        if (outcome === "duplicate") log("an Email Sending event seen before, ignored", event);
        return;
      }
      case "rejected": {
        const { reason: rejectedFor, party, detail } = payload.rejection ?? {};
        const why = detail ?? rejectedFor ?? "rejected";
        if (rejectedFor === "suppressed" && current) {
          // The address bounced or complained before: the account must correct it, as for a bounce.
          await recordBounce(ctx, delivery, { recipients: [{ recipient, why }], reportedBy: REPORTED_BY, reason: "RECIPIENT_SUPPRESSED", dedupeKey, at });
          return;
        }
        const grounds = [rejectedFor, party && `${party} side`].filter(Boolean).join(", ");
        const lastError = `${recipient}: rejected by ${REPORTED_BY}${grounds ? ` (${grounds})` : ""}: ${why}`;
        const rejected = reason("REJECTED", { recipient, error: `${grounds ? `(${grounds}) ` : ""}${why}` });
        await failDelivery(ctx, delivery, current, rejected, lastError, note("failed", reason("EVENT_FAILED", { error: lastError, earlier })));
        return;
      }
      case "failed": {
        const failure = payload.failure?.reason ?? "no reason given";
        const lastError = `${recipient}: ${REPORTED_BY} could not deliver it (${failure})`;
        await failDelivery(ctx, delivery, current, reason("DELIVERY_FAILED", { recipient, error: failure }), lastError, note("failed", reason("EVENT_FAILED", { error: lastError, earlier })));
        return;
      }
    }
  } catch (error) {
    // The same event, delivered twice at once: its dedupe key let one through.
    if (isUniqueViolation(error)) return log("an Email Sending event seen before, ignored", event);
    throw error;
  }
}
