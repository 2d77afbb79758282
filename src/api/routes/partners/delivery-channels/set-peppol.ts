import { z } from "@hono/zod-openapi";
import { setDeliveryChannel } from "../../../../partners/partners.ts";
import { errorResponses } from "../../../errors.ts";
import { accountRoute } from "../../../route.ts";
import { DeliveryChannelSchema, IdParamSchema, PeppolChannelInputSchema } from "../../../schemas.ts";
import type { App } from "../../../types.ts";

const route = accountRoute({
  method: "put",
  path: "/v1/partners/{id}/delivery-channels/peppol",
  tags: ["Partners"],
  summary: "Set the Peppol channel",
  description:
    "Switches Peppol delivery on or off. Switching on needs a participant id (the partner's peppolId or `participantId`) and a connector connected to the Peppol connector (409 otherwise).",
  request: { params: IdParamSchema, body: { required: true, content: { "application/json": { schema: PeppolChannelInputSchema } } } },
  responses: {
    200: { description: "All the partner's channels as they are now.", content: { "application/json": { schema: z.object({ items: z.array(DeliveryChannelSchema) }) } } },
    ...errorResponses(400, 404, 409, 415, 422),
  },
});

export const registerSetPeppolChannel = (app: App) =>
  app.openapi(route, async (c) => {
    const items = await setDeliveryChannel(c.get("ctx"), c.get("account").id, c.req.valid("param").id, { channel: "peppol", ...c.req.valid("json") });
    return c.json({ items }, 200);
  });
