import { z } from "@hono/zod-openapi";
import { AddressSchema, EmailSchema, LanguageSchema, PartnerRoleSchema, TextSchema } from "../../schemas.ts";

/** The profile fields shared by creating and updating a partner; null removes an optional one. */
export const partnerFields = {
  name: TextSchema(200),
  roles: z
    .array(PartnerRoleSchema)
    .min(1, "give at least one role")
    .refine((roles) => new Set(roles).size === roles.length, "each role only once")
    .openapi({ example: ["customer"] }),
  vatNumber: z.string().max(40).nullish().openapi({ example: "BE 0123.456.749", description: "Validated with its check digits and normalised." }),
  companyNumber: z.string().max(40).nullish().openapi({ example: "0123.456.749" }),
  email: EmailSchema.nullish(),
  language: LanguageSchema.openapi({ description: "Language of the mails the partner receives. Defaults to the account's." }),
  address: AddressSchema.nullish(),
  peppolId: z
    .string()
    .max(200)
    .nullish()
    .openapi({ example: "0208:0123456749", description: "Peppol participant id, scheme:identifier; checked against the scheme's rules." }),
};
