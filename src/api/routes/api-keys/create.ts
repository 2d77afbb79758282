import { issueApiKey } from "../../../accounts/api-keys.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import type { App } from "../../types.ts";
import { apiKeyJson, NewApiKeyBodySchema, NewApiKeySchema } from "./schema.ts";

const route = accountRoute({
  method: "post",
  path: "/v1/api-keys",
  tags: ["API keys"],
  summary: "Issue an API key",
  description: "The key is in this response only, stored only as a hash; give it a name to tell it apart later. Other keys stay valid.",
  request: { body: { content: { "application/json": { schema: NewApiKeyBodySchema } }, required: false } },
  responses: {
    201: { description: "The new key.", content: { "application/json": { schema: NewApiKeySchema } } },
    ...errorResponses(400, 409),
  },
});

export const registerCreateApiKey = (app: App) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid("json") ?? {};
    const { key, row } = await issueApiKey(c.get("ctx"), c.get("account").id, body.name ?? null);
    return c.json({ apiKey: key, key: apiKeyJson(row) }, 201);
  });
