import { z } from "@hono/zod-openapi";
import { getPartner } from "../../../../partners/partners.ts";
import { errorResponses } from "../../../errors.ts";
import { accountRoute } from "../../../route.ts";
import { DeliveryChannelSchema, IdParamSchema } from "../../../schemas.ts";
import type { App } from "../../../types.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/partners/{id}/delivery-channels",
  tags: ["Partners"],
  summary: "A partner's delivery channels",
  description: "Every channel, switched on or not.",
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The channels.", content: { "application/json": { schema: z.object({ items: z.array(DeliveryChannelSchema) }) } } },
    ...errorResponses(404),
  },
});

export const registerListDeliveryChannels = (app: App) =>
  app.openapi(route, async (c) => {
    const partner = await getPartner(c.get("ctx"), c.get("account").id, c.req.valid("param").id);
    return c.json({ items: partner.deliveryChannels }, 200);
  });
