import { getPurchaseInvoice } from "../../../purchase-invoices/purchase-invoices.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { IdParamSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { purchaseInvoiceJson, PurchaseInvoiceSchema } from "./schema.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/purchase-invoices/{id}",
  tags: ["Receiving"],
  summary: "A purchase invoice",
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The purchase invoice.", content: { "application/json": { schema: PurchaseInvoiceSchema } } },
    ...errorResponses(404),
  },
});

export const registerGetPurchaseInvoice = (app: App) =>
  app.openapi(route, async (c) => c.json(purchaseInvoiceJson(await getPurchaseInvoice(c.get("ctx"), c.get("account").id, c.req.valid("param").id)), 200));
