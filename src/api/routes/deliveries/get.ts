import { getDelivery } from "../../../outbound/deliveries.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { DeliverySchema, deliveriesJson, IdParamSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/deliveries/{id}",
  tags: ["Deliveries"],
  summary: "Get a delivery",
  description: "Its status, why, and every event on the way.",
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The delivery.", content: { "application/json": { schema: DeliverySchema } } },
    ...errorResponses(404),
  },
});

export const registerGetDelivery = (app: App) =>
  app.openapi(route, async (c) => c.json((await deliveriesJson([await getDelivery(c.get("ctx"), c.get("account").id, c.req.valid("param").id)], c.get("language"), c.get("ctx").config))[0]!, 200));
