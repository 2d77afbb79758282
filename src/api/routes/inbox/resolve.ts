import { resolveInboxItem } from "../../../inbox/inbox.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { IdParamSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { inboxItemJson, InboxItemSchema } from "./schema.ts";

const route = accountRoute({
  method: "post",
  path: "/v1/inbox/{id}/resolve",
  tags: ["Receiving"],
  summary: "Mark an inbox item handled",
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The item, resolved. Idempotent.", content: { "application/json": { schema: InboxItemSchema } } },
    ...errorResponses(404),
  },
});

export const registerResolveInboxItem = (app: App) =>
  app.openapi(route, async (c) => c.json(inboxItemJson(await resolveInboxItem(c.get("ctx"), c.get("account").id, c.req.valid("param").id), c.get("language")), 200));
