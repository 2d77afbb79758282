import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { timing } from "hono/timing";
import { notFoundPage, webErrorPage } from "./errors.tsx";
import { MAX_FORM_BODY_BYTES, MAX_UPLOAD_BODY_BYTES } from "./limits.ts";
import { requireUser } from "./middleware/auth.ts";
import { csrf } from "./middleware/csrf.ts";
import { language } from "./middleware/language.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { session } from "./middleware/session.ts";
import { registerConnectors } from "./pages/connectors.tsx";
import { registerDeliveries } from "./pages/deliveries.tsx";
import { registerEmailConnector } from "./pages/email-connector.tsx";
import { registerForgotPassword } from "./pages/forgot-password.tsx";
import { registerInbox } from "./pages/inbox.tsx";
import { registerInboxMail } from "./pages/inbox-mail.tsx";
import { registerInvitation } from "./pages/invitation.tsx";
import { registerLanguage } from "./pages/language.tsx";
import { registerPartnerImport } from "./pages/partner-import.tsx";
import { registerPartners } from "./pages/partners.tsx";
import { registerPurchaseInvoices } from "./pages/purchase-invoices.tsx";
import { registerResetPassword } from "./pages/reset-password.tsx";
import { registerSalesInvoices } from "./pages/sales-invoices.tsx";
import { registerSettings } from "./pages/settings.tsx";
import { registerSignIn } from "./pages/sign-in.tsx";
import { registerSignUp } from "./pages/sign-up.tsx";
import { registerTeam } from "./pages/team.tsx";
import type { WebApp, WebEnv } from "./types.ts";

/** Pages anyone may open: signing in, signing up, the links mailed to people, the language switcher. */
const publicPages = [registerSignIn, registerSignUp, registerForgotPassword, registerResetPassword, registerInvitation, registerLanguage];

/** Pages of an account, behind `requireUser`. The import registers before the partners: /partners/import is no partner's id. */
const accountPages = [
  registerConnectors,
  registerEmailConnector,
  registerPartnerImport,
  registerPartners,
  registerSalesInvoices,
  registerDeliveries,
  registerPurchaseInvoices,
  registerInbox,
  registerInboxMail,
  registerSettings,
  registerTeam,
];

/** The forms that carry files (a sales invoice's upload, a CSV of partners) or an import's report. */
const UPLOAD_PATHS = new Set(["/sales-invoices/new", "/partners/import", "/partners/import/report"]);

/**
 * The web app: server-rendered pages over the same domain modules as the
 * API (src/web is an entry point like src/api). The stylesheet and script
 * are static assets (public/), served before the Worker runs.
 */
export function createWebApp(): WebApp {
  const app = new Hono<WebEnv>();
  app.use(requestId({ headerName: "X-Request-Id" }));
  // Server-Timing: the whole request and its rendering (npm run bench:web reads them).
  app.use(timing({ crossOrigin: false }));
  app.use(securityHeaders);
  const formLimit = bodyLimit({ maxSize: MAX_FORM_BODY_BYTES, onError: (c) => c.text("The form is larger than a form of this site can be.", 413) });
  const uploadLimit = bodyLimit({ maxSize: MAX_UPLOAD_BODY_BYTES, onError: (c) => c.text("The files are larger than this site takes.", 413) });
  app.use((c, next) => (c.req.method === "POST" && UPLOAD_PATHS.has(c.req.path) ? uploadLimit : formLimit)(c, next));
  app.use(session);
  app.use(language);
  app.use(csrf);

  app.get("/", (c) => c.redirect(c.get("signedIn") ? "/connectors" : "/sign-in", 303));
  for (const register of publicPages) register(app);

  const pages = new Hono<WebEnv>();
  pages.use(requireUser);
  for (const register of accountPages) register(pages);
  app.route("/", pages);

  app.notFound(notFoundPage);
  app.onError(webErrorPage);
  return app;
}
