import { z } from "@hono/zod-openapi";
import { deletePartner } from "../../../partners/partners.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { IdParamSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";

const route = accountRoute({
  method: "delete",
  path: "/v1/partners/{id}",
  tags: ["Partners"],
  summary: "Delete a partner",
  description:
    "Erases a partner without history. A partner that already has invoices or deliveries is archived instead, so their history stays whole: it disappears from the list, can still be read, and can no longer be used. Idempotent.",
  request: { params: IdParamSchema },
  responses: {
    200: {
      description: "What happened to the partner.",
      content: {
        "application/json": {
          schema: z.object({ id: z.string(), outcome: z.enum(["deleted", "archived"]) }).openapi("PartnerDeletion"),
        },
      },
    },
    ...errorResponses(404),
  },
});

export const registerDeletePartner = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    return c.json({ id, outcome: await deletePartner(c.get("ctx"), c.get("account").id, id) }, 200);
  });
