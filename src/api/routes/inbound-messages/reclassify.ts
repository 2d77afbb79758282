import { z } from "@hono/zod-openapi";
import { getInboundMessage } from "../../../inbound/inbound-messages.ts";
import { reclassifyFile } from "../../../purchase-invoices/reclassify.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { IdParamSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";
import { inboundMessageJson, InboundMessageSchema } from "./schema.ts";

const PlacementSchema = z
  .discriminatedUnion("as", [
    z.object({ as: z.literal("invoice").openapi({ description: "A purchase invoice of its own (a PDF, an image or an e-invoice only)." }) }),
    z.object({
      as: z.literal("appendix").openapi({ description: "An appendix of another purchase invoice of the same mail." }),
      purchaseInvoiceId: z.string().min(1).max(64).openapi({ example: "pin_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I" }),
    }),
  ])
  .openapi("FilePlacement");

const route = accountRoute({
  method: "post",
  path: "/v1/inbound-messages/{id}/files/{fileId}/reclassify",
  tags: ["Receiving"],
  summary: "Make a file of a mail an invoice of its own, or an appendix of another invoice of the mail",
  description:
    "For the files of a mail that were imported: `{\"as\": \"invoice\"}` makes a document that became an appendix a purchase invoice of its own; " +
    '`{"as": "appendix", "purchaseInvoiceId"}` makes a file an appendix of another purchase invoice of the same mail, and the purchase invoice the file was, if any, goes away ' +
    "(its other files are planned again). The choice is kept: completing the mail again (a rescan of another of its files) follows it. Idempotent: asking again for what holds changes nothing.",
  request: {
    params: IdParamSchema.extend({ fileId: z.string().min(1).max(64).openapi({ param: { name: "fileId", in: "path" } }) }),
    body: { required: true, content: { "application/json": { schema: PlacementSchema } } },
  },
  responses: {
    200: { description: "The mail as it is now: its files, and the purchase invoices it came to.", content: { "application/json": { schema: InboundMessageSchema } } },
    ...errorResponses(400, 404, 409, 415, 422),
  },
});

export const registerReclassifyFile = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, fileId } = c.req.valid("param");
    const ctx = c.get("ctx");
    await reclassifyFile(ctx, c.get("account").id, id, fileId, c.req.valid("json"));
    return c.json(inboundMessageJson(await getInboundMessage(ctx, c.get("account").id, id), c.get("language")), 200);
  });
