import { z } from "@hono/zod-openapi";
import { inboxKinds } from "../../../db/schema/index.ts";
import { isRescanning, type InboxItemDetail } from "../../../inbox/inbox.ts";

export const InboxItemSchema = z
  .object({
    id: z.string(),
    createdAt: z.string().openapi({ format: "date-time" }),
    kind: z.enum(inboxKinds),
    reasonCode: z.string().openapi({ description: "Stable and machine-readable, e.g. EXECUTABLE, PDF_JAVASCRIPT, VIRUS_FOUND, PDF_DAMAGED, NO_ATTACHMENT (README: the rules and their codes)." }),
    reason: z.string().openapi({ description: "A sentence for a person." }),
    resolved: z.boolean(),
    resolvedAt: z.string().nullable(),
    rescanning: z.boolean().openapi({ description: "A rescan was asked for and is not over: the file waits for its verdict, or the mail for its completion (kind scan_failed until then)." }),
    scanner: z.string().nullable().openapi({ description: 'The scanner whose rule fired, when one did: "built-in rules" or "clamav".' }),
    signature: z.string().nullable().openapi({ description: "The virus signature, when a virus scanner found one." }),
    attachment: z
      .object({ name: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string(), detectedType: z.string().nullable() })
      .nullable(),
    message: z
      .object({ inboundMessageId: z.string(), from: z.string(), subject: z.string().nullable(), receivedAt: z.string() })
      .nullable(),
    deliveryId: z.string().nullable().openapi({ description: "For delivery_bounced: the delivery that bounced (GET /v1/deliveries/{id}, POST .../retry)." }),
  })
  .openapi("InboxItem");

export function inboxItemJson({ item, file, message }: InboxItemDetail): z.infer<typeof InboxItemSchema> {
  return {
    id: item.id,
    createdAt: item.createdAt,
    kind: item.kind,
    reasonCode: item.reasonCode,
    reason: item.reason,
    resolved: item.resolvedAt !== null,
    resolvedAt: item.resolvedAt,
    rescanning: isRescanning({ item, file }),
    scanner: file?.scanner ?? null,
    signature: file?.signature ?? null,
    attachment: file && { name: file.name, contentType: file.declaredType, size: file.size, sha256: file.sha256, detectedType: file.detectedType },
    message: message && { inboundMessageId: message.id, from: message.headerFrom ?? message.envelopeFrom, subject: message.subject, receivedAt: message.receivedAt },
    deliveryId: item.deliveryId,
  };
}
