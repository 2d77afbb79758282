import { getAccount } from "../../../../accounts/accounts.ts";
import { errorResponses } from "../../../errors.ts";
import { adminRoute } from "../../../route.ts";
import { AccountSchema, accountJson, IdParamSchema } from "../../../schemas.ts";
import type { App } from "../../../types.ts";

const route = adminRoute({
  method: "get",
  path: "/v1/admin/accounts/{id}",
  summary: "Get an account",
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The account.", content: { "application/json": { schema: AccountSchema } } },
    ...errorResponses(404),
  },
});

export const registerGetAccount = (app: App) =>
  app.openapi(route, async (c) => c.json(accountJson(await getAccount(c.get("ctx"), c.req.valid("param").id)), 200));
