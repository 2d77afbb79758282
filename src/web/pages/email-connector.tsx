import type { Context } from "hono";
import { connectorActivity } from "../../connectors/activity.ts";
import { deactivateEmailConnector, getEmailConnector, installEmailConnector, type EmailConnector } from "../../connectors/email-connector.ts";
import { AppError } from "../../errors.ts";
import { CopyButton } from "../components/copy-button.tsx";
import { Confirm, Dialog, DialogTrigger } from "../components/dialog.tsx";
import { ActionForm } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { signedIn } from "../middleware/auth.ts";
import { render } from "../render.ts";
import type { WebApp, WebEnv } from "../types.ts";
import type { View } from "../view.ts";

/** The page's "what arrived" covers this many days. */
const ACTIVITY_DAYS = 30;

function DeactivateBody({ v }: { v: View }) {
  return (
    <>
      <p>{v.t("emailConnector.deactivate.what")}</p>
      <ul>
        <li>{v.t("emailConnector.deactivate.mailRefused")}</li>
        <li>{v.t("emailConnector.deactivate.sendingBlocked")}</li>
        <li>{v.t("emailConnector.deactivate.historyKept")}</li>
      </ul>
    </>
  );
}

async function connectorOr404(c: Context<WebEnv>): Promise<EmailConnector | null> {
  try {
    return await getEmailConnector(c.get("ctx"), signedIn(c).account.id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

export function registerEmailConnector(app: WebApp) {
  app.post("/connectors/email/install", async (c) => {
    const { created } = await installEmailConnector(c.get("ctx"), signedIn(c).account);
    return c.redirect(`/connectors/email?notice=${created ? "connectorInstalled" : "connectorActivated"}`, 303);
  });

  app.get("/connectors/email", async (c) => {
    const v = c.get("view");
    const { t } = v;
    const connector = await connectorOr404(c);
    if (!connector) return c.redirect("/connectors", 303);
    const activity = await connectorActivity(c.get("ctx"), signedIn(c).account.id, ACTIVITY_DAYS);
    const active = connector.status === "active";
    return render(
      c,
      <Layout v={v} title={t("emailConnector.title")}>
        <p>
          <span class={`tag tag--${connector.status}`}>{active ? t("connector.status.active") : t("connector.status.inactive")}</span>{" "}
          {active ? t("emailConnector.activeSince", { date: v.date(connector.installedAt) }) : t("emailConnector.inactiveSince", { date: v.date(connector.updatedAt) })}
        </p>

        <section aria-labelledby="addresses-title">
          <h2 id="addresses-title">{t("emailConnector.addresses.title")}</h2>
          <p>{t("emailConnector.addresses.share")}</p>
          <dl class="addresses">
            {connector.importAddresses.map((a) => (
              <div class="addresses__row">
                <dt>{a.kind === "vat" ? t("emailConnector.addresses.vat") : t("emailConnector.addresses.company")}</dt>
                <dd>
                  <code class="address">{a.address}</code> <CopyButton v={v} text={a.address} label={t("emailConnector.addresses.copy")} />
                </dd>
              </div>
            ))}
          </dl>
          <p class="hint">{t("emailConnector.addresses.hint")}</p>
        </section>

        <section aria-labelledby="checks-title">
          <h2 id="checks-title">{t("emailConnector.checks.title")}</h2>
          <ul>
            <li>{t("emailConnector.checks.builtin")}</li>
            <li>{connector.scanners.clamav.enabled ? t("emailConnector.checks.clamavOn") : t("emailConnector.checks.clamavOff")}</li>
          </ul>
          <p class="hint">{t("emailConnector.checks.failClosed")}</p>
        </section>

        <section aria-labelledby="activity-title">
          <h2 id="activity-title">{t("emailConnector.activity.title", { days: ACTIVITY_DAYS })}</h2>
          <dl class="stats">
            <div>
              <dt>{t("emailConnector.activity.mails")}</dt>
              <dd>{v.number(activity.mailsReceived)}</dd>
            </div>
            <div>
              <dt>{t("emailConnector.activity.imported")}</dt>
              <dd>
                <a href="/purchase-invoices">{v.number(activity.documentsImported)}</a>
              </dd>
            </div>
            <div>
              <dt>{t("emailConnector.activity.flagged")}</dt>
              <dd>
                <a href="/inbox">{v.number(activity.documentsFlagged)}</a>
              </dd>
            </div>
            <div>
              <dt>{t("emailConnector.activity.ignored")}</dt>
              <dd>
                <a href="/inbox?show=all">{v.number(activity.mailsIgnored)}</a>
              </dd>
            </div>
          </dl>
        </section>

        <section aria-labelledby="state-title">
          <h2 id="state-title">{active ? t("emailConnector.deactivate.title") : t("emailConnector.activate.title")}</h2>
          {active ? (
            <>
              <DeactivateBody v={v} />
              <DialogTrigger dialog="deactivate-dialog" href="/connectors/email/deactivate" variant="warning">
                {t("emailConnector.deactivate.button")}
              </DialogTrigger>
              <Dialog id="deactivate-dialog" title={t("emailConnector.deactivate.confirmTitle")}>
                <Confirm v={v} body={<DeactivateBody v={v} />} action="/connectors/email/deactivate" confirmLabel={t("emailConnector.deactivate.confirm")} cancelHref="/connectors/email" inDialog />
              </Dialog>
            </>
          ) : (
            <>
              <p>{t("emailConnector.activate.body")}</p>
              <ActionForm v={v} action="/connectors/email/activate" label={t("emailConnector.activate.button")} variant="primary" />
            </>
          )}
        </section>
      </Layout>,
    );
  });

  // Without JavaScript the confirmation is a page of its own.
  app.get("/connectors/email/deactivate", async (c) => {
    const v = c.get("view");
    const connector = await connectorOr404(c);
    if (!connector) return c.redirect("/connectors", 303);
    return render(
      c,
      <Layout v={v} title={v.t("emailConnector.deactivate.confirmTitle")}>
        <Confirm v={v} body={<DeactivateBody v={v} />} action="/connectors/email/deactivate" confirmLabel={v.t("emailConnector.deactivate.confirm")} cancelHref="/connectors/email" inDialog={false} />
      </Layout>,
    );
  });

  app.post("/connectors/email/deactivate", async (c) => {
    await deactivateEmailConnector(c.get("ctx"), signedIn(c).account.id);
    return c.redirect("/connectors/email?notice=connectorDeactivated", 303);
  });

  app.post("/connectors/email/activate", async (c) => {
    await installEmailConnector(c.get("ctx"), signedIn(c).account);
    return c.redirect("/connectors/email?notice=connectorActivated", 303);
  });
}
