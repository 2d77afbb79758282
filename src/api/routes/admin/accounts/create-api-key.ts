import { z } from "@hono/zod-openapi";
import { getAccount } from "../../../../accounts/accounts.ts";
import { issueApiKey } from "../../../../accounts/api-keys.ts";
import { errorResponses } from "../../../errors.ts";
import { adminRoute } from "../../../route.ts";
import { IdParamSchema } from "../../../schemas.ts";
import type { App } from "../../../types.ts";

const route = adminRoute({
  method: "post",
  path: "/v1/admin/accounts/{id}/api-keys",
  summary: "Issue a new API key",
  description: "The key is shown in this response only; earlier keys stay valid.",
  request: { params: IdParamSchema },
  responses: {
    201: { description: "The new key.", content: { "application/json": { schema: z.object({ apiKey: z.string() }) } } },
    ...errorResponses(404),
  },
});

export const registerCreateApiKey = (app: App) =>
  app.openapi(route, async (c) => {
    const ctx = c.get("ctx");
    const account = await getAccount(ctx, c.req.valid("param").id);
    return c.json({ apiKey: await issueApiKey(ctx, account.id) }, 201);
  });
