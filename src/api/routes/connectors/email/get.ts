import { getEmailConnector } from "../../../../connectors/email-connector.ts";
import { errorResponses } from "../../../errors.ts";
import { accountRoute } from "../../../route.ts";
import { EmailConnectorSchema } from "../../../schemas.ts";
import type { App } from "../../../types.ts";

const route = accountRoute({
  method: "get",
  path: "/v1/connectors/email",
  tags: ["Connectors"],
  summary: "The email connector",
  responses: {
    200: { description: "Its state, import addresses and statistics.", content: { "application/json": { schema: EmailConnectorSchema } } },
    ...errorResponses(404),
  },
});

export const registerGetEmailConnector = (app: App) =>
  app.openapi(route, async (c) => c.json(await getEmailConnector(c.get("ctx"), c.get("account").id), 200));
