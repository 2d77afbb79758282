import { z } from "@hono/zod-openapi";
import { updatePartner } from "../../../partners/partners.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { IdParamSchema, PartnerSchema, partnerJson } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { partnerFields } from "./fields.ts";

// Strict: delivery channels are changed through their own endpoints, never silently ignored here.
const UpdatePartnerBody = z
  .object({
    ...partnerFields,
    name: partnerFields.name.optional(),
    roles: partnerFields.roles.optional(),
    language: partnerFields.language.optional(),
  })
  .strict()
  .openapi("UpdatePartner");

const route = accountRoute({
  method: "patch",
  path: "/v1/partners/{id}",
  tags: ["Partners"],
  summary: "Update a partner",
  description:
    "Changes the fields given; null removes an optional one. Removing the email (or Peppol id) a switched-on channel delivers to is refused.",
  request: { params: IdParamSchema, body: { required: true, content: { "application/json": { schema: UpdatePartnerBody } } } },
  responses: {
    200: { description: "The partner as it is now.", content: { "application/json": { schema: PartnerSchema } } },
    ...errorResponses(400, 404, 409, 415, 422),
  },
});

export const registerUpdatePartner = (app: App) =>
  app.openapi(route, async (c) =>
    c.json(partnerJson(await updatePartner(c.get("ctx"), c.get("account"), c.req.valid("param").id, c.req.valid("json"))), 200),
  );
