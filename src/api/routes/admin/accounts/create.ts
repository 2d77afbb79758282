import { z } from "@hono/zod-openapi";
import { MAX_IDENTIFIER_CHARS, MAX_NAME_CHARS } from "../../../limits.ts";
import { createAccount } from "../../../../accounts/accounts.ts";
import { AppError } from "../../../../errors.ts";
import { invite } from "../../../../users/invitations.ts";
import { findUserByEmail } from "../../../../users/users.ts";
import { errorResponses } from "../../../errors.ts";
import { adminRoute } from "../../../route.ts";
import { AccountSchema, accountJson, CountrySchema, EmailSchema, LanguageSchema, TextSchema } from "../../../schemas.ts";
import type { App } from "../../../types.ts";
import { InvitationSchema } from "./invite.ts";

const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

const CreateAccountBody = z
  .object({
    name: TextSchema(MAX_NAME_CHARS),
    country: CountrySchema,
    vatNumber: optional(z.string().max(MAX_IDENTIFIER_CHARS)).openapi({ example: "BE 0123.456.749", description: "Validated with its check digits and normalised." }),
    companyNumber: optional(z.string().max(MAX_IDENTIFIER_CHARS)).openapi({ example: "0123.456.749" }),
    contactEmail: optional(EmailSchema),
    language: optional(LanguageSchema).openapi({ description: "Defaults to en." }),
    ownerEmail: optional(EmailSchema).openapi({
      description: "The person who will own the account in the web app: they are mailed an invitation link (in the account's language), which the response also holds.",
    }),
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
  description:
    "Creates an account and its first API key. The key is shown in this response only. With `ownerEmail`, the owner is invited to the web app: " +
    "the invitation link is mailed to them and returned here (`invitation.mailed` says whether the mail went out), and works once, for a limited time.",
  request: { body: { required: true, content: { "application/json": { schema: CreateAccountBody } } } },
  responses: {
    201: {
      description: "The account and its API key.",
      content: {
        "application/json": {
          schema: z.object({
            account: AccountSchema,
            apiKey: z.string().openapi({ example: "eck_..." }),
            invitation: InvitationSchema.optional().openapi({ description: "With ownerEmail: the owner's invitation." }),
          }),
        },
      },
    },
    ...errorResponses(400, 409, 415, 422),
  },
});

export const registerCreateAccount = (app: App) =>
  app.openapi(route, async (c) => {
    const { ownerEmail, ...input } = c.req.valid("json");
    const ctx = c.get("ctx");
    if (ownerEmail && (await findUserByEmail(ctx, ownerEmail))) {
      throw new AppError("CONFLICT", "This owner email already signs in to an account; a person belongs to one account.", { details: [{ path: "ownerEmail", message: "already a user" }] });
    }
    const { account, apiKey } = await createAccount(ctx, input);
    if (!ownerEmail) return c.json({ account: accountJson(account), apiKey }, 201);
    const { invitation, url, mailed } = await invite(ctx, { account, email: ownerEmail, role: "owner", invitedBy: null });
    return c.json({ account: accountJson(account), apiKey, invitation: { email: invitation.email, url, expiresAt: invitation.expiresAt, mailed } }, 201);
  });
