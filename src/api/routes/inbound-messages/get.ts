import { getInboundMessage } from "../../../inbound/inbound-messages.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { IdParamSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { inboundMessageJson, InboundMessageSchema } from "./schema.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/inbound-messages/{id}",
  tags: ["Receiving"],
  summary: "A received mail, what it held and what it came to",
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The inbound message.", content: { "application/json": { schema: InboundMessageSchema } } },
    ...errorResponses(404),
  },
});

export const registerGetInboundMessage = (app: App) =>
  app.openapi(route, async (c) => c.json(inboundMessageJson(await getInboundMessage(c.get("ctx"), c.get("account").id, c.req.valid("param").id), c.get("language")), 200));
