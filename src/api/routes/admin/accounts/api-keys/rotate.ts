import { rotateApiKey } from "../../../../../accounts/api-keys.ts";
import { errorResponses } from "../../../../errors.ts";
import { adminRoute } from "../../../../route.ts";
import type { App } from "../../../../types.ts";
import { ROTATION_DESCRIPTION } from "../../../api-keys/rotate.ts";
import { apiKeyJson, KeyParamsSchema, RotatedApiKeySchema } from "../../../api-keys/schema.ts";

const route = adminRoute({
  method: "post",
  path: "/v1/admin/accounts/{id}/api-keys/{keyId}/rotate",
  summary: "Rotate an account's API key",
  description: ROTATION_DESCRIPTION,
  request: { params: KeyParamsSchema },
  responses: {
    201: { description: "The new key, and the old one with its end of validity.", content: { "application/json": { schema: RotatedApiKeySchema } } },
    ...errorResponses(404, 409),
  },
});

export const registerAdminRotateApiKey = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, keyId } = c.req.valid("param");
    const { key, row, previous } = await rotateApiKey(c.get("ctx"), id, keyId);
    return c.json({ apiKey: key, key: apiKeyJson(row), previous: apiKeyJson(previous) }, 201);
  });
