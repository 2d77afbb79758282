import { z } from "@hono/zod-openapi";
import { MAX_ID_CHARS } from "../../limits.ts";
import { purchaseInvoiceFile } from "../../../purchase-invoices/purchase-invoices.ts";
import { downloadHeaders } from "../../download.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { IdParamSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";

const binary = {
  description: "The file's bytes, as an attachment (Content-Disposition: attachment; X-Content-Type-Options: nosniff).",
  content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
};

const fileRoute = accountRoute({
  method: "get",
  path: "/v1/purchase-invoices/{id}/file",
  tags: ["Receiving"],
  summary: "Download a purchase invoice's file",
  request: { params: IdParamSchema },
  responses: { 200: binary, ...errorResponses(404, 409) },
});

const appendixRoute = accountRoute({
  method: "get",
  path: "/v1/purchase-invoices/{id}/appendices/{appendixId}/file",
  tags: ["Receiving"],
  summary: "Download an appendix of a purchase invoice",
  request: { params: IdParamSchema.extend({ appendixId: z.string().min(1).max(MAX_ID_CHARS).openapi({ param: { name: "appendixId", in: "path" } }) }) },
  responses: { 200: binary, ...errorResponses(404, 409) },
});

export const registerDownloadPurchaseInvoiceFiles = (app: App) => {
  app.openapi(fileRoute, async (c) => {
    const { file, object } = await purchaseInvoiceFile(c.get("ctx"), c.get("account").id, c.req.valid("param").id);
    return c.body(object.body, 200, downloadHeaders(file));
  });
  app.openapi(appendixRoute, async (c) => {
    const { id, appendixId } = c.req.valid("param");
    const { file, object } = await purchaseInvoiceFile(c.get("ctx"), c.get("account").id, id, appendixId);
    return c.body(object.body, 200, downloadHeaders(file));
  });
};
