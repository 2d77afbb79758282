import { listApiKeys } from "../../../accounts/api-keys.ts";
import { accountRoute } from "../../route.ts";
import { listSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { apiKeyJson, ApiKeySchema } from "./schema.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/api-keys",
  tags: ["API keys"],
  summary: "The account's API keys",
  description: "Newest first, revoked and expired ones included; never the keys themselves. All of them, on one page.",
  responses: {
    200: { description: "The keys.", content: { "application/json": { schema: listSchema(ApiKeySchema) } } },
  },
});

export const registerListApiKeys = (app: App) =>
  app.openapi(route, async (c) => c.json({ items: (await listApiKeys(c.get("ctx"), c.get("account").id)).map((row) => apiKeyJson(row)), nextCursor: null }, 200));
