import { z } from "@hono/zod-openapi";
import { listConnectors } from "../../../connectors/email-connector.ts";
import { accountRoute } from "../../route.ts";
import type { App } from "../../types.ts";

const ConnectorSummarySchema = z
  .object({
    type: z.literal("email"),
    installed: z.boolean(),
    status: z.enum(["active", "inactive", "not_installed"]),
  })
  .openapi("ConnectorSummary");

const route = accountRoute({
  method: "get",
  path: "/v1/connectors",
  tags: ["Connectors"],
  summary: "List connectors",
  responses: {
    200: {
      description: "Every connector this service offers, with its state for the account.",
      content: { "application/json": { schema: z.object({ items: z.array(ConnectorSummarySchema), nextCursor: z.null() }) } },
    },
  },
});

export const registerListConnectors = (app: App) =>
  app.openapi(route, async (c) => c.json({ items: await listConnectors(c.get("ctx"), c.get("account").id), nextCursor: null }, 200));
