import { z } from "@hono/zod-openapi";
import type { Account } from "../accounts/accounts.ts";
import { languages } from "../db/schema/index.ts";
import { isCountryCode } from "../identifiers/countries.ts";

/** Shared request and response shapes; one place, so the OpenAPI document names each once. */

export const LanguageSchema = z.enum(languages).openapi({ description: "Language of mails and texts." });

export const CountrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, "must be an ISO 3166-1 alpha-2 country code such as BE")
  .openapi({ example: "BE", description: "ISO 3166-1 alpha-2." });

/** RFC 5321: at most 254 characters in a forward path. A bare address, no display name. */
export const EmailSchema = z.email("must be an email address such as ap@example.com").max(254).openapi({ example: "ap@example.com" });

export const IdParamSchema = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });

/** Lists: limit 1..200 (default 50), an opaque cursor from the previous page; newest first. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ param: { name: "limit", in: "query" }, example: 50 }),
  cursor: z.string().max(64).optional().openapi({ param: { name: "cursor", in: "query" } }),
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
    stats: z.object({
      messagesReceived: z.number().int(),
      documentsImported: z.number().int(),
      documentsFlagged: z.number().int(),
      lastReceivedAt: z.string().nullable(),
    }),
  })
  .openapi("EmailConnector");
