import type { Context } from "hono";
import { z } from "zod";
import { updateAccountProfile } from "../../accounts/accounts.ts";
import { issueApiKey, listApiKeys, revokeApiKey } from "../../accounts/api-keys.ts";
import { now } from "../../ids.ts";
import { languages, type Language } from "../../i18n/languages.ts";
import { passwordProblem } from "../../users/passwords.ts";
import { deleteUserSessions } from "../../users/sessions.ts";
import { changePassword, setUserLanguage } from "../../users/users.ts";
import { ActionForm, Button, Csrf, ErrorSummary, errorFor, SelectField, TextField, type FieldError } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { writeCookie } from "../cookies.ts";
import { requireOwner, signedIn } from "../middleware/auth.ts";
import { render } from "../render.ts";
import { clearSessionCookie } from "../sign-in.ts";
import type { WebApp, WebEnv } from "../types.ts";
import { checkForm, domainErrors, email, password, PASSWORD_PROBLEMS, text } from "../validation.ts";
import type { View } from "../view.ts";

const LANGUAGE_NAMES: Record<Language, string> = { en: "English", fr: "Français", nl: "Nederlands", de: "Deutsch" };
const languageOptions = (v: View) => languages.map((code) => ({ value: code, label: LANGUAGE_NAMES[code] }));

const PasswordForm = z.object({ currentPassword: password, newPassword: password });
const ProfileForm = z.object({
  name: text(200, "settings.profile.name.required"),
  contactEmail: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), email.optional()),
  accountLanguage: z.enum(languages, "settings.language.invalid"),
});

interface SettingsState {
  errors?: FieldError[];
  /** A key created just now: shown on this page only. */
  newApiKey?: string;
  profile?: Partial<Record<"name" | "contactEmail" | "accountLanguage", string>>;
}

async function SettingsPage({ c, errors = [], newApiKey, profile }: SettingsState & { c: Context<WebEnv> }) {
  const v = c.get("view");
  const { t } = v;
  const { user, account } = signedIn(c);
  const owner = user.role === "owner";
  // Revoked keys and keys past a rotation's grace period are history for the API, not keys to manage here.
  const at = now();
  const keys = owner ? (await listApiKeys(c.get("ctx"), account.id)).filter((key) => !key.revokedAt && !(key.expiresAt && key.expiresAt <= at)) : [];
  return (
    <Layout v={v} title={t("settings.title")} hasErrors={errors.length > 0}>
      <ErrorSummary v={v} errors={errors} />
      <section aria-labelledby="language-title" class="panel">
        <h2 id="language-title">{t("settings.language.title")}</h2>
        <form method="post" action="/settings/language">
          <Csrf v={v} />
          <SelectField
            id="language"
            label={t("settings.language.label")}
            hint={t("settings.language.hint")}
            value={user.language ?? ""}
            width="medium"
            options={[{ value: "", label: t("settings.language.browser") }, ...languageOptions(v)]}
          />
          <Button variant="secondary">{t("settings.language.save")}</Button>
        </form>
      </section>

      <section aria-labelledby="password-title" class="panel">
        <h2 id="password-title">{t("settings.password.title")}</h2>
        <form method="post" action="/settings/password" novalidate>
          <Csrf v={v} />
          <input type="hidden" name="username" autocomplete="username" value={user.email} />
          <TextField id="currentPassword" label={t("field.currentPassword")} type="password" autocomplete="current-password" width="medium" error={errorFor(errors, "currentPassword")} />
          <TextField id="newPassword" label={t("field.newPassword")} type="password" autocomplete="new-password" width="medium" hint={t("form.password.hint")} error={errorFor(errors, "newPassword")} />
          <Button variant="secondary">{t("settings.password.save")}</Button>
        </form>
      </section>

      <section aria-labelledby="sessions-title" class="panel">
        <h2 id="sessions-title">{t("settings.sessions.title")}</h2>
        <p>{t("settings.sessions.body")}</p>
        <ActionForm v={v} action="/settings/sign-out-everywhere" label={t("settings.sessions.button")} variant="warning" />
      </section>

      {owner ? (
        <section aria-labelledby="profile-title" class="panel">
          <h2 id="profile-title">{t("settings.profile.title")}</h2>
          <form method="post" action="/settings/profile" novalidate>
            <Csrf v={v} />
            <TextField id="name" label={t("field.companyName")} value={profile?.name ?? account.name} error={errorFor(errors, "name")} autocomplete="organization" />
            <TextField
              id="contactEmail"
              label={t("settings.profile.contactEmail")}
              hint={t("settings.profile.contactEmailHint")}
              type="email"
              value={profile?.contactEmail ?? account.contactEmail}
              error={errorFor(errors, "contactEmail")}
            />
            <SelectField
              id="accountLanguage"
              label={t("settings.profile.language")}
              hint={t("settings.profile.languageHint")}
              value={profile?.accountLanguage ?? account.language}
              width="medium"
              options={languageOptions(v)}
              error={errorFor(errors, "accountLanguage")}
            />
            <dl class="summary">
              <div class="summary__row">
                <dt>{t("field.vatNumber")}</dt>
                <dd>{account.vatNumber ?? "–"}</dd>
              </div>
              <div class="summary__row">
                <dt>{t("field.companyNumber")}</dt>
                <dd>{account.companyNumber ?? "–"}</dd>
              </div>
            </dl>
            <p class="hint">{t("settings.profile.numbersHint")}</p>
            <Button variant="secondary">{t("settings.profile.save")}</Button>
          </form>
        </section>
      ) : null}

      {owner ? (
        <section aria-labelledby="keys-title" class="panel">
          <h2 id="keys-title">{t("settings.apiKeys.title")}</h2>
          <p>{t("settings.apiKeys.body")}</p>
          {newApiKey ? (
            <div class="notice notice--key" role="status">
              <p>{t("settings.apiKeys.created")}</p>
              <p>
                <code class="address">{newApiKey}</code>
              </p>
            </div>
          ) : null}
          {keys.length === 0 ? (
            <p>{t("settings.apiKeys.none")}</p>
          ) : (
            <div class="table-wrap">
              <table class="table">
                <caption class="visually-hidden">{t("settings.apiKeys.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("settings.apiKeys.key")}</th>
                    <th scope="col">{t("settings.apiKeys.createdAt")}</th>
                    <th scope="col">{t("mail.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {keys.map((key) => (
                    <tr>
                      <td>
                        <code>{key.start}…</code>
                        {key.name ? ` ${key.name}` : null}
                      </td>
                      <td>{v.date(key.createdAt)}</td>
                      <td>
                        <ActionForm v={v} action={`/settings/api-keys/${key.id}/revoke`} label={t("settings.apiKeys.revoke")} variant="warning" />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ActionForm v={v} action="/settings/api-keys" label={t("settings.apiKeys.create")} />
        </section>
      ) : null}
    </Layout>
  );
}

export function registerSettings(app: WebApp) {
  app.get("/settings", (c) => render(c, <SettingsPage c={c} />));

  app.post("/settings/language", async (c) => {
    const chosen = (await c.req.parseBody()).language;
    const language = languages.find((l) => l === chosen) ?? null;
    await setUserLanguage(c.get("ctx"), signedIn(c).user, language);
    if (language) writeCookie(c, "lang", language);
    return c.redirect("/settings?notice=languageSaved", 303);
  });

  app.post("/settings/password", async (c) => {
    const v = c.get("view");
    const { user, session } = signedIn(c);
    const form = checkForm(PasswordForm, await c.req.parseBody(), v.t);
    if (!form.ok) return render(c, <SettingsPage c={c} errors={form.errors} />, 400);
    const problem = passwordProblem(form.data.newPassword, user.email);
    if (problem) return render(c, <SettingsPage c={c} errors={[{ field: "newPassword", message: v.t(PASSWORD_PROBLEMS[problem]) }]} />, 400);
    try {
      await changePassword(c.get("ctx"), user, form.data.currentPassword, form.data.newPassword, session.id);
    } catch (error) {
      const errors = domainErrors(error, { currentPassword: "settings.password.wrong" }, v.t);
      if (!errors) throw error;
      return render(c, <SettingsPage c={c} errors={errors} />, 422);
    }
    return c.redirect("/settings?notice=passwordChanged", 303);
  });

  app.post("/settings/sign-out-everywhere", async (c) => {
    await deleteUserSessions(c.get("ctx"), signedIn(c).user.id);
    clearSessionCookie(c);
    return c.redirect("/sign-in?notice=signedOutEverywhere", 303);
  });

  app.post("/settings/profile", requireOwner, async (c) => {
    const v = c.get("view");
    const body = await c.req.parseBody();
    const form = checkForm(ProfileForm, body, v.t);
    const profile = { name: String(body.name ?? ""), contactEmail: String(body.contactEmail ?? ""), accountLanguage: String(body.accountLanguage ?? "") };
    if (!form.ok) return render(c, <SettingsPage c={c} errors={form.errors} profile={profile} />, 400);
    await updateAccountProfile(c.get("ctx"), signedIn(c).account.id, { name: form.data.name, contactEmail: form.data.contactEmail ?? null, language: form.data.accountLanguage });
    return c.redirect("/settings?notice=profileSaved", 303);
  });

  // The key is shown on the page this request answers, once; it is stored only as a hash.
  app.post("/settings/api-keys", requireOwner, async (c) => {
    const { key } = await issueApiKey(c.get("ctx"), signedIn(c).account.id);
    return render(c, <SettingsPage c={c} newApiKey={key} />, 201);
  });

  app.post("/settings/api-keys/:id/revoke", requireOwner, async (c) => {
    await revokeApiKey(c.get("ctx"), signedIn(c).account.id, c.req.param("id"));
    return c.redirect("/settings?notice=apiKeyRevoked", 303);
  });
}
