import { getAccount } from "../../../../../accounts/accounts.ts";
import { listApiKeys } from "../../../../../accounts/api-keys.ts";
import { errorResponses } from "../../../../errors.ts";
import { adminRoute } from "../../../../route.ts";
import { IdParamSchema, listSchema } from "../../../../schemas.ts";
import type { App } from "../../../../types.ts";
import { apiKeyJson, ApiKeySchema } from "../../../api-keys/schema.ts";

const route = adminRoute({
  method: "get",
  path: "/v1/admin/accounts/{id}/api-keys",
  summary: "An account's API keys",
  description: "Newest first, revoked and expired ones included; never the keys themselves.",
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The keys.", content: { "application/json": { schema: listSchema(ApiKeySchema) } } },
    ...errorResponses(404),
  },
});

export const registerAdminListApiKeys = (app: App) =>
  app.openapi(route, async (c) => {
    const ctx = c.get("ctx");
    const account = await getAccount(ctx, c.req.valid("param").id);
    return c.json({ items: (await listApiKeys(ctx, account.id)).map((row) => apiKeyJson(row)), nextCursor: null }, 200);
  });
