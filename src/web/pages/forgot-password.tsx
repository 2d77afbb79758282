import { z } from "zod";
import { requestPasswordReset } from "../../users/password-resets.ts";
import { Button, Csrf, ErrorSummary, errorFor, TextField, type FieldError } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { render } from "../render.ts";
import { throttled } from "../throttle.ts";
import type { WebApp } from "../types.ts";
import { checkForm, email } from "../validation.ts";
import type { View } from "../view.ts";

const ForgotForm = z.object({ email });

function ForgotPage({ v, errors = [], value }: { v: View; errors?: FieldError[]; value?: string }) {
  const { t } = v;
  return (
    <Layout v={v} title={t("forgot.title")} hasErrors={errors.length > 0} narrow lead={t("forgot.lead")}>
      <ErrorSummary v={v} errors={errors} />
      <form method="post" action="/forgot-password" novalidate>
        <Csrf v={v} />
        <TextField id="email" label={t("field.email")} type="email" autocomplete="username" spellcheck={false} value={value} error={errorFor(errors, "email")} />
        <Button>{t("forgot.submit")}</Button>
      </form>
      <p>
        <a href="/sign-in">{t("signUp.signIn")}</a>
      </p>
    </Layout>
  );
}

export function registerForgotPassword(app: WebApp) {
  app.get("/forgot-password", (c) => render(c, <ForgotPage v={c.get("view")} />));

  app.post("/forgot-password", async (c) => {
    const v = c.get("view");
    const body = await c.req.parseBody();
    const form = checkForm(ForgotForm, body, v.t);
    if (!form.ok) return render(c, <ForgotPage v={v} errors={form.errors} value={String(body.email ?? "")} />, 400);
    if (await throttled(c, "mail", form.data.email)) return render(c, <ForgotPage v={v} errors={[{ field: "email", message: v.t("signIn.throttled") }]} value={form.data.email} />, 429);
    // The same answer, as fast, whether the address has a user or not: the mail is sent after the response.
    c.executionCtx.waitUntil(
      requestPasswordReset(c.get("ctx"), form.data.email, v.lang).catch((error) =>
        console.error(JSON.stringify({ msg: "password reset mail failed", error: String(error) })),
      ),
    );
    return c.redirect("/sign-in?notice=resetLinkSent", 303);
  });
}
