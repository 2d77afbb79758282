import { z } from "zod";
import { openPasswordReset, resetPassword } from "../../users/password-resets.ts";
import { passwordProblem } from "../../users/passwords.ts";
import { Button, Csrf, ErrorSummary, errorFor, TextField, type FieldError } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { render } from "../render.ts";
import type { WebApp } from "../types.ts";
import { checkForm, password, PASSWORD_PROBLEMS } from "../validation.ts";
import type { View } from "../view.ts";

const ResetForm = z.object({ password });

function ResetPage({ v, token, email, errors = [] }: { v: View; token: string; email: string; errors?: FieldError[] }) {
  const { t } = v;
  return (
    <Layout v={v} title={t("reset.title")} hasErrors={errors.length > 0} narrow>
      <ErrorSummary v={v} errors={errors} />
      <p>{t("reset.for", { email })}</p>
      <form method="post" action={`/reset-password/${token}`} novalidate>
        <Csrf v={v} />
        {/* Password managers pair the new password with this account. */}
        <input type="hidden" name="username" autocomplete="username" value={email} />
        <TextField id="password" label={t("field.newPassword")} type="password" autocomplete="new-password" hint={t("form.password.hint")} error={errorFor(errors, "password")} />
        <Button>{t("reset.submit")}</Button>
      </form>
    </Layout>
  );
}

/** A link that was used, replaced or has expired: say so, and how to get a new one. */
export function LinkExpiredPage({ v, title, body, action }: { v: View; title: string; body: string; action?: { href: string; label: string } }) {
  return (
    <Layout v={v} title={title} narrow>
      <p>{body}</p>
      {action ? (
        <p>
          <a href={action.href}>{action.label}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function registerResetPassword(app: WebApp) {
  app.get("/reset-password/:token", async (c) => {
    const v = c.get("view");
    const user = await openPasswordReset(c.get("ctx"), c.req.param("token"));
    if (!user) return render(c, <LinkExpiredPage v={v} title={v.t("reset.expired.title")} body={v.t("reset.expired.body")} action={{ href: "/forgot-password", label: v.t("forgot.title") }} />, 404);
    return render(c, <ResetPage v={v} token={c.req.param("token")} email={user.email} />);
  });

  app.post("/reset-password/:token", async (c) => {
    const v = c.get("view");
    const ctx = c.get("ctx");
    const token = c.req.param("token");
    const user = await openPasswordReset(ctx, token);
    if (!user) return render(c, <LinkExpiredPage v={v} title={v.t("reset.expired.title")} body={v.t("reset.expired.body")} action={{ href: "/forgot-password", label: v.t("forgot.title") }} />, 404);
    const form = checkForm(ResetForm, await c.req.parseBody(), v.t);
    const problem = form.ok ? passwordProblem(form.data.password, user.email) : null;
    const errors = !form.ok ? form.errors : problem ? [{ field: "password", message: v.t(PASSWORD_PROBLEMS[problem]) }] : [];
    if (!form.ok || problem) return render(c, <ResetPage v={v} token={token} email={user.email} errors={errors} />, 400);
    await resetPassword(ctx, token, form.data.password);
    return c.redirect("/sign-in?notice=passwordReset", 303);
  });
}
