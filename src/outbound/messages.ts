import { z } from "zod";

/**
 * Bodies of the messages on OUTBOUND_QUEUE: ids only, never file contents
 * (a queue message is at most 128 KB). Parsed at the consumer, so a message
 * of an older or foreign shape is recognised instead of half-processed.
 */
export const OutboundMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("send_email_delivery"), accountId: z.string().min(1), deliveryId: z.string().min(1) }),
]);
export type OutboundMessage = z.infer<typeof OutboundMessageSchema>;

/** What the Peppol connector receives on PEPPOL_QUEUE for each Peppol delivery. */
export interface PeppolHandover {
  type: "sales_invoice_delivery";
  accountId: string;
  salesInvoiceId: string;
  deliveryId: string;
  participantId: string;
}
