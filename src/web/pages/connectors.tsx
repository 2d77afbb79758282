import { listConnectors } from "../../connectors/email-connector.ts";
import { ActionForm } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { signedIn } from "../middleware/auth.ts";
import { render } from "../render.ts";
import type { WebApp } from "../types.ts";

/** All connectors: email (install, open) and Peppol, available when the operator connected a Peppol connector. */
export function registerConnectors(app: WebApp) {
  app.get("/connectors", async (c) => {
    const v = c.get("view");
    const { t } = v;
    const [email] = await listConnectors(c.get("ctx"), signedIn(c).account.id);
    const peppolAvailable = c.env.PEPPOL_QUEUE !== undefined;
    const status = email!.status === "not_installed" ? t("connector.status.notInstalled") : email!.status === "active" ? t("connector.status.active") : t("connector.status.inactive");
    return render(
      c,
      <Layout v={v} title={t("connectors.title")} lead={t("connectors.lead")}>
        <ul class="cards">
          <li class="card">
            <h2 class="card__title">{t("connector.email.name")}</h2>
            <p>{t("connector.email.description")}</p>
            <p>
              <span class={`tag tag--${email!.status}`}>{status}</span>
            </p>
            <div class="button-group">
              {email!.installed ? (
                <a class="button button--primary" href="/connectors/email">
                  {t("connectors.open")}
                </a>
              ) : (
                <ActionForm v={v} action="/connectors/email/install" label={t("connectors.install")} variant="primary" />
              )}
            </div>
          </li>
          <li class="card">
            <h2 class="card__title">{t("connector.peppol.name")}</h2>
            <p>{t("connector.peppol.description")}</p>
            <p>
              <span class={`tag tag--${peppolAvailable ? "active" : "not_installed"}`}>
                {peppolAvailable ? t("connector.peppol.available") : t("connector.peppol.unavailable")}
              </span>
            </p>
            <p class="hint">{peppolAvailable ? t("connector.peppol.availableHint") : t("connector.peppol.unavailableHint")}</p>
          </li>
        </ul>
      </Layout>,
    );
  });
}
