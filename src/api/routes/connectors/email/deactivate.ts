import { deactivateEmailConnector } from "../../../../connectors/email-connector.ts";
import { errorResponses } from "../../../errors.ts";
import { accountRoute } from "../../../route.ts";
import { EmailConnectorSchema } from "../../../schemas.ts";
import type { App } from "../../../types.ts";

const route = accountRoute({
  method: "delete",
  path: "/v1/connectors/email",
  tags: ["Connectors"],
  summary: "Deactivate the email connector",
  description:
    "Mail to the import addresses is refused and email deliveries are not sent until it is re-activated. History is kept. Idempotent.",
  responses: {
    200: { description: "Now inactive.", content: { "application/json": { schema: EmailConnectorSchema } } },
    ...errorResponses(404),
  },
});

export const registerDeactivateEmailConnector = (app: App) =>
  app.openapi(route, async (c) => c.json(await deactivateEmailConnector(c.get("ctx"), c.get("account").id), 200));
