import { z } from "@hono/zod-openapi";
import type { ApiKeyRow } from "../../../accounts/api-keys.ts";
import { TextSchema } from "../../schemas.ts";

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: "key_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I" }),
    name: z.string().nullable(),
    prefix: z.string().openapi({ description: "The first characters of the key, to tell keys apart.", example: "eck_3fQ9x1Ab" }),
    status: z.enum(["active", "expiring", "expired", "revoked"]).openapi({
      description: "`expiring`: rotated, valid until `expiresAt`; `expired` and `revoked` keys authenticate nothing.",
    }),
    createdAt: z.string().openapi({ format: "date-time" }),
    lastUsedAt: z.string().nullable().openapi({ format: "date-time", description: "To the minute." }),
    expiresAt: z.string().nullable().openapi({ format: "date-time" }),
    revokedAt: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("ApiKey");

export const NewApiKeySchema = z
  .object({
    apiKey: z.string().openapi({ description: "The key: shown in this response only, stored only as a hash." }),
    key: ApiKeySchema,
  })
  .openapi("NewApiKey");

export const RotatedApiKeySchema = NewApiKeySchema.extend({ previous: ApiKeySchema }).openapi("RotatedApiKey");

export const NewApiKeyBodySchema = z.object({ name: TextSchema(100).optional().openapi({ example: "Accounting software" }) });

export const KeyParamsSchema = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }),
  keyId: z.string().min(1).max(64).openapi({ param: { name: "keyId", in: "path" } }),
});

export function apiKeyJson(row: ApiKeyRow, at = new Date().toISOString()): z.infer<typeof ApiKeySchema> {
  const status = row.revokedAt ? "revoked" : row.expiresAt ? (row.expiresAt > at ? "expiring" : "expired") : "active";
  return {
    id: row.id,
    name: row.name,
    prefix: row.start,
    status,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}
