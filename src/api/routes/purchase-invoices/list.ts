import { z } from "@hono/zod-openapi";
import { documentFormats, purchaseInvoiceStatuses } from "../../../db/schema/index.ts";
import { listPurchaseInvoices } from "../../../purchase-invoices/purchase-invoices.ts";
import { errorResponses } from "../../errors.ts";
import { MAX_SEARCH_QUERY_CHARS } from "../../limits.ts";
import { accountRoute } from "../../route.ts";
import { listSchema, PageQuerySchema } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { purchaseInvoiceJson, PurchaseInvoiceSchema } from "./schema.ts";

const instant = z.iso.datetime({ offset: true, message: "must be an RFC 3339 time such as 2026-11-01T00:00:00Z" });

const route = accountRoute({
  method: "get",
  path: "/v1/purchase-invoices",
  tags: ["Receiving"],
  summary: "Invoices received by email",
  request: {
    query: PageQuerySchema.extend({
      status: z.enum(purchaseInvoiceStatuses).optional().openapi({ param: { name: "status", in: "query" } }),
      format: z.enum(documentFormats).optional().openapi({ param: { name: "format", in: "query" } }),
      receivedAfter: instant.optional().openapi({ param: { name: "receivedAfter", in: "query" }, description: "Inclusive." }),
      receivedBefore: instant.optional().openapi({ param: { name: "receivedBefore", in: "query" }, description: "Exclusive." }),
      q: z.string().min(1).max(MAX_SEARCH_QUERY_CHARS).optional().openapi({
        param: { name: "q", in: "query" },
        description: "Text in the file name, the sender, the subject, or the e-invoice's number or seller.",
      }),
    }),
  },
  responses: {
    200: { description: "Newest first.", content: { "application/json": { schema: listSchema(PurchaseInvoiceSchema) } } },
    ...errorResponses(400),
  },
});

export const registerListPurchaseInvoices = (app: App) =>
  app.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const page = await listPurchaseInvoices(c.get("ctx"), c.get("account").id, {
      ...query,
      // Stored times are UTC with a Z; compare like with like.
      receivedAfter: query.receivedAfter && new Date(query.receivedAfter).toISOString(),
      receivedBefore: query.receivedBefore && new Date(query.receivedBefore).toISOString(),
    });
    return c.json({ items: page.items.map(purchaseInvoiceJson), nextCursor: page.nextCursor }, 200);
  });
