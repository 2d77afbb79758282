import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, id, reasonParams, timestamp } from "../columns.ts";
import { accountColumn } from "./accounts.ts";
import { channels } from "./delivery-channels.ts";
import { partners } from "./partners.ts";
import { salesInvoices } from "./sales-invoices.ts";

export const deliveryStatuses = ["queued", "sending", "sent", "failed", "bounced", "blocked", "handed_over"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** One sales invoice on its way to one customer through one channel. */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: id(),
    accountId: accountColumn(),
    salesInvoiceId: text("sales_invoice_id")
      .notNull()
      .references(() => salesInvoices.id),
    partnerId: text("partner_id")
      .notNull()
      .references(() => partners.id),
    channel: text("channel", { enum: channels }).notNull(),
    /** Email: the addresses, fixed when the delivery was made (a later profile change does not redirect it). */
    recipients: text("recipients", { mode: "json" }).$type<string[]>().notNull(),
    /** Peppol: the participant id. */
    participantId: text("participant_id"),
    status: text("status", { enum: deliveryStatuses }).notNull(),
    /** Why it is blocked, failed or bounced, as a stable code (CONNECTOR_INACTIVE, MESSAGE_TOO_LARGE, ...). */
    reason: text("reason"),
    reasonParams: reasonParams("reason_params"),
    /** Send attempts so far. */
    attempts: integer("attempts").notNull(),
    /** The last error, in words. */
    lastError: text("last_error"),
    /** The id the provider gave the first message sent; every recipient's is in delivery_messages. */
    messageId: text("message_id"),
    /**
     * Recipients the current attempt already sent to: the binding takes one
     * envelope recipient per message, and a retry must not send twice.
     */
    sentTo: text("sent_to", { mode: "json" }).$type<string[]>().notNull(),
    /**
     * The recipient being sent to right now, claimed before SEND_EMAIL.send
     * and cleared when the send is recorded in sentTo (or failed). Still set
     * on the next attempt, the send's fate is unknown: the mail may have left
     * (src/outbound/deliver-email.ts does not send it again; docs/reliability.md).
     */
    sendingTo: text("sending_to"),
    /** While `sending`: until when the consumer that claimed it may work on it. */
    leaseUntil: timestamp("lease_until"),
    sentAt: timestamp("sent_at"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [
    index("deliveries_account_status").on(t.accountId, t.status, t.id),
    index("deliveries_sales_invoice").on(t.salesInvoiceId),
    index("deliveries_partner").on(t.partnerId),
  ],
);

export const deliveryEventTypes = [
  "queued",
  "blocked",
  "handed_over",
  "sending",
  "sent",
  "retry_scheduled",
  "failed",
  "bounced",
  "retry_requested",
  // A send whose outcome could not be recorded: not sent again, so that no one gets the invoice twice.
  "send_unconfirmed",
  // Reported by Cloudflare Email Service after the send, per recipient (src/outbound/sending-events.ts).
  "delivered",
  "deferred",
  "complained",
  // A report by mail that did not prove it is about this delivery's message (src/outbound/bounces.ts): it changes nothing.
  "unverified_report",
] as const;
export type DeliveryEventType = (typeof deliveryEventTypes)[number];

/** Every change of a delivery, in order: the answer to "what happened to my invoice?". */
export const deliveryEvents = sqliteTable(
  "delivery_events",
  {
    id: id(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => deliveries.id),
    accountId: accountColumn(),
    at: timestamp("at").notNull(),
    type: text("type", { enum: deliveryEventTypes }).notNull(),
    /** The delivery's status after the event. */
    status: text("status", { enum: deliveryStatuses }).notNull(),
    /** What happened, as a code of the catalogue (src/reasons/events.ts) and its parameters. */
    messageCode: text("message_code"),
    messageParams: reasonParams("message_params"),
    /** The same as an English sentence, for logs and rows written before the catalogue. */
    message: text("message").notNull(),
    /** Set for events that arrive from outside (a bounce), so one delivered twice is recorded once. */
    dedupeKey: text("dedupe_key"),
  },
  (t) => [index("delivery_events_delivery").on(t.deliveryId, t.id), uniqueIndex("delivery_events_dedupe").on(t.deliveryId, t.dedupeKey)],
);

/**
 * Each message sent for an email delivery: the binding takes one recipient
 * per message and returns an id for each, which Email Sending events name.
 * Kept across retries, so that a late event for an earlier send still finds
 * its delivery (and is known to be about an earlier send).
 */
export const deliveryMessages = sqliteTable(
  "delivery_messages",
  {
    id: id(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => deliveries.id),
    accountId: accountColumn(),
    recipient: text("recipient").notNull(),
    /** As the provider returned it, without angle brackets (events carry it without). */
    messageId: text("message_id").notNull(),
    sentAt: timestamp("sent_at").notNull(),
  },
  (t) => [index("delivery_messages_message_id").on(t.messageId), index("delivery_messages_delivery").on(t.deliveryId, t.recipient, t.id)],
);
