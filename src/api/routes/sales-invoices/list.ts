import { z } from "@hono/zod-openapi";
import { MAX_ID_CHARS } from "../../limits.ts";
import { listSalesInvoices } from "../../../sales-invoices/sales-invoices.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { listSchema, PageQuerySchema, SalesInvoiceSchema, salesInvoiceJson } from "../../schemas.ts";
import type { App } from "../../types.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/sales-invoices",
  tags: ["Sales invoices"],
  summary: "List sales invoices",
  description: "Newest first.",
  request: {
    query: PageQuerySchema.extend({
      customerId: z.string().max(MAX_ID_CHARS).optional().openapi({ param: { name: "customerId", in: "query" } }),
    }),
  },
  responses: {
    200: { description: "A page of sales invoices.", content: { "application/json": { schema: listSchema(SalesInvoiceSchema) } } },
    ...errorResponses(400),
  },
});

export const registerListSalesInvoices = (app: App) =>
  app.openapi(route, async (c) => {
    const page = await listSalesInvoices(c.get("ctx"), c.get("account").id, c.req.valid("query"));
    return c.json({ items: page.items.map(salesInvoiceJson), nextCursor: page.nextCursor }, 200);
  });
