import { z } from "zod";
import { acceptInvitation, openInvitation } from "../../users/invitations.ts";
import { passwordProblem } from "../../users/passwords.ts";
import { deleteSession } from "../../users/sessions.ts";
import { Button, Csrf, ErrorSummary, errorFor, TextField, type FieldError } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { writeCookie } from "../cookies.ts";
import { render } from "../render.ts";
import type { WebApp } from "../types.ts";
import { checkForm, password, PASSWORD_PROBLEMS, text } from "../validation.ts";
import type { View } from "../view.ts";
import { LinkExpiredPage } from "./reset-password.tsx";

const AcceptForm = z.object({ name: text(200, "form.name.required"), password });

function InvitationPage({ v, token, email, accountName, errors = [], name }: { v: View; token: string; email: string; accountName: string; errors?: FieldError[]; name?: string }) {
  const { t } = v;
  return (
    <Layout v={v} title={t("invitation.title", { account: accountName })} hasErrors={errors.length > 0} narrow lead={t("invitation.lead", { email })}>
      <ErrorSummary v={v} errors={errors} />
      <form method="post" action={`/invitations/${token}`} novalidate>
        <Csrf v={v} />
        <input type="hidden" name="username" autocomplete="username" value={email} />
        <TextField id="name" label={t("field.yourName")} autocomplete="name" value={name} error={errorFor(errors, "name")} />
        <TextField id="password" label={t("field.newPassword")} type="password" autocomplete="new-password" hint={t("form.password.hint")} error={errorFor(errors, "password")} />
        <Button>{t("invitation.submit")}</Button>
      </form>
    </Layout>
  );
}

export function registerInvitation(app: WebApp) {
  const expired = (v: View) => <LinkExpiredPage v={v} title={v.t("invitation.expired.title")} body={v.t("invitation.expired.body")} />;

  app.get("/invitations/:token", async (c) => {
    const v = c.get("view");
    const open = await openInvitation(c.get("ctx"), c.req.param("token"));
    if (!open) return render(c, expired(v), 404);
    return render(c, <InvitationPage v={v} token={c.req.param("token")} email={open.invitation.email} accountName={open.account.name} />);
  });

  app.post("/invitations/:token", async (c) => {
    const v = c.get("view");
    const ctx = c.get("ctx");
    const token = c.req.param("token");
    const open = await openInvitation(ctx, token);
    if (!open) return render(c, expired(v), 404);
    const body = await c.req.parseBody();
    const form = checkForm(AcceptForm, body, v.t);
    const problem = form.ok ? passwordProblem(form.data.password, open.invitation.email) : null;
    if (!form.ok || problem) {
      const errors = !form.ok ? form.errors : [{ field: "password", message: v.t(PASSWORD_PROBLEMS[problem!]) }];
      return render(c, <InvitationPage v={v} token={token} email={open.invitation.email} accountName={open.account.name} errors={errors} name={String(body.name ?? "")} />, 400);
    }
    const before = c.get("signedIn");
    const accepted = await acceptInvitation(ctx, token, form.data);
    // Whoever was signed in in this browser is signed out: the new user gets a session of their own.
    if (before) await deleteSession(ctx, before.session.id);
    writeCookie(c, "session", accepted.token);
    return c.redirect("/connectors?notice=welcome", 303);
  });
}
