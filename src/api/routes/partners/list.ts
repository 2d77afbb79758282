import { z } from "@hono/zod-openapi";
import { listPartners } from "../../../partners/partners.ts";
import { errorResponses } from "../../errors.ts";
import { MAX_SEARCH_QUERY_CHARS } from "../../limits.ts";
import { accountRoute } from "../../route.ts";
import { listSchema, PageQuerySchema, PartnerRoleSchema, PartnerSchema, partnerJson } from "../../schemas.ts";
import type { App } from "../../types.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/partners",
  tags: ["Partners"],
  summary: "List partners",
  description: "Newest first. `q` searches the name, the email and the VAT number. Deleted partners kept for their history are listed with `archived=true`.",
  request: {
    query: PageQuerySchema.extend({
      role: PartnerRoleSchema.optional().openapi({ param: { name: "role", in: "query" } }),
      q: z.string().trim().min(1).max(MAX_SEARCH_QUERY_CHARS).optional().openapi({ param: { name: "q", in: "query" }, example: "acme" }),
      archived: z
        .enum(["true", "false"])
        .transform((v) => v === "true")
        .optional()
        .openapi({ param: { name: "archived", in: "query" } }),
    }),
  },
  responses: {
    200: { description: "A page of partners.", content: { "application/json": { schema: listSchema(PartnerSchema) } } },
    ...errorResponses(400),
  },
});

export const registerListPartners = (app: App) =>
  app.openapi(route, async (c) => {
    const page = await listPartners(c.get("ctx"), c.get("account").id, c.req.valid("query"));
    return c.json({ items: page.items.map(partnerJson), nextCursor: page.nextCursor }, 200);
  });
