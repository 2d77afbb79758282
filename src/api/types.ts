import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Account } from "../accounts/accounts.ts";
import type { Ctx } from "../context.ts";
import type { Language } from "../i18n/languages.ts";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    ctx: Ctx;
    /** Set by `accountAuth`: the account whose API key made the request. */
    account: Account;
    /** Set by `accountAuth`: the key that made the request. */
    apiKeyId: string;
    /** Set by `accountAuth`: the language sentences are rendered in (Accept-Language, else the account's). */
    language: Language;
  };
}

export type App = OpenAPIHono<AppEnv>;
