import { z } from "zod";
import { authenticate } from "../../users/users.ts";
import { deleteSession } from "../../users/sessions.ts";
import { ErrorSummary, errorFor, Button, Csrf, TextField, type FieldError } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { safeNext } from "../middleware/auth.ts";
import { clearSessionCookie, signIn } from "../sign-in.ts";
import { render } from "../render.ts";
import { throttled } from "../throttle.ts";
import type { WebApp } from "../types.ts";
import { checkForm, email, password } from "../validation.ts";
import type { View } from "../view.ts";

const SignInForm = z.object({ email, password, next: z.string().optional() });

function SignInPage({ v, errors = [], values = {}, next, signUpOpen }: { v: View; errors?: FieldError[]; values?: { email?: string }; next: string; signUpOpen: boolean }) {
  const { t } = v;
  return (
    <Layout v={v} title={t("signIn.title")} hasErrors={errors.length > 0} narrow>
      <ErrorSummary v={v} errors={errors} />
      <form method="post" action="/sign-in" novalidate>
        <Csrf v={v} />
        <input type="hidden" name="next" value={next} />
        <TextField id="email" label={t("field.email")} type="email" autocomplete="username" spellcheck={false} value={values.email} error={errorFor(errors, "email")} />
        <TextField id="password" label={t("field.password")} type="password" autocomplete="current-password" error={errorFor(errors, "password")} />
        <Button>{t("signIn.submit")}</Button>
      </form>
      <p>
        <a href="/forgot-password">{t("signIn.forgot")}</a>
      </p>
      {signUpOpen ? (
        <p>
          {t("signIn.noAccount")} <a href="/sign-up">{t("signIn.createAccount")}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function registerSignIn(app: WebApp) {
  app.get("/sign-in", (c) => {
    if (c.get("signedIn")) return c.redirect(safeNext(c.req.query("next")), 303);
    return render(c, <SignInPage v={c.get("view")} next={safeNext(c.req.query("next"))} signUpOpen={c.get("ctx").config.SIGN_UP === "on"} />);
  });

  app.post("/sign-in", async (c) => {
    const v = c.get("view");
    const ctx = c.get("ctx");
    const body = await c.req.parseBody();
    const next = safeNext(typeof body.next === "string" ? body.next : undefined);
    const signUpOpen = ctx.config.SIGN_UP === "on";
    const form = checkForm(SignInForm, body, v.t);
    if (!form.ok) return render(c, <SignInPage v={v} errors={form.errors} values={{ email: String(body.email ?? "") }} next={next} signUpOpen={signUpOpen} />, 400);
    if (await throttled(c, "sign-in", form.data.email)) {
      return render(c, <SignInPage v={v} errors={[{ field: "email", message: v.t("signIn.throttled") }]} values={form.data} next={next} signUpOpen={signUpOpen} />, 429);
    }
    const user = await authenticate(ctx, form.data.email, form.data.password);
    if (!user) {
      // One message for an unknown address and a wrong password: the page does not tell which addresses have users.
      return render(c, <SignInPage v={v} errors={[{ field: "email", message: v.t("signIn.wrong") }]} values={form.data} next={next} signUpOpen={signUpOpen} />, 401);
    }
    await signIn(c, user);
    return c.redirect(next, 303);
  });

  app.post("/sign-out", async (c) => {
    const signedIn = c.get("signedIn");
    if (signedIn) await deleteSession(c.get("ctx"), signedIn.session.id);
    clearSessionCookie(c);
    return c.redirect("/sign-in?notice=signedOut", 303);
  });
}
