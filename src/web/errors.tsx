import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError } from "../errors.ts";
import { Layout } from "./components/layout.tsx";
import type { MessageKey } from "./i18n/index.ts";
import { render } from "./render.ts";
import type { WebEnv } from "./types.ts";
import { createView, type View } from "./view.ts";

/** A page that only says what went wrong and what to do. */
function problemPage(c: Context<WebEnv>, status: ContentfulStatusCode, title: MessageKey, body: MessageKey) {
  // An error before the view was built (the configuration, the session lookup) still gets a page, in English.
  const v: View = c.get("view") ?? createView({ lang: "en", csrf: "", here: "/", user: null, account: null, notice: null });
  return render(
    c,
    <Layout v={v} title={v.t(title)} narrow={!v.user}>
      <p>{v.t(body)}</p>
      <p>
        <a href={v.user ? "/connectors" : "/sign-in"}>{v.t("error.backHome")}</a>
      </p>
    </Layout>,
    status,
  );
}

export const notFoundPage = (c: Context<WebEnv>) => problemPage(c, 404, "error.notFound.title", "error.notFound.body");

/** A request refused: a form without its token, from another site, or what the user's role may not do. */
export const forbiddenPage = (c: Context<WebEnv>, body: MessageKey = "error.forbidden.body") => problemPage(c, 403, "error.forbidden.title", body);

/** An action the state no longer allows (rescanning a file that was rescanned, with the connector off): say why. */
export const conflictPage = (c: Context<WebEnv>, body: MessageKey) => problemPage(c, 409, "error.conflict.title", body);

/** Anything thrown: another account's id or an unknown one is a 404, a conflict says so, the rest is logged and a 500. */
export function webErrorPage(error: unknown, c: Context<WebEnv>) {
  if (error instanceof AppError) {
    if (error.code === "NOT_FOUND") return notFoundPage(c);
    if (error.code === "FORBIDDEN") return forbiddenPage(c);
  }
  console.error(JSON.stringify({ msg: "unhandled error in the web app", requestId: c.get("requestId"), error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }));
  return problemPage(c, 500, "error.internal.title", "error.internal.body");
}

