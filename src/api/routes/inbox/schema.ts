import { z } from "@hono/zod-openapi";
import { inboxKinds } from "../../../db/schema/index.ts";
import type { Language } from "../../../i18n/languages.ts";
import { inboxItemReason, isRescanning, type InboxItemDetail } from "../../../inbox/inbox.ts";
import { codesOfKind } from "../../../reasons/catalogue.ts";

/** The codes an inbox item can carry: files and mails not imported, and deliveries that did not arrive (docs/checks.md). */
export const inboxReasonCodes = codesOfKind("malicious", "invalid", "unsupported", "scan_failed", "no_attachment", "forwarding_confirmation", "report", "delivery_bounced", "delivery");

export const InboxItemSchema = z
  .object({
    id: z.string(),
    createdAt: z.string().openapi({ format: "date-time" }),
    kind: z.enum(inboxKinds).openapi({
      description:
        "What the item is about: a file or mail not imported (`malicious`, `invalid`, `unsupported`, `scan_failed`), a delivery that did not arrive (`delivery_bounced`), or, informational, a mail that brought nothing to import (`no_attachment`), a forwarding confirmation (`forwarding_confirmation`), a delivery, feedback or read report that reached an import address (`report`).",
    }),
    reasonCode: z.enum(inboxReasonCodes).openapi({ description: "Stable and machine-readable; docs/checks.md says what each means." }),
    reason: z.string().openapi({ description: "A sentence for a person, in the language of Accept-Language, else the account's; how it was resolved follows, when the connector resolved it." }),
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

export function inboxItemJson({ item, file, message }: InboxItemDetail, language: Language): z.infer<typeof InboxItemSchema> {
  return {
    id: item.id,
    createdAt: item.createdAt,
    kind: item.kind,
    reasonCode: item.reasonCode as z.infer<typeof InboxItemSchema>["reasonCode"],
    reason: inboxItemReason(item, language),
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
