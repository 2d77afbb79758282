import { rotateApiKey } from "../../../accounts/api-keys.ts";
import { API_KEY_ROTATION_GRACE_MS } from "../../../accounts/limits.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { IdParamSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { apiKeyJson, RotatedApiKeySchema } from "./schema.ts";

export const ROTATION_DESCRIPTION = `A new key with the same name, in this response only; the old key stays valid for ${API_KEY_ROTATION_GRACE_MS / 3_600_000} hours (its \`expiresAt\`), so clients can switch over, then authenticates nothing. Revoke it instead when it leaked.`;

const route = accountRoute({
  method: "post",
  path: "/v1/api-keys/{id}/rotate",
  tags: ["API keys"],
  summary: "Rotate an API key",
  description: ROTATION_DESCRIPTION,
  request: { params: IdParamSchema },
  responses: {
    201: { description: "The new key, and the old one with its end of validity.", content: { "application/json": { schema: RotatedApiKeySchema } } },
    ...errorResponses(404, 409),
  },
});

export const registerRotateApiKey = (app: App) =>
  app.openapi(route, async (c) => {
    const { key, row, previous } = await rotateApiKey(c.get("ctx"), c.get("account").id, c.req.valid("param").id);
    return c.json({ apiKey: key, key: apiKeyJson(row), previous: apiKeyJson(previous) }, 201);
  });
