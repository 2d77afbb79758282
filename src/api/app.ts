import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { timing } from "hono/timing";
import { AppError } from "../errors.ts";
import { errorResponse, validationError } from "./errors.ts";
import { MAX_IMPORT_BYTES } from "../partners/limits.ts";
import { MAX_JSON_BODY_BYTES, MAX_UPLOAD_BODY_BYTES } from "./limits.ts";
import { context } from "./middleware/context.ts";
import { registerGetOwnAccount } from "./routes/account/get.ts";
import { registerCreateAccount } from "./routes/admin/accounts/create.ts";
import { registerAdminCreateApiKey } from "./routes/admin/accounts/api-keys/create.ts";
import { registerAdminListApiKeys } from "./routes/admin/accounts/api-keys/list.ts";
import { registerAdminRevokeApiKey } from "./routes/admin/accounts/api-keys/revoke.ts";
import { registerAdminRotateApiKey } from "./routes/admin/accounts/api-keys/rotate.ts";
import { registerCreateApiKey } from "./routes/api-keys/create.ts";
import { registerListApiKeys } from "./routes/api-keys/list.ts";
import { registerRevokeApiKey } from "./routes/api-keys/revoke.ts";
import { registerRotateApiKey } from "./routes/api-keys/rotate.ts";
import { registerGetAccount } from "./routes/admin/accounts/get.ts";
import { registerInviteToAccount } from "./routes/admin/accounts/invite.ts";
import { registerListAccounts } from "./routes/admin/accounts/list.ts";
import { registerDeactivateEmailConnector } from "./routes/connectors/email/deactivate.ts";
import { registerGetEmailConnector } from "./routes/connectors/email/get.ts";
import { registerInstallEmailConnector } from "./routes/connectors/email/install.ts";
import { registerListConnectors } from "./routes/connectors/list.ts";
import { registerGetDelivery } from "./routes/deliveries/get.ts";
import { registerListDeliveries } from "./routes/deliveries/list.ts";
import { registerRetryDelivery } from "./routes/deliveries/retry.ts";
import { registerHealth } from "./routes/health.ts";
import { registerGetInboundMessage } from "./routes/inbound-messages/get.ts";
import { registerListInboundMessages } from "./routes/inbound-messages/list.ts";
import { registerReclassifyFile } from "./routes/inbound-messages/reclassify.ts";
import { registerGetInboxItem } from "./routes/inbox/get.ts";
import { registerListInbox } from "./routes/inbox/list.ts";
import { registerRescanInboxItem } from "./routes/inbox/rescan.ts";
import { registerResolveInboxItem } from "./routes/inbox/resolve.ts";
import { registerDownloadPurchaseInvoiceFiles } from "./routes/purchase-invoices/download.ts";
import { registerGetPurchaseInvoice } from "./routes/purchase-invoices/get.ts";
import { registerListPurchaseInvoices } from "./routes/purchase-invoices/list.ts";
import { registerCreatePartner } from "./routes/partners/create.ts";
import { registerImportPartners } from "./routes/partners/import.ts";
import { registerDeletePartner } from "./routes/partners/delete.ts";
import { registerListDeliveryChannels } from "./routes/partners/delivery-channels/list.ts";
import { registerSetEmailChannel } from "./routes/partners/delivery-channels/set-email.ts";
import { registerSetPeppolChannel } from "./routes/partners/delivery-channels/set-peppol.ts";
import { registerGetPartner } from "./routes/partners/get.ts";
import { registerListPartners } from "./routes/partners/list.ts";
import { registerUpdatePartner } from "./routes/partners/update.ts";
import { registerCreateSalesInvoice } from "./routes/sales-invoices/create.ts";
import { registerListSalesInvoiceDeliveries } from "./routes/sales-invoices/deliveries.ts";
import { registerGetSalesInvoice } from "./routes/sales-invoices/get.ts";
import { registerListSalesInvoices } from "./routes/sales-invoices/list.ts";
import { registerSendSalesInvoice } from "./routes/sales-invoices/send.ts";
import type { App, AppEnv } from "./types.ts";

function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${Math.round(maxSize / 1024)} KiB.`);
    },
  });
}

const routes: ((app: App) => unknown)[] = [
  registerHealth,
  registerCreateAccount,
  registerListAccounts,
  registerGetAccount,
  registerAdminCreateApiKey,
  registerAdminListApiKeys,
  registerAdminRevokeApiKey,
  registerAdminRotateApiKey,
  registerInviteToAccount,
  registerGetOwnAccount,
  registerListApiKeys,
  registerCreateApiKey,
  registerRevokeApiKey,
  registerRotateApiKey,
  registerListConnectors,
  registerInstallEmailConnector,
  registerGetEmailConnector,
  registerDeactivateEmailConnector,
  registerListPurchaseInvoices,
  registerGetPurchaseInvoice,
  registerDownloadPurchaseInvoiceFiles,
  registerListInbox,
  registerGetInboxItem,
  registerResolveInboxItem,
  registerRescanInboxItem,
  registerListInboundMessages,
  registerGetInboundMessage,
  registerReclassifyFile,
  registerCreatePartner,
  registerImportPartners,
  registerListPartners,
  registerGetPartner,
  registerUpdatePartner,
  registerDeletePartner,
  registerListDeliveryChannels,
  registerSetEmailChannel,
  registerSetPeppolChannel,
  registerCreateSalesInvoice,
  registerListSalesInvoices,
  registerGetSalesInvoice,
  registerSendSalesInvoice,
  registerListSalesInvoiceDeliveries,
  registerListDeliveries,
  registerGetDelivery,
  registerRetryDelivery,
];

export function createApp(): App {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });

  app.use(requestId({ headerName: "X-Request-Id" }));
  // Server-Timing: the whole request, so that the web app's pages can be compared with the API (npm run bench:web).
  app.use(timing({ crossOrigin: false }));
  // JSON says its charset, and no response is ever sniffed into something a browser would render or run.
  app.use(async (c, next) => {
    await next();
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    if (c.res.headers.get("Content-Type") === "application/json") c.res.headers.set("Content-Type", "application/json; charset=utf-8");
  });
  app.use("/v1/*", context);
  const jsonLimit = limitBody(MAX_JSON_BODY_BYTES);
  const uploadLimit = limitBody(MAX_UPLOAD_BODY_BYTES);
  const csvLimit = limitBody(MAX_IMPORT_BYTES);
  app.use("/v1/*", (c, next) => {
    const type = c.req.header("Content-Type") ?? "";
    return (/^multipart\/form-data/i.test(type) ? uploadLimit : /^text\/csv/i.test(type) ? csvLimit : jsonLimit)(c, next);
  });

  for (const register of routes) register(app);

  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An account's API key (`eck_...`).",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
    type: "http",
    scheme: "bearer",
    description: "The operator token (Worker secret ADMIN_TOKEN).",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "email-connector",
      version: "1",
      description: "Imports invoices mailed to an account's import addresses and delivers sales invoices by email.",
    },
  });

  app.notFound((c) => errorResponse(new AppError("NOT_FOUND", "There is no such endpoint. The API is described at /openapi.json."), c));
  app.onError(errorResponse);
  return app;
}
