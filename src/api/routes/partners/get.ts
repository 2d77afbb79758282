import { getPartner } from "../../../partners/partners.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { IdParamSchema, PartnerSchema, partnerJson } from "../../schemas.ts";
import type { App } from "../../types.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/partners/{id}",
  tags: ["Partners"],
  summary: "Get a partner",
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The partner, with its delivery channels.", content: { "application/json": { schema: PartnerSchema } } },
    ...errorResponses(404),
  },
});

export const registerGetPartner = (app: App) =>
  app.openapi(route, async (c) => c.json(partnerJson(await getPartner(c.get("ctx"), c.get("account").id, c.req.valid("param").id)), 200));
