import { z } from "@hono/zod-openapi";
import { setDeliveryChannel } from "../../../../partners/partners.ts";
import { errorResponses } from "../../../errors.ts";
import { accountRoute } from "../../../route.ts";
import { DeliveryChannelSchema, EmailChannelInputSchema, IdParamSchema } from "../../../schemas.ts";
import type { App } from "../../../types.ts";

const route = accountRoute({
  method: "put",
  path: "/v1/partners/{id}/delivery-channels/email",
  tags: ["Partners"],
  summary: "Set the email channel",
  description: `Switches email delivery on or off. Recipients default to the partner's email; switching on needs an address there or in \`recipients\`.`,
  request: { params: IdParamSchema, body: { required: true, content: { "application/json": { schema: EmailChannelInputSchema } } } },
  responses: {
    200: { description: "All the partner's channels as they are now.", content: { "application/json": { schema: z.object({ items: z.array(DeliveryChannelSchema) }) } } },
    ...errorResponses(400, 404, 409, 415, 422),
  },
});

export const registerSetEmailChannel = (app: App) =>
  app.openapi(route, async (c) => {
    const items = await setDeliveryChannel(c.get("ctx"), c.get("account").id, c.req.valid("param").id, { channel: "email", ...c.req.valid("json") });
    return c.json({ items }, 200);
  });
