import { listDeliveries } from "../../../outbound/deliveries.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { DeliverySchema, deliveriesJson, DeliveryStatusSchema, listSchema, PageQuerySchema } from "../../schemas.ts";
import type { App } from "../../types.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/deliveries",
  tags: ["Deliveries"],
  summary: "List deliveries",
  description: "Newest first, each with its history of events; `status=failed` or `status=bounced` finds what needs attention.",
  request: { query: PageQuerySchema.extend({ status: DeliveryStatusSchema.optional().openapi({ param: { name: "status", in: "query" } }) }) },
  responses: {
    200: { description: "A page of deliveries.", content: { "application/json": { schema: listSchema(DeliverySchema) } } },
    ...errorResponses(400),
  },
});

export const registerListDeliveries = (app: App) =>
  app.openapi(route, async (c) => {
    const page = await listDeliveries(c.get("ctx"), c.get("account").id, c.req.valid("query"));
    return c.json({ items: await deliveriesJson(page.items, c.get("language"), c.get("ctx").config), nextCursor: page.nextCursor }, 200);
  });
