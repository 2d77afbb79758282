import { z } from "@hono/zod-openapi";
import { createPartner } from "../../../partners/partners.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { ChannelInputSchema, PartnerSchema, partnerJson } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { partnerFields } from "./fields.ts";

const CreatePartnerBody = z
  .object({
    ...partnerFields,
    roles: partnerFields.roles.optional().openapi({ description: "Defaults to [customer]." }),
    language: partnerFields.language.optional(),
    deliveryChannels: z
      .array(ChannelInputSchema)
      .refine((list) => new Set(list.map((c) => c.channel)).size === list.length, "each channel only once")
      .optional()
      .openapi({
        description: "Channels to switch on with the creation, e.g. [{\"channel\": \"email\", \"enabled\": true}] to send to the partner's email.",
      }),
  })
  .openapi("CreatePartner");

const route = accountRoute({
  method: "post",
  path: "/v1/partners",
  tags: ["Partners"],
  summary: "Create a partner",
  description: "Creates a customer or supplier. `deliveryChannels` switches channels on in the same call.",
  request: { body: { required: true, content: { "application/json": { schema: CreatePartnerBody } } } },
  responses: {
    201: { description: "The partner, with its delivery channels.", content: { "application/json": { schema: PartnerSchema } } },
    ...errorResponses(400, 409, 415, 422),
  },
});

export const registerCreatePartner = (app: App) =>
  app.openapi(route, async (c) => c.json(partnerJson(await createPartner(c.get("ctx"), c.get("account"), c.req.valid("json"))), 201));
