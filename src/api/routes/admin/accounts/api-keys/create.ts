import { getAccount } from "../../../../../accounts/accounts.ts";
import { issueApiKey } from "../../../../../accounts/api-keys.ts";
import { errorResponses } from "../../../../errors.ts";
import { adminRoute } from "../../../../route.ts";
import { IdParamSchema } from "../../../../schemas.ts";
import type { App } from "../../../../types.ts";
import { apiKeyJson, NewApiKeyBodySchema, NewApiKeySchema } from "../../../api-keys/schema.ts";

const route = adminRoute({
  method: "post",
  path: "/v1/admin/accounts/{id}/api-keys",
  summary: "Issue a new API key for an account",
  description: "The key is shown in this response only; earlier keys stay valid.",
  request: { params: IdParamSchema, body: { content: { "application/json": { schema: NewApiKeyBodySchema } }, required: false } },
  responses: {
    201: { description: "The new key.", content: { "application/json": { schema: NewApiKeySchema } } },
    ...errorResponses(400, 404, 409),
  },
});

export const registerAdminCreateApiKey = (app: App) =>
  app.openapi(route, async (c) => {
    const ctx = c.get("ctx");
    const account = await getAccount(ctx, c.req.valid("param").id);
    const { key, row } = await issueApiKey(ctx, account.id, c.req.valid("json")?.name ?? null);
    return c.json({ apiKey: key, key: apiKeyJson(row) }, 201);
  });
