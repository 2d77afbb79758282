import { z } from "@hono/zod-openapi";
import { retryDelivery } from "../../../outbound/send-sales-invoice.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { DeliverySchema, deliveriesJson, IdParamSchema, RecipientsSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";

const RetryBody = z
  .object({
    recipients: RecipientsSchema.optional().openapi({ description: "Email deliveries: corrected recipients, e.g. after a bounce." }),
    saveRecipients: z.boolean().optional().openapi({ description: "Also make them the recipients of the customer's email channel." }),
  })
  .refine((body) => !body.saveRecipients || body.recipients, { path: ["saveRecipients"], message: "give the recipients to save" })
  .openapi("RetryDelivery");

const route = accountRoute({
  method: "post",
  path: "/v1/deliveries/{id}/retry",
  tags: ["Deliveries"],
  summary: "Retry a delivery",
  description:
    "Sends a failed, bounced or blocked delivery again, as the same delivery (same Message-ID), optionally to corrected recipients. The body may be left out.",
  request: { params: IdParamSchema, body: { required: false, content: { "application/json": { schema: RetryBody } } } },
  responses: {
    202: { description: "The delivery, queued again (or blocked, with the reason).", content: { "application/json": { schema: DeliverySchema } } },
    ...errorResponses(400, 404, 409, 415, 422),
  },
});

export const registerRetryDelivery = (app: App) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid("json") ?? {};
    return c.json((await deliveriesJson([await retryDelivery(c.get("ctx"), c.get("account"), c.req.valid("param").id, body)], c.get("language"), c.get("ctx").config))[0]!, 202);
  });
