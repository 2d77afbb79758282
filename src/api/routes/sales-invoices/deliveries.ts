import { listDeliveries } from "../../../outbound/deliveries.ts";
import { getSalesInvoice } from "../../../sales-invoices/sales-invoices.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { DeliverySchema, deliveriesJson, IdParamSchema, listSchema, PageQuerySchema } from "../../schemas.ts";
import type { App } from "../../types.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/sales-invoices/{id}/deliveries",
  tags: ["Sales invoices"],
  summary: "The deliveries of a sales invoice",
  description: "Newest first, each with its history of events.",
  request: { params: IdParamSchema, query: PageQuerySchema },
  responses: {
    200: { description: "A page of deliveries.", content: { "application/json": { schema: listSchema(DeliverySchema) } } },
    ...errorResponses(400, 404),
  },
});

export const registerListSalesInvoiceDeliveries = (app: App) =>
  app.openapi(route, async (c) => {
    const ctx = c.get("ctx");
    const accountId = c.get("account").id;
    const invoice = await getSalesInvoice(ctx, accountId, c.req.valid("param").id);
    const page = await listDeliveries(ctx, accountId, { ...c.req.valid("query"), salesInvoiceId: invoice.id });
    return c.json({ items: await deliveriesJson(page.items, c.get("language"), c.get("ctx").config), nextCursor: page.nextCursor }, 200);
  });
