import { z } from "@hono/zod-openapi";
import { MAX_IDENTIFIER_CHARS, MAX_NAME_CHARS } from "../../../limits.ts";
import { createAccount } from "../../../../accounts/accounts.ts";
import { errorResponses } from "../../../errors.ts";
import { adminRoute } from "../../../route.ts";
import { AccountSchema, accountJson, CountrySchema, EmailSchema, LanguageSchema, TextSchema } from "../../../schemas.ts";
import type { App } from "../../../types.ts";

const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

const CreateAccountBody = z
  .object({
    name: TextSchema(MAX_NAME_CHARS),
    country: CountrySchema,
    vatNumber: optional(z.string().max(MAX_IDENTIFIER_CHARS)).openapi({ example: "BE 0123.456.749", description: "Validated with its check digits and normalised." }),
    companyNumber: optional(z.string().max(MAX_IDENTIFIER_CHARS)).openapi({ example: "0123.456.749" }),
    contactEmail: optional(EmailSchema),
    language: optional(LanguageSchema).openapi({ description: "Defaults to en." }),
  })
  .superRefine((body, ctx) => {
    if (body.vatNumber === undefined && body.companyNumber === undefined) {
      ctx.addIssue({ code: "custom", path: ["vatNumber"], message: "give a VAT number, a company number, or both: the import addresses are derived from them" });
    }
  })
  .openapi("CreateAccount");

const route = adminRoute({
  method: "post",
  path: "/v1/admin/accounts",
  summary: "Create an account",
  description: "Creates an account and its first API key. The key is shown in this response only.",
  request: { body: { required: true, content: { "application/json": { schema: CreateAccountBody } } } },
  responses: {
    201: {
      description: "The account and its API key.",
      content: { "application/json": { schema: z.object({ account: AccountSchema, apiKey: z.string().openapi({ example: "eck_..." }) }) } },
    },
    ...errorResponses(400, 409, 415, 422),
  },
});

export const registerCreateAccount = (app: App) =>
  app.openapi(route, async (c) => {
    const { account, apiKey } = await createAccount(c.get("ctx"), c.req.valid("json"));
    return c.json({ account: accountJson(account), apiKey }, 201);
  });
