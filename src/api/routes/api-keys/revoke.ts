import { revokeApiKey } from "../../../accounts/api-keys.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { IdParamSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { apiKeyJson, ApiKeySchema } from "./schema.ts";

const route = accountRoute({
  method: "delete",
  path: "/v1/api-keys/{id}",
  tags: ["API keys"],
  summary: "Revoke an API key",
  description: "Effective at once: the next request with the key answers 401. Revoking the key that makes this request is allowed. Idempotent.",
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The revoked key.", content: { "application/json": { schema: ApiKeySchema } } },
    ...errorResponses(404),
  },
});

export const registerRevokeApiKey = (app: App) =>
  app.openapi(route, async (c) => c.json(apiKeyJson(await revokeApiKey(c.get("ctx"), c.get("account").id, c.req.valid("param").id)), 200));
