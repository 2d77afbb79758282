import { z } from "@hono/zod-openapi";
import { MAX_CITY_CHARS, MAX_EMAIL_CHARS, MAX_EMAIL_LOCAL_PART_CHARS, MAX_ID_CHARS, MAX_PEPPOL_ID_CHARS, MAX_POSTAL_CODE_CHARS, MAX_STREET_CHARS } from "./limits.ts";
import type { Account } from "../accounts/accounts.ts";
import { deliveryEventTypes, deliveryStatuses, salesInvoiceXmlSyntaxes, languages, partnerRoles, type StoredFile } from "../db/schema/index.ts";
import type { Language } from "../i18n/languages.ts";
import { codesOfKind, readReason } from "../reasons/catalogue.ts";
import { isCountryCode } from "../identifiers/countries.ts";
import { MAX_RECIPIENTS_PER_MESSAGE } from "../outbound/limits.ts";
import type { Delivery } from "../outbound/deliveries.ts";
import type { Partner } from "../partners/partners.ts";
import type { SalesInvoiceRow } from "../sales-invoices/sales-invoices.ts";

/** Shared request and response shapes; one place, so the OpenAPI document names each once. */

export const LanguageSchema = z.enum(languages).openapi({ description: "Language of mails and texts." });

export const CountrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, "must be an ISO 3166-1 alpha-2 country code such as BE")
  .openapi({ example: "BE", description: "ISO 3166-1 alpha-2." });

/**
 * A bare address. RFC 5321 allows 64 characters before the @ and 254 in a
 * path. A display name, angle brackets or a second address would let a
 * value carry more mailboxes into a header than the one that was checked.
 */
export const EmailSchema = z
  .string()
  .trim()
  .refine((v) => !/[<>",;\s]/.test(v), {
    message: "give the bare address, such as ap@example.com, without a display name, angle brackets, spaces or a second address",
    abort: true,
  })
  .refine((v) => v.length <= MAX_EMAIL_CHARS, { message: `must be at most ${MAX_EMAIL_CHARS} characters (RFC 5321)`, abort: true })
  .refine((v) => (v.split("@")[0] ?? "").length <= MAX_EMAIL_LOCAL_PART_CHARS, { message: `the part before the @ must be at most ${MAX_EMAIL_LOCAL_PART_CHARS} characters (RFC 5321)`, abort: true })
  .pipe(z.email("must be an email address such as ap@example.com"))
  .openapi({ example: "ap@example.com", format: "email" });

export const IdParamSchema = z.object({ id: z.string().min(1).max(MAX_ID_CHARS).openapi({ param: { name: "id", in: "path" } }) });

/** Lists: limit 1..200 (default 50), an opaque cursor from the previous page; newest first. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ param: { name: "limit", in: "query" }, example: 50 }),
  cursor: z.string().max(MAX_ID_CHARS).optional().openapi({ param: { name: "cursor", in: "query" } }),
});

export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const AccountSchema = z
  .object({
    id: z.string().openapi({ example: "acc_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I" }),
    name: z.string(),
    country: z.string(),
    vatNumber: z.string().nullable().openapi({ example: "BE0123456749" }),
    companyNumber: z.string().nullable().openapi({ example: "0123456749" }),
    contactEmail: z.string().nullable(),
    language: LanguageSchema,
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Account");

export function accountJson(account: Account): z.infer<typeof AccountSchema> {
  return {
    id: account.id,
    name: account.name,
    country: account.country,
    vatNumber: account.vatNumber,
    companyNumber: account.companyNumber,
    contactEmail: account.contactEmail,
    language: account.language,
    createdAt: account.createdAt,
  };
}

export const EmailConnectorSchema = z
  .object({
    type: z.literal("email"),
    status: z.enum(["active", "inactive"]),
    installedAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
    importAddresses: z.array(
      z.object({
        address: z.string().openapi({ example: "be0123456749@invoices.example.com" }),
        kind: z.enum(["vat", "company"]),
      }),
    ),
    scanners: z
      .object({
        builtinRules: z.object({ enabled: z.literal(true) }),
        clamav: z.object({ enabled: z.boolean() }),
      })
      .openapi({
        description:
          "Which scanners check every received file. The built-in rules always run; ClamAV runs when the operator configured it. Without an answer from a configured ClamAV a file waits and is never imported unscanned.",
      }),
    stats: z.object({
      messagesReceived: z.number().int(),
      documentsImported: z.number().int(),
      documentsFlagged: z.number().int(),
      lastReceivedAt: z.string().nullable(),
    }),
  })
  .openapi("EmailConnector");

export const PartnerRoleSchema = z.enum(partnerRoles);

export const AddressSchema = z
  .object({
    street: z.string().trim().max(MAX_STREET_CHARS).nullish().transform((v) => v || null),
    postalCode: z.string().trim().max(MAX_POSTAL_CODE_CHARS).nullish().transform((v) => v || null),
    city: z.string().trim().max(MAX_CITY_CHARS).nullish().transform((v) => v || null),
    country: CountrySchema,
  })
  .openapi("Address");

const AddressOutSchema = z.object({
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string(),
});

/** At most what one message can be addressed to. */
export const RecipientsSchema = z
  .array(EmailSchema)
  .min(1, "give at least one recipient, or null to send to the partner's email")
  .max(MAX_RECIPIENTS_PER_MESSAGE, `at most ${MAX_RECIPIENTS_PER_MESSAGE} recipients: Cloudflare addresses one message to no more than ${MAX_RECIPIENTS_PER_MESSAGE}`);

export const EmailChannelInputSchema = z
  .object({
    enabled: z.boolean(),
    recipients: RecipientsSchema.nullish().openapi({
      description: "Left out: unchanged. null: the partner's email (the default). A list: these addresses instead.",
    }),
  })
  .openapi("EmailChannelSettings");

export const PeppolChannelInputSchema = z
  .object({
    enabled: z.boolean(),
    participantId: z.string().max(MAX_PEPPOL_ID_CHARS).nullish().openapi({
      example: "0208:0123456749",
      description: "Left out: unchanged. null: the partner's peppolId (the default). A value: this participant id instead.",
    }),
  })
  .openapi("PeppolChannelSettings");

export const ChannelInputSchema = z.discriminatedUnion("channel", [
  EmailChannelInputSchema.extend({ channel: z.literal("email") }),
  PeppolChannelInputSchema.extend({ channel: z.literal("peppol") }),
]);

export const DeliveryChannelSchema = z
  .discriminatedUnion("channel", [
    z.object({
      channel: z.literal("email"),
      enabled: z.boolean(),
      recipients: z.array(z.string()).openapi({ description: "Where invoices go: the channel's own recipients, or else the partner's email." }),
      recipientsFromProfile: z.boolean(),
    }),
    z.object({
      channel: z.literal("peppol"),
      enabled: z.boolean(),
      participantId: z.string().nullable(),
      participantIdFromProfile: z.boolean(),
      available: z.boolean().openapi({ description: "False when this connector is not connected to a Peppol connector (PEPPOL_QUEUE)." }),
    }),
  ])
  .openapi("DeliveryChannel");

export const PartnerSchema = z
  .object({
    id: z.string().openapi({ example: "ptn_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I" }),
    name: z.string(),
    roles: z.array(PartnerRoleSchema),
    vatNumber: z.string().nullable().openapi({ example: "BE0123456749" }),
    companyNumber: z.string().nullable(),
    email: z.string().nullable(),
    language: LanguageSchema,
    address: AddressOutSchema.nullable(),
    peppolId: z.string().nullable().openapi({ example: "0208:0123456749" }),
    deliveryChannels: z.array(DeliveryChannelSchema),
    archivedAt: z.string().nullable().openapi({ description: "Set when the partner was deleted but kept for the history of its invoices." }),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Partner");

export function partnerJson(partner: Partner): z.infer<typeof PartnerSchema> {
  return {
    id: partner.id,
    name: partner.name,
    roles: partner.roles,
    vatNumber: partner.vatNumber,
    companyNumber: partner.companyNumber,
    email: partner.email,
    language: partner.language,
    address: partner.address,
    peppolId: partner.peppolId,
    deliveryChannels: partner.deliveryChannels,
    archivedAt: partner.archivedAt,
    createdAt: partner.createdAt,
    updatedAt: partner.updatedAt,
  };
}

const FileSchema = z.object({
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});

export const SalesInvoiceSchema = z
  .object({
    id: z.string().openapi({ example: "sin_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I" }),
    customerId: z.string(),
    number: z.string().openapi({ example: "2026-0042" }),
    issueDate: z.string().openapi({ format: "date" }),
    dueDate: z.string().nullable().openapi({ format: "date" }),
    currency: z.string().openapi({ example: "EUR" }),
    totalAmount: z.string().openapi({ example: "1210.00" }),
    file: FileSchema.nullable().openapi({ description: "The PDF." }),
    einvoice: FileSchema.extend({ syntax: z.enum(salesInvoiceXmlSyntaxes) }).nullable(),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("SalesInvoice");

const fileJson = (file: StoredFile) => ({ name: file.name, contentType: file.contentType, size: file.size, sha256: file.sha256 });

export function salesInvoiceJson(invoice: SalesInvoiceRow): z.infer<typeof SalesInvoiceSchema> {
  return {
    id: invoice.id,
    customerId: invoice.customerId,
    number: invoice.number,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    totalAmount: invoice.totalAmount,
    file: invoice.file && fileJson(invoice.file),
    einvoice: invoice.einvoice && { ...fileJson(invoice.einvoice), syntax: invoice.einvoice.syntax },
    createdAt: invoice.createdAt,
  };
}

export const DeliveryStatusSchema = z.enum(deliveryStatuses);

export const deliveryReasonCodes = codesOfKind("delivery");
export type DeliveryReasonCode = (typeof deliveryReasonCodes)[number];
const eventCodes = codesOfKind("event");
type EventCode = (typeof eventCodes)[number];

export const DeliverySchema = z
  .object({
    id: z.string().openapi({ example: "dlv_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I" }),
    salesInvoiceId: z.string(),
    partnerId: z.string(),
    channel: z.enum(["email", "peppol"]),
    recipients: z.array(z.string()).openapi({ description: "Email: the addresses it goes to. Empty for Peppol." }),
    participantId: z.string().nullable().openapi({ description: "Peppol: the participant id it goes to." }),
    status: DeliveryStatusSchema,
    reason: z.enum(deliveryReasonCodes).nullable().openapi({ description: "Why it is blocked, failed or bounced (docs/checks.md)." }),
    reasonMessage: z.string().nullable().openapi({ description: "The reason as a sentence, in the language of Accept-Language, else the account's." }),
    attempts: z.number().int(),
    lastError: z.string().nullable().openapi({ description: "The last error in words: a provider's or mail server's when there are some." }),
    messageId: z.string().nullable(),
    sentAt: z.string().nullable(),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
    events: z.array(
      z.object({
        at: z.string().openapi({ format: "date-time" }),
        type: z.enum(deliveryEventTypes),
        status: DeliveryStatusSchema.openapi({ description: "The status after the event." }),
        code: z.enum(eventCodes).nullable().openapi({ description: "What happened, machine-readable; null on events recorded before codes were kept." }),
        message: z.string().openapi({ description: "What happened, in the language of Accept-Language, else the account's." }),
      }),
    ),
  })
  .openapi("Delivery");

export function deliveryJson(delivery: Delivery, language: Language): z.infer<typeof DeliverySchema> {
  return {
    id: delivery.id,
    salesInvoiceId: delivery.salesInvoiceId,
    partnerId: delivery.partnerId,
    channel: delivery.channel,
    recipients: delivery.recipients,
    participantId: delivery.participantId,
    status: delivery.status,
    reason: delivery.reason as DeliveryReasonCode | null,
    reasonMessage: readReason(delivery.reason, delivery.reasonParams, null, language),
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    messageId: delivery.messageId,
    sentAt: delivery.sentAt,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
    events: delivery.events.map((e) => ({
      at: e.at,
      type: e.type,
      status: e.status,
      code: e.messageCode as EventCode | null,
      message: readReason(e.messageCode, e.messageParams, e.message, language)!,
    })),
  };
}
