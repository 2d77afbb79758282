import { z } from "@hono/zod-openapi";
import { getAccount } from "../../../../accounts/accounts.ts";
import { userRoles } from "../../../../db/schema/index.ts";
import { invite } from "../../../../users/invitations.ts";
import { errorResponses } from "../../../errors.ts";
import { adminRoute } from "../../../route.ts";
import { EmailSchema, IdParamSchema } from "../../../schemas.ts";
import type { App } from "../../../types.ts";

export const InvitationSchema = z
  .object({
    email: z.string(),
    url: z.string().openapi({ format: "uri", description: "Works once, until expiresAt." }),
    expiresAt: z.string().openapi({ format: "date-time" }),
    mailed: z.boolean().openapi({ description: "Whether the invitation mail went out (SEND_EMAIL)." }),
  })
  .openapi("Invitation");

const route = adminRoute({
  method: "post",
  path: "/v1/admin/accounts/{id}/invitations",
  summary: "Invite a person to an account's web app",
  description:
    "Mails the person an invitation link, in the account's language, and returns it: e.g. an owner whose first link expired. " +
    "Inviting the same address again replaces the earlier link. An address that already signs in is refused (409): a person belongs to one account.",
  request: {
    params: IdParamSchema,
    body: { required: true, content: { "application/json": { schema: z.object({ email: EmailSchema, role: z.enum(userRoles).default("owner") }).openapi("InvitePerson") } } },
  },
  responses: {
    201: { description: "The invitation.", content: { "application/json": { schema: InvitationSchema } } },
    ...errorResponses(400, 404, 409, 415),
  },
});

export const registerInviteToAccount = (app: App) =>
  app.openapi(route, async (c) => {
    const ctx = c.get("ctx");
    const account = await getAccount(ctx, c.req.valid("param").id);
    const { email, role } = c.req.valid("json");
    const { invitation, url, mailed } = await invite(ctx, { account, email, role, invitedBy: null });
    return c.json({ email: invitation.email, url, expiresAt: invitation.expiresAt, mailed }, 201);
  });
