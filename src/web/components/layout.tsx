import type { Child, FC } from "hono/jsx";
import { languages } from "../../i18n/languages.ts";
import { activeNav, NAV } from "../nav.ts";
import type { View } from "../view.ts";
import { Csrf } from "./form.tsx";

/** Each language named in itself, as a switcher shows it. */
const LANGUAGE_NAMES = { en: "English", fr: "Français", nl: "Nederlands", de: "Deutsch" } as const;

interface LayoutProps {
  v: View;
  /** The page's name, which the title and the h1 share. */
  title: string;
  /** GOV.UK's habit: a page whose form has errors says so first in its title. */
  hasErrors?: boolean;
  /** Signed-out pages (sign-in, sign-up) are narrow and have no navigation. */
  narrow?: boolean;
  /** Under the h1. */
  lead?: Child;
  /** Beside the h1 (a primary action). */
  actions?: Child;
  children?: Child;
}

export const Layout: FC<LayoutProps> = ({ v, title, hasErrors, narrow, lead, actions, children }) => {
  const { t } = v;
  const active = activeNav(v.here.split("?")[0]!);
  return (
    <html lang={v.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${hasErrors ? `${t("form.errorPrefix")} ` : ""}${title} – ${t("app.name")}`}</title>
        <link rel="stylesheet" href="/app.css" />
        <script src="/app.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t("layout.skipToContent")}
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="site-header__brand" href={v.user ? "/connectors" : "/sign-in"}>
              {t("app.name")}
            </a>
            {v.user && v.account ? (
              <div class="site-header__who">
                <span class="site-header__account">{v.account.name}</span>
                <span class="site-header__user">{v.user.name}</span>
                <form method="post" action="/sign-out" class="inline-form">
                  <Csrf v={v} />
                  <button type="submit" class="link-button">
                    {t("layout.signOut")}
                  </button>
                </form>
              </div>
            ) : null}
          </div>
          {v.user ? (
            <nav class="site-nav" aria-label={t("layout.mainNavigation")}>
              <ul>
                {NAV.map((entry) => (
                  <li>
                    <a href={entry.href} aria-current={entry.href === active ? "page" : undefined}>
                      {t(entry.label)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main" class={narrow ? "main main--narrow" : "main"} tabindex={-1}>
          {v.notice ? (
            <div class="notice" role="status">
              {t(v.notice)}
            </div>
          ) : null}
          <div class="page-heading">
            <h1>{title}</h1>
            {actions ? <div class="page-heading__actions">{actions}</div> : null}
          </div>
          {lead ? <p class="lead">{lead}</p> : null}
          {children}
        </main>
        <footer class="site-footer">
          <form method="post" action="/language" class="language-switcher">
            <Csrf v={v} />
            <input type="hidden" name="back" value={v.here} />
            <span id="language-label">{t("layout.language")}</span>
            <ul aria-labelledby="language-label">
              {languages.map((code) => (
                <li>
                  <button type="submit" name="language" value={code} lang={code} class="link-button" aria-current={code === v.lang ? "true" : undefined}>
                    {LANGUAGE_NAMES[code]}
                  </button>
                </li>
              ))}
            </ul>
          </form>
        </footer>
      </body>
    </html>
  );
};
