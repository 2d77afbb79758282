import { z } from "@hono/zod-openapi";
import { inboxKinds } from "../../../db/schema/index.ts";
import { listInbox } from "../../../inbox/inbox.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { listSchema, PageQuerySchema } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { inboxItemJson, InboxItemSchema } from "./schema.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/inbox",
  tags: ["Receiving"],
  summary: "What was not imported, and why",
  request: {
    query: PageQuerySchema.extend({
      kind: z.enum(inboxKinds).optional().openapi({ param: { name: "kind", in: "query" } }),
      resolved: z.enum(["true", "false"]).transform((v) => v === "true").optional().openapi({ param: { name: "resolved", in: "query" } }),
    }),
  },
  responses: {
    200: { description: "Newest first.", content: { "application/json": { schema: listSchema(InboxItemSchema) } } },
    ...errorResponses(400),
  },
});

export const registerListInbox = (app: App) =>
  app.openapi(route, async (c) => {
    const page = await listInbox(c.get("ctx"), c.get("account").id, c.req.valid("query"));
    return c.json({ items: page.items.map((item) => inboxItemJson(item, c.get("language"))), nextCursor: page.nextCursor }, 200);
  });
