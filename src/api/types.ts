import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Account } from "../accounts/accounts.ts";
import type { Ctx } from "../context.ts";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    ctx: Ctx;
    /** Set by `accountAuth`: the account whose API key made the request. */
    account: Account;
  };
}

export type App = OpenAPIHono<AppEnv>;
