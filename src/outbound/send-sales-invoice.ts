import type { Account } from "../accounts/accounts.ts";
import { emailConnectorActive } from "../connectors/email-connector.ts";
import type { Ctx } from "../context.ts";
import { deliveries, deliveryEvents, type DeliveryStatus } from "../db/schema/index.ts";
import { AppError, unprocessable } from "../errors.ts";
import { newId, now } from "../ids.ts";
import { channelRowsOf, emailChannelOf, peppolChannelOf } from "../partners/delivery-channels.ts";
import { getLivePartner, saveEmailRecipients } from "../partners/partners.ts";
import { getSalesInvoice, type SalesInvoiceRow } from "../sales-invoices/sales-invoices.ts";
import { reason, type Reason } from "../reasons/catalogue.ts";
import { eventRow, getDelivery, reasonChanges, requireDelivery, transition, type Delivery, type DeliveryEvent, type DeliveryRow } from "./deliveries.ts";
import { estimatedMessageBytes, MAX_MESSAGE_BYTES, MAX_RECIPIENTS_PER_MESSAGE } from "./limits.ts";
import { enqueueEmailDelivery, handOverToPeppol } from "../jobs/enqueue.ts";
import { enforceRateLimit } from "../rate-limits.ts";

/** Why a delivery cannot go out. */
type Block = Reason;

/**
 * Why an email delivery cannot go out, decided before anything is queued:
 * the connector is off, or the message would break Cloudflare's limits.
 */
async function emailBlock(ctx: Ctx, accountId: string, recipients: string[], invoice: SalesInvoiceRow): Promise<Block | null> {
  if (!(await emailConnectorActive(ctx, accountId))) {
    return reason("CONNECTOR_INACTIVE");
  }
  if (recipients.length === 0) return reason("NO_RECIPIENTS");
  if (recipients.length > MAX_RECIPIENTS_PER_MESSAGE) return reason("TOO_MANY_RECIPIENTS", { count: recipients.length, max: MAX_RECIPIENTS_PER_MESSAGE });
  const bytes = estimatedMessageBytes([invoice.file?.size ?? 0, invoice.einvoice?.size ?? 0].filter((size) => size > 0));
  if (bytes > MAX_MESSAGE_BYTES) return reason("MESSAGE_TOO_LARGE", { bytes, maxBytes: MAX_MESSAGE_BYTES });
  return null;
}

function peppolBlock(ctx: Ctx, participantId: string | null): Block | null {
  if (!ctx.env.PEPPOL_QUEUE) return reason("PEPPOL_UNAVAILABLE");
  if (!participantId) return reason("NO_PARTICIPANT_ID");
  return null;
}

function newDelivery(invoice: SalesInvoiceRow, channel: DeliveryRow["channel"], fields: Pick<DeliveryRow, "recipients" | "participantId">, block: Block | null): DeliveryRow {
  const timestamp = now();
  return {
    id: newId("delivery"),
    accountId: invoice.accountId,
    salesInvoiceId: invoice.id,
    partnerId: invoice.customerId,
    channel,
    ...fields,
    status: block ? "blocked" : "queued",
    ...(block ? reasonChanges(block) : { reason: null, reasonParams: null, lastError: null }),
    attempts: 0,
    messageId: null,
    sentTo: [],
    sendingTo: null,
    leaseUntil: null,
    sentAt: null,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

function firstEvent(delivery: DeliveryRow): DeliveryEvent {
  if (delivery.status === "blocked") {
    return { type: "blocked", message: reason("EVENT_BLOCKED", { cause: { code: delivery.reason!, params: delivery.reasonParams ?? {} }, retry: false }) };
  }
  return delivery.channel === "email"
    ? { type: "queued", message: reason("EVENT_QUEUED_EMAIL", { recipients: delivery.recipients }) }
    : { type: "queued", message: reason("EVENT_QUEUED_PEPPOL", { participantId: delivery.participantId! }) };
}

/**
 * Puts queued deliveries on their way: email ones on OUTBOUND_QUEUE, Peppol
 * ones to the Peppol connector. A queue that refuses leaves the delivery
 * `failed` with the reason, so it can be retried; nothing stays queued for ever.
 */
async function dispatch(ctx: Ctx, delivery: DeliveryRow): Promise<DeliveryRow> {
  if (delivery.status !== "queued") return delivery;
  try {
    if (delivery.channel === "email") {
      await enqueueEmailDelivery(ctx.env, delivery);
      return delivery;
    }
    await handOverToPeppol(ctx.env.PEPPOL_QUEUE!, {
      type: "sales_invoice_delivery",
      accountId: delivery.accountId,
      salesInvoiceId: delivery.salesInvoiceId,
      deliveryId: delivery.id,
      participantId: delivery.participantId!,
    });
  } catch (error) {
    console.error(JSON.stringify({ msg: "could not queue a delivery", deliveryId: delivery.id, error: String(error) }));
    return (
      (await transition(ctx, delivery, {
        from: ["queued"],
        changes: { status: "failed", ...reasonChanges(reason("QUEUE_UNAVAILABLE")) },
        event: { type: "failed", message: reason("EVENT_QUEUE_REFUSED") },
      })) ?? delivery
    );
  }
  const handedOver = { type: "handed_over", message: reason("EVENT_HANDED_OVER", { participantId: delivery.participantId! }) } as const;
  return (await transition(ctx, delivery, { from: ["queued"], changes: { status: "handed_over" }, event: handedOver })) ?? delivery;
}

/** Sends a sales invoice to its customer: one delivery per channel the customer has switched on. */
export async function sendSalesInvoice(ctx: Ctx, account: Account, salesInvoiceId: string): Promise<DeliveryRow[]> {
  await enforceRateLimit(ctx.env, "SEND_PER_ACCOUNT", account.id, "invoices sent");
  const invoice = await getSalesInvoice(ctx, account.id, salesInvoiceId);
  const customer = await getLivePartner(ctx, account.id, invoice.customerId);
  const channelRows = await channelRowsOf(ctx, account.id, [customer.id]);
  const email = emailChannelOf(customer, channelRows);
  const peppol = peppolChannelOf(ctx, customer, channelRows);
  if (!email.enabled && !peppol.enabled) {
    throw new AppError(
      "CONFLICT",
      `The customer has no delivery channel enabled: switch on email (PUT /v1/partners/${customer.id}/delivery-channels/email) or Peppol first.`,
    );
  }
  const planned: DeliveryRow[] = [];
  if (email.enabled) {
    planned.push(newDelivery(invoice, "email", { recipients: email.recipients, participantId: null }, await emailBlock(ctx, account.id, email.recipients, invoice)));
  }
  if (peppol.enabled) {
    planned.push(newDelivery(invoice, "peppol", { recipients: [], participantId: peppol.participantId }, peppolBlock(ctx, peppol.participantId)));
  }
  await ctx.db.batch([
    ctx.db.insert(deliveries).values(planned),
    ctx.db.insert(deliveryEvents).values(planned.map((d) => eventRow(d, d.status, firstEvent(d)))),
  ]);
  return Promise.all(planned.map((delivery) => dispatch(ctx, delivery)));
}

const RETRYABLE: DeliveryStatus[] = ["failed", "bounced", "blocked"];

export interface RetryInput {
  /** Email only: corrected recipients for this delivery. */
  recipients?: string[] | undefined;
  /** Also make them the customer's email channel recipients. */
  saveRecipients?: boolean | undefined;
}

/**
 * Sends a failed, bounced or blocked delivery again, as the same delivery
 * (same Message-ID), optionally to corrected recipients. The limits and
 * the connector are checked again, as for a first send.
 */
export async function retryDelivery(ctx: Ctx, account: Account, id: string, input: RetryInput): Promise<Delivery> {
  await enforceRateLimit(ctx.env, "SEND_PER_ACCOUNT", account.id, "invoices sent");
  const delivery = await requireDelivery(ctx, account.id, id);
  if (!RETRYABLE.includes(delivery.status)) {
    throw new AppError("CONFLICT", `The delivery is ${delivery.status}; only failed, bounced or blocked deliveries can be retried.`);
  }
  if (delivery.channel === "peppol" && input.recipients) throw unprocessable("recipients", "A Peppol delivery has no recipients to correct.");
  const invoice = await getSalesInvoice(ctx, account.id, delivery.salesInvoiceId);
  await getLivePartner(ctx, account.id, delivery.partnerId);
  const recipients = input.recipients ?? delivery.recipients;
  if (input.saveRecipients && input.recipients) await saveEmailRecipients(ctx, account.id, delivery.partnerId, input.recipients);
  const block = delivery.channel === "email" ? await emailBlock(ctx, account.id, recipients, invoice) : peppolBlock(ctx, delivery.participantId);
  const moved = await transition(ctx, delivery, {
    from: RETRYABLE,
    changes: block
      ? { status: "blocked", ...reasonChanges(block), recipients }
      : { status: "queued", reason: null, reasonParams: null, lastError: null, recipients, sentTo: [], sendingTo: null, leaseUntil: null },
    event: block
      ? { type: "blocked", message: reason("EVENT_BLOCKED", { cause: block, retry: true }) }
      : { type: "retry_requested", message: reason("EVENT_RETRY_REQUESTED", { recipients: input.recipients ? recipients : null }) },
  });
  if (!moved) throw new AppError("CONFLICT", "The delivery changed while it was being retried; look at it again.");
  await dispatch(ctx, moved);
  return getDelivery(ctx, account.id, id);
}
