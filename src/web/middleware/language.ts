import { createMiddleware } from "hono/factory";
import { isLanguage, negotiateLanguage, type Language } from "../../i18n/languages.ts";
import { readCookie } from "../cookies.ts";
import type { WebEnv } from "../types.ts";
import { createView } from "../view.ts";
import { formToken } from "./csrf.ts";

/**
 * The language a page speaks: the signed-in user's own setting, else the one
 * chosen with the switcher before signing in (a cookie), else the browser's
 * Accept-Language, else English. Builds the request's View with it.
 */
export const language = createMiddleware<WebEnv>(async (c, next) => {
  const signedIn = c.get("signedIn");
  const chosen = readCookie(c, "lang");
  const lang: Language = signedIn?.user.language ?? (isLanguage(chosen) ? chosen : null) ?? negotiateLanguage(c.req.header("Accept-Language")) ?? "en";
  const url = new URL(c.req.url);
  url.searchParams.delete("notice");
  c.set(
    "view",
    createView({
      lang,
      csrf: await formToken(c),
      here: url.pathname + url.search,
      user: signedIn?.user ?? null,
      account: signedIn?.account ?? null,
      notice: c.req.query("notice") ?? null,
    }),
  );
  c.header("Content-Language", lang);
  c.header("Vary", "Accept-Language, Cookie");
  await next();
});
