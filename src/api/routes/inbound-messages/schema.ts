import { z } from "@hono/zod-openapi";
import { outcomes, verdicts } from "../../../db/schema/index.ts";
import type { Language } from "../../../i18n/languages.ts";
import type { InboundMessageDetail } from "../../../inbound/inbound-messages.ts";
import { codesOfKind, readReason } from "../../../reasons/catalogue.ts";

/** What a file's reason can be: why it was not imported, left out, or is an appendix only (docs/checks.md). */
const fileReasonCodes = codesOfKind("malicious", "invalid", "unsupported", "scan_failed", "ignored");

export const InboundMessageSchema = z
  .object({
    id: z.string(),
    receivedAt: z.string().openapi({ format: "date-time" }),
    from: z.string().openapi({ description: "The From header, or the envelope sender when there is none." }),
    envelopeFrom: z.string(),
    to: z.string().openapi({ description: "The recipient as the sender wrote it (with any +tag)." }),
    address: z.string().openapi({ description: "The import address it reached." }),
    subject: z.string().nullable(),
    messageId: z.string().nullable(),
    size: z.number().int(),
    outcome: z.enum(outcomes),
    duplicateOf: z.string().nullable().openapi({ description: "For a mail received again: the first one." }),
    documents: z.array(z.string()).openapi({ description: "Ids of the purchase invoices it became." }),
    inboxItems: z.array(z.string()),
    files: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        path: z.string().openapi({ description: "Where in the mail it was found, e.g. `invoices.zip › 42.pdf`." }),
        size: z.number().int(),
        sha256: z.string(),
        detectedType: z.string().nullable(),
        verdict: z.enum(verdicts).nullable().openapi({ description: "null while it waits for its scan." }),
        reasonCode: z.enum(fileReasonCodes).nullable(),
        reason: z.string().nullable().openapi({ description: "Why, in the language of Accept-Language, else the account's." }),
        purchaseInvoiceId: z.string().nullable(),
        reclassified: z.boolean().openapi({ description: "A person placed this file (POST .../files/{fileId}/reclassify): it stays where they put it." }),
      }),
    ),
    auth: z.object({ spf: z.string().nullable(), dkim: z.string().nullable(), dmarc: z.string().nullable() }).openapi({
      description: "The verdicts of Cloudflare's Authentication-Results header.",
    }),
    completedAt: z.string().nullable(),
  })
  .openapi("InboundMessage");

export function inboundMessageJson(m: InboundMessageDetail, language: Language): z.infer<typeof InboundMessageSchema> {
  return {
    id: m.id,
    receivedAt: m.receivedAt,
    from: m.headerFrom ?? m.envelopeFrom,
    envelopeFrom: m.envelopeFrom,
    to: m.envelopeTo,
    address: m.address,
    subject: m.subject,
    messageId: m.messageId,
    size: m.size,
    outcome: m.outcome,
    duplicateOf: m.duplicateOf,
    documents: m.documents,
    inboxItems: m.inboxItemIds,
    files: m.files.map((f) => ({
      id: f.id,
      name: f.name,
      path: f.path,
      size: f.size,
      sha256: f.sha256,
      detectedType: f.detectedType,
      verdict: f.verdict,
      reasonCode: f.reasonCode as (typeof fileReasonCodes)[number] | null,
      reason: readReason(f.reasonCode, f.reasonParams, f.reason, language),
      purchaseInvoiceId: f.purchaseInvoiceId,
      reclassified: f.placement !== null,
    })),
    auth: { spf: m.spf, dkim: m.dkim, dmarc: m.dmarc },
    completedAt: m.completedAt,
  };
}
