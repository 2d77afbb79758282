import { z } from "@hono/zod-openapi";
import { outcomes, skipWhys, verdicts } from "../../../db/schema/index.ts";
import type { Language } from "../../../i18n/languages.ts";
import type { InboundMessageDetail } from "../../../inbound/inbound-messages.ts";
import { reasonOfSkipped } from "../../../inbound/skipped-parts.ts";
import { codesOfKind, readReason, renderReason, type ReasonCode } from "../../../reasons/catalogue.ts";

/**
 * What a file's reason can be: why it was not imported, left out, or is an appendix only; for an imported PDF,
 * that the invoice XML it embeds cannot be read (docs/checks.md).
 */
const fileReasonCodes: [ReasonCode, ...ReasonCode[]] = [...codesOfKind("malicious", "invalid", "unsupported", "scan_failed", "ignored"), "EMBEDDED_XML_UNREADABLE"];

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
    skippedParts: z
      .array(
        z.object({
          path: z.string().openapi({ description: "Where in the mail it was, as `files` say it; a part without a name by its number: `part 1.2`." }),
          section: z.string().nullable().openapi({ description: "Its MIME part number within the mail it belongs to (`1.2`, as IMAP numbers parts); null for an entry of an archive or winmail.dat." }),
          name: z.string().nullable().openapi({ description: "The file name the sender gave it, if any." }),
          contentType: z.string().openapi({ description: "The Content-Type the sender declared." }),
          size: z.number().int().openapi({ description: "Bytes, decoded." }),
          why: z.enum(skipWhys).openapi({
            description:
              "Why it did not become a file: `body` (the text or HTML of the mail), `signature` (an S/MIME or OpenPGP signature, or the sender's public key), `encrypted` (content encrypted for the recipients), `signature_logo` (a small picture in the text), `inline_image` (a larger picture in the text that is no document of its own), `image_not_document` (an attached image too small or shaped like a banner, or beside the mail's PDF), `report` (part of a delivery or feedback report), `empty` (0 bytes), `duplicate_part` (the same file as another part of the mail), `calendar` (an invitation), `contact_card` (a vCard), `resource_fork` (the Mac file information older Mac mail programs send beside a file). docs/receiving.md says more.",
          }),
          reason: z.string().openapi({ description: "The same in a sentence, in the language of Accept-Language, else the account's." }),
        }),
      )
      .openapi({
        description:
          "Every part of the mail that did not become a file, with why: together with `files`, each MIME part of the mail (and each entry of its archives) is accounted for. Empty for mails that could not be read, for forwarding confirmations, and for mails received before parts were listed.",
      }),
    skippedPartsOmitted: z.number().int().openapi({ description: "Skipped parts beyond those listed (a mail of very many parts lists the first ones)." }),
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
    skippedParts: (m.skippedParts ?? []).map((part) => ({
      path: part.path,
      section: part.section,
      name: part.name,
      contentType: part.contentType,
      size: part.size,
      why: part.why,
      reason: renderReason(reasonOfSkipped(part), language) ?? part.why,
    })),
    skippedPartsOmitted: m.skippedPartsOmitted,
    auth: { spf: m.spf, dkim: m.dkim, dmarc: m.dmarc },
    completedAt: m.completedAt,
  };
}
