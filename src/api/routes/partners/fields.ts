import { z } from "@hono/zod-openapi";
import { MAX_IDENTIFIER_CHARS, MAX_NAME_CHARS, MAX_PEPPOL_ID_CHARS } from "../../limits.ts";
import { AddressSchema, EmailSchema, LanguageSchema, PartnerRoleSchema } from "../../schemas.ts";

/** The profile fields shared by creating and updating a partner; null removes an optional one. */
export const partnerFields = {
  name: z.string().trim().min(1, "must not be empty").max(MAX_NAME_CHARS),
  roles: z
    .array(PartnerRoleSchema)
    .min(1, "give at least one role")
    .refine((roles) => new Set(roles).size === roles.length, "each role only once")
    .openapi({ example: ["customer"] }),
  vatNumber: z.string().max(MAX_IDENTIFIER_CHARS).nullish().openapi({ example: "BE 0123.456.749", description: "Validated with its check digits and normalised." }),
  companyNumber: z.string().max(MAX_IDENTIFIER_CHARS).nullish().openapi({ example: "0123.456.749" }),
  email: EmailSchema.nullish(),
  language: LanguageSchema.openapi({ description: "Language of the mails the partner receives. Defaults to the account's." }),
  address: AddressSchema.nullish(),
  peppolId: z
    .string()
    .max(MAX_PEPPOL_ID_CHARS)
    .nullish()
    .openapi({ example: "0208:0123456749", description: "Peppol participant id, scheme:identifier; checked against the scheme's rules." }),
};
