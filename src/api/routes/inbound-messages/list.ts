import { z } from "@hono/zod-openapi";
import { outcomes } from "../../../db/schema/index.ts";
import { listInboundMessages } from "../../../inbound/inbound-messages.ts";
import { MAX_MESSAGE_ID_CHARS } from "../../../limits.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { listSchema, PageQuerySchema } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { inboundMessageJson, InboundMessageSchema } from "./schema.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/inbound-messages",
  tags: ["Receiving"],
  summary: "Every mail the import addresses received",
  request: {
    query: PageQuerySchema.extend({
      outcome: z.enum(outcomes).optional().openapi({ param: { name: "outcome", in: "query" } }),
      messageId: z.string().max(MAX_MESSAGE_ID_CHARS + 2).optional().openapi({ param: { name: "messageId", in: "query" }, description: "The Message-ID header, with or without brackets." }),
    }),
  },
  responses: {
    200: { description: "Newest first.", content: { "application/json": { schema: listSchema(InboundMessageSchema) } } },
    ...errorResponses(400),
  },
});

export const registerListInboundMessages = (app: App) =>
  app.openapi(route, async (c) => {
    const page = await listInboundMessages(c.get("ctx"), c.get("account").id, c.req.valid("query"));
    return c.json({ items: page.items.map((message) => inboundMessageJson(message, c.get("language"))), nextCursor: page.nextCursor }, 200);
  });
