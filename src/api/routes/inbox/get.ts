import { getInboxItem } from "../../../inbox/inbox.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { IdParamSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { inboxItemJson, InboxItemSchema } from "./schema.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/inbox/{id}",
  tags: ["Receiving"],
  summary: "One inbox item",
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The item, e.g. to follow a rescan.", content: { "application/json": { schema: InboxItemSchema } } },
    ...errorResponses(404),
  },
});

export const registerGetInboxItem = (app: App) =>
  app.openapi(route, async (c) => c.json(inboxItemJson(await getInboxItem(c.get("ctx"), c.get("account").id, c.req.valid("param").id), c.get("language")), 200));
