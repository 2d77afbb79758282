import { revokeApiKey } from "../../../../../accounts/api-keys.ts";
import { errorResponses } from "../../../../errors.ts";
import { adminRoute } from "../../../../route.ts";
import type { App } from "../../../../types.ts";
import { apiKeyJson, ApiKeySchema, KeyParamsSchema } from "../../../api-keys/schema.ts";

const route = adminRoute({
  method: "delete",
  path: "/v1/admin/accounts/{id}/api-keys/{keyId}",
  summary: "Revoke an account's API key",
  description: "Effective at once: the next request with the key answers 401. Idempotent.",
  request: { params: KeyParamsSchema },
  responses: {
    200: { description: "The revoked key.", content: { "application/json": { schema: ApiKeySchema } } },
    ...errorResponses(404),
  },
});

export const registerAdminRevokeApiKey = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, keyId } = c.req.valid("param");
    return c.json(apiKeyJson(await revokeApiKey(c.get("ctx"), id, keyId)), 200);
  });
