import { getSalesInvoice } from "../../../sales-invoices/sales-invoices.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { IdParamSchema, SalesInvoiceSchema, salesInvoiceJson } from "../../schemas.ts";
import type { App } from "../../types.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/sales-invoices/{id}",
  tags: ["Sales invoices"],
  summary: "Get a sales invoice",
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The sales invoice.", content: { "application/json": { schema: SalesInvoiceSchema } } },
    ...errorResponses(404),
  },
});

export const registerGetSalesInvoice = (app: App) =>
  app.openapi(route, async (c) => c.json(salesInvoiceJson(await getSalesInvoice(c.get("ctx"), c.get("account").id, c.req.valid("param").id)), 200));
