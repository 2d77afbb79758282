import { accountRoute } from "../../route.ts";
import { AccountSchema, accountJson } from "../../schemas.ts";
import type { App } from "../../types.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/account",
  tags: ["Account"],
  summary: "The caller's account",
  responses: { 200: { description: "The account the API key belongs to.", content: { "application/json": { schema: AccountSchema } } } },
});

export const registerGetOwnAccount = (app: App) => app.openapi(route, (c) => c.json(accountJson(c.get("account")), 200));
