import type { Context } from "hono";
import { z } from "zod";
import { invite, listPendingInvitations, revokeInvitation } from "../../users/invitations.ts";
import { listUsers, removeMember } from "../../users/users.ts";
import { ActionForm, Button, Csrf, ErrorSummary, errorFor, TextField, type FieldError } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { requireOwner, signedIn } from "../middleware/auth.ts";
import { render } from "../render.ts";
import { throttled } from "../throttle.ts";
import type { WebApp, WebEnv } from "../types.ts";
import { checkForm, domainErrors, email } from "../validation.ts";

const InviteForm = z.object({ email });

async function TeamPage({ c, errors = [], email: typed }: { c: Context<WebEnv>; errors?: FieldError[]; email?: string }) {
  const v = c.get("view");
  const { t } = v;
  const { user, account } = signedIn(c);
  const ctx = c.get("ctx");
  const owner = user.role === "owner";
  const [members, invitations] = await Promise.all([listUsers(ctx, account.id), listPendingInvitations(ctx, account.id)]);
  const now = new Date().toISOString();
  return (
    <Layout v={v} title={t("team.title")} hasErrors={errors.length > 0} lead={owner ? t("team.leadOwner") : t("team.leadMember")}>
      <ErrorSummary v={v} errors={errors} />
      <h2>{v.tp(members.length, "team.members")}</h2>
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">{t("team.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("team.name")}</th>
              <th scope="col">{t("field.email")}</th>
              <th scope="col">{t("team.role")}</th>
              {owner ? <th scope="col">{t("mail.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr>
                <td>
                  {member.name}
                  {member.id === user.id ? <span class="muted"> ({t("team.you")})</span> : null}
                </td>
                <td class="wrap">{member.email}</td>
                <td>{member.role === "owner" ? t("team.owner") : t("team.member")}</td>
                {owner ? (
                  <td>
                    {member.role === "member" ? (
                      <ActionForm v={v} action={`/team/members/${member.id}/remove`} label={t("team.remove", { name: member.name })} variant="warning" />
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t("team.invitations")}</h2>
      {invitations.length === 0 ? (
        <p>{t("team.noInvitations")}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{t("team.invitations")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("field.email")}</th>
                <th scope="col">{t("team.expires")}</th>
                {owner ? <th scope="col">{t("mail.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {invitations.map((invitation) => (
                <tr>
                  <td class="wrap">{invitation.email}</td>
                  <td>{invitation.expiresAt > now ? v.dateTime(invitation.expiresAt) : <span class="tag tag--inactive">{t("team.expired")}</span>}</td>
                  {owner ? (
                    <td>
                      <ActionForm v={v} action={`/team/invitations/${invitation.id}/revoke`} label={t("team.revoke")} variant="warning" />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {owner ? (
        <section aria-labelledby="invite-title" class="panel">
          <h2 id="invite-title">{t("team.invite.title")}</h2>
          <form method="post" action="/team/invitations" novalidate>
            <Csrf v={v} />
            <TextField id="email" label={t("team.invite.email")} hint={t("team.invite.hint")} type="email" spellcheck={false} width="medium" value={typed} error={errorFor(errors, "email")} />
            <Button>{t("team.invite.submit")}</Button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

export function registerTeam(app: WebApp) {
  app.get("/team", (c) => render(c, <TeamPage c={c} />));

  app.post("/team/invitations", requireOwner, async (c) => {
    const v = c.get("view");
    const body = await c.req.parseBody();
    const form = checkForm(InviteForm, body, v.t);
    if (!form.ok) return render(c, <TeamPage c={c} errors={form.errors} email={String(body.email ?? "")} />, 400);
    if (await throttled(c, "mail", form.data.email)) return render(c, <TeamPage c={c} errors={[{ field: "email", message: v.t("signIn.throttled") }]} email={form.data.email} />, 429);
    const { user, account } = signedIn(c);
    try {
      const { mailed } = await invite(c.get("ctx"), { account, email: form.data.email, role: "member", invitedBy: user });
      return c.redirect(`/team?notice=${mailed ? "invitationSent" : "invitationNotMailed"}`, 303);
    } catch (error) {
      const conflict = error instanceof Error && "details" in error ? (error.details as { message: string }[] | undefined)?.[0]?.message : undefined;
      const errors = domainErrors(error, { email: conflict === "already_member" ? "team.invite.alreadyMember" : "team.invite.otherAccount" }, v.t);
      if (!errors) throw error;
      return render(c, <TeamPage c={c} errors={errors} email={form.data.email} />, 409);
    }
  });

  app.post("/team/invitations/:id/revoke", requireOwner, async (c) => {
    await revokeInvitation(c.get("ctx"), signedIn(c).account.id, c.req.param("id"));
    return c.redirect("/team?notice=invitationRevoked", 303);
  });

  app.post("/team/members/:id/remove", requireOwner, async (c) => {
    await removeMember(c.get("ctx"), signedIn(c).account.id, c.req.param("id"));
    return c.redirect("/team?notice=memberRemoved", 303);
  });
}
