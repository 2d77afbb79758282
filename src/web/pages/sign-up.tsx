import { z } from "zod";
import { languages } from "../../i18n/languages.ts";
import { passwordProblem } from "../../users/passwords.ts";
import { signUp } from "../../users/users.ts";
import { Button, Csrf, ErrorSummary, errorFor, SelectField, TextField, type FieldError } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { ACCOUNT_COUNTRIES, countryOptions } from "../countries.ts";
import { render } from "../render.ts";
import { signIn } from "../sign-in.ts";
import { throttled } from "../throttle.ts";
import type { WebApp } from "../types.ts";
import { checkForm, domainErrors, email, password, PASSWORD_PROBLEMS, text } from "../validation.ts";
import type { View } from "../view.ts";
import { forbiddenPage } from "../errors.tsx";

const SignUpForm = z
  .object({
    companyName: text(200, "signUp.companyName.required"),
    country: z.enum(ACCOUNT_COUNTRIES, "signUp.country.required"),
    vatNumber: text(40),
    companyNumber: text(40),
    name: text(200, "form.name.required"),
    email,
    password,
  })
  .superRefine((form, ctx) => {
    if (!form.vatNumber && !form.companyNumber) ctx.addIssue({ code: "custom", path: ["vatNumber"], message: "signUp.numbers.required" });
  });

type Values = Partial<Record<keyof z.input<typeof SignUpForm>, string>>;

function SignUpPage({ v, errors = [], values = {} }: { v: View; errors?: FieldError[]; values?: Values }) {
  const { t } = v;
  return (
    <Layout v={v} title={t("signUp.title")} hasErrors={errors.length > 0} narrow lead={t("signUp.lead")}>
      <ErrorSummary v={v} errors={errors} />
      <form method="post" action="/sign-up" novalidate>
        <Csrf v={v} />
        <fieldset class="form-section">
          <legend>{t("signUp.company")}</legend>
          <TextField id="companyName" label={t("field.companyName")} autocomplete="organization" value={values.companyName} error={errorFor(errors, "companyName")} />
          <SelectField id="country" label={t("field.country")} options={countryOptions(v.lang)} value={values.country ?? "BE"} error={errorFor(errors, "country")} width="medium" />
          <TextField id="vatNumber" label={t("field.vatNumber")} hint={t("signUp.vatNumber.hint")} width="medium" spellcheck={false} value={values.vatNumber} error={errorFor(errors, "vatNumber")} />
          <TextField id="companyNumber" label={t("field.companyNumber")} hint={t("signUp.companyNumber.hint")} width="medium" spellcheck={false} value={values.companyNumber} error={errorFor(errors, "companyNumber")} />
        </fieldset>
        <fieldset class="form-section">
          <legend>{t("signUp.you")}</legend>
          <TextField id="name" label={t("field.yourName")} autocomplete="name" value={values.name} error={errorFor(errors, "name")} />
          <TextField id="email" label={t("field.email")} type="email" autocomplete="email" spellcheck={false} hint={t("signUp.email.hint")} value={values.email} error={errorFor(errors, "email")} />
          <TextField id="password" label={t("field.newPassword")} type="password" autocomplete="new-password" hint={t("form.password.hint")} error={errorFor(errors, "password")} />
        </fieldset>
        <Button>{t("signUp.submit")}</Button>
      </form>
      <p>
        {t("signUp.haveAccount")} <a href="/sign-in">{t("signUp.signIn")}</a>
      </p>
    </Layout>
  );
}

function ClosedPage({ v }: { v: View }) {
  return (
    <Layout v={v} title={v.t("signUp.closed.title")} narrow>
      <p>{v.t("signUp.closed.body")}</p>
      <p>
        <a href="/sign-in">{v.t("signUp.signIn")}</a>
      </p>
    </Layout>
  );
}

export function registerSignUp(app: WebApp) {
  app.get("/sign-up", (c) => {
    if (c.get("ctx").config.SIGN_UP === "off") return render(c, <ClosedPage v={c.get("view")} />, 404);
    if (c.get("signedIn")) return c.redirect("/connectors", 303);
    return render(c, <SignUpPage v={c.get("view")} />);
  });

  app.post("/sign-up", async (c) => {
    const v = c.get("view");
    const ctx = c.get("ctx");
    if (ctx.config.SIGN_UP === "off") return forbiddenPage(c, "signUp.closed.body");
    const body = await c.req.parseBody();
    const values = Object.fromEntries(Object.entries(body).filter(([k, value]) => k !== "password" && typeof value === "string")) as Values;
    const form = checkForm(SignUpForm, body, v.t);
    if (!form.ok) return render(c, <SignUpPage v={v} errors={form.errors} values={values} />, 400);
    const { data } = form;
    const problem = passwordProblem(data.password, data.email);
    if (problem) return render(c, <SignUpPage v={v} errors={[{ field: "password", message: v.t(PASSWORD_PROBLEMS[problem]) }]} values={values} />, 400);
    if (await throttled(c, "mail", data.email)) return render(c, <SignUpPage v={v} errors={[{ field: "email", message: v.t("signIn.throttled") }]} values={values} />, 429);
    try {
      const { user } = await signUp(ctx, {
        account: {
          name: data.companyName,
          country: data.country,
          vatNumber: data.vatNumber || undefined,
          companyNumber: data.companyNumber || undefined,
          language: languages.includes(v.lang) ? v.lang : "en",
        },
        name: data.name,
        email: data.email,
        password: data.password,
      });
      await signIn(c, user);
      return c.redirect("/connectors?notice=welcome", 303);
    } catch (error) {
      const errors = domainErrors(error, { vatNumber: "signUp.vatNumber.invalid", companyNumber: "signUp.companyNumber.invalid", email: "signUp.email.taken" }, v.t);
      if (!errors) throw error;
      // A number another account uses is a conflict on the same fields, said differently.
      const conflict = (error as { code?: string }).code === "CONFLICT";
      const said = conflict ? errors.map((e) => (e.field === "email" ? e : { ...e, message: v.t("signUp.numbers.taken") })) : errors;
      return render(c, <SignUpPage v={v} errors={said} values={values} />, conflict ? 409 : 422);
    }
  });
}
