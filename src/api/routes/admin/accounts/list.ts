import { z } from "@hono/zod-openapi";
import { MAX_IDENTIFIER_CHARS } from "../../../limits.ts";
import { listAccounts } from "../../../../accounts/accounts.ts";
import { errorResponses } from "../../../errors.ts";
import { adminRoute } from "../../../route.ts";
import { AccountSchema, accountJson, listSchema, PageQuerySchema } from "../../../schemas.ts";
import type { App } from "../../../types.ts";

const route = adminRoute({
  method: "get",
  path: "/v1/admin/accounts",
  summary: "List accounts",
  description: "Newest first; filter by VAT or company number to find an account.",
  request: {
    query: PageQuerySchema.extend({
      vatNumber: z.string().max(MAX_IDENTIFIER_CHARS).optional().openapi({ param: { name: "vatNumber", in: "query" } }),
      companyNumber: z.string().max(MAX_IDENTIFIER_CHARS).optional().openapi({ param: { name: "companyNumber", in: "query" } }),
    }),
  },
  responses: {
    200: { description: "A page of accounts.", content: { "application/json": { schema: listSchema(AccountSchema) } } },
    ...errorResponses(400),
  },
});

export const registerListAccounts = (app: App) =>
  app.openapi(route, async (c) => {
    const page = await listAccounts(c.get("ctx"), c.req.valid("query"));
    return c.json({ items: page.items.map(accountJson), nextCursor: page.nextCursor }, 200);
  });
