import { rescanInboxItem } from "../../../inbox/inbox.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { IdParamSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { inboxItemJson, InboxItemSchema } from "./schema.ts";

const route = accountRoute({
  method: "post",
  path: "/v1/inbox/{id}/rescan",
  tags: ["Receiving"],
  summary: "Scan a file that could not be scanned again",
  description:
    "For an item of kind scan_failed: the file is scanned again, in the background (`rescanning` is true until the mail is completed with its new verdict; its inbound message keeps its outcome until then). " +
    "Found clean, it is imported and the item is resolved, saying which purchase invoice the file is now part of; otherwise the item says what the file is. " +
    "While the virus scanner cannot answer, the file waits and is retried, as when it was received.",
  request: { params: IdParamSchema },
  responses: {
    202: { description: "The rescan is under way; the item as it is now.", content: { "application/json": { schema: InboxItemSchema } } },
    ...errorResponses(404, 409),
  },
});

export const registerRescanInboxItem = (app: App) =>
  app.openapi(route, async (c) => c.json(inboxItemJson(await rescanInboxItem(c.get("ctx"), c.get("account").id, c.req.valid("param").id), c.get("language")), 202));
