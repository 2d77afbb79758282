import { z } from "zod";

/**
 * Every queue message this Worker sends or consumes, in one place. Bodies
 * carry ids only, never file contents (a message holds at most 128 KB).
 * Each is parsed at its consumer (src/queues/consumers.ts): a body that
 * does not parse can never succeed, and is dropped with a log line.
 */

/** INGEST_QUEUE: a received mail to parse and split into files. */
export const IngestJob = z.object({ inboundMessageId: z.string().min(1) });
export type IngestJob = z.infer<typeof IngestJob>;

/** SCAN_QUEUE: one file to check and decide. */
export const ScanJob = z.object({ fileId: z.string().min(1) });
export type ScanJob = z.infer<typeof ScanJob>;

/**
 * OUTBOUND_QUEUE: an email delivery to send. A discriminated union, so that
 * a message of an older or foreign shape is recognised instead of half-processed.
 */
export const OutboundJob = z.discriminatedUnion("type", [
  z.object({ type: z.literal("send_email_delivery"), accountId: z.string().min(1), deliveryId: z.string().min(1) }),
]);
export type OutboundJob = z.infer<typeof OutboundJob>;

/** What the Peppol connector receives on PEPPOL_QUEUE for each Peppol delivery; this Worker only sends it. */
export interface PeppolHandover {
  type: "sales_invoice_delivery";
  accountId: string;
  salesInvoiceId: string;
  deliveryId: string;
  participantId: string;
}

const text = z.string().optional();

/**
 * The email-events queue: an Email Sending event, filled by Cloudflare
 * Email Service through an event subscription on the sending domain, never
 * by this Worker. Only the fields read are required: a field or an event
 * type added later must not make an event unreadable.
 */
export const SendingEvent = z.object({
  type: z.string(),
  payload: z.object({
    eventId: z.string().min(1),
    messageId: z.string().min(1),
    recipient: text,
    delivery: z.object({ status: text, smtpStatusCode: text, smtpEnhancedStatusCode: text, smtpResponse: text }).optional(),
    bounce: z.object({ type: text, classification: text, reason: text }).optional(),
    rejection: z.object({ reason: text, party: text, detail: text }).optional(),
    failure: z.object({ reason: text }).optional(),
    complaint: z.object({ type: text }).optional(),
  }),
  metadata: z.object({ eventSchemaVersion: z.number(), eventTimestamp: text }),
});
export type SendingEvent = z.infer<typeof SendingEvent>;
