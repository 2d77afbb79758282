import { isLanguage } from "../../i18n/languages.ts";
import { setUserLanguage } from "../../users/users.ts";
import { writeCookie } from "../cookies.ts";
import { safeNext } from "../middleware/auth.ts";
import type { WebApp } from "../types.ts";

/** A year: the choice made before signing in outlasts the browser session. */
const LANGUAGE_COOKIE_SECONDS = 365 * 24 * 60 * 60;

/** The language switcher of every page: saved on the user when signed in, else in a cookie; then back to the page. */
export function registerLanguage(app: WebApp) {
  app.post("/language", async (c) => {
    const body = await c.req.parseBody();
    const back = safeNext(typeof body.back === "string" ? body.back : undefined, "/");
    const language = body.language;
    if (!isLanguage(language)) return c.redirect(back, 303);
    const signedIn = c.get("signedIn");
    if (signedIn) await setUserLanguage(c.get("ctx"), signedIn.user, language);
    writeCookie(c, "lang", language, LANGUAGE_COOKIE_SECONDS);
    return c.redirect(back, 303);
  });
}
