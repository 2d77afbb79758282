import { installEmailConnector } from "../../../../connectors/email-connector.ts";
import { accountRoute } from "../../../route.ts";
import { EmailConnectorSchema } from "../../../schemas.ts";
import type { App } from "../../../types.ts";

const route = accountRoute({
  method: "post",
  path: "/v1/connectors/email",
  tags: ["Connectors"],
  summary: "Install or re-activate the email connector",
  description: "Idempotent. The import addresses are derived from the account's VAT and company numbers.",
  responses: {
    201: { description: "Installed now.", content: { "application/json": { schema: EmailConnectorSchema } } },
    200: { description: "Was installed already; now active.", content: { "application/json": { schema: EmailConnectorSchema } } },
  },
});

export const registerInstallEmailConnector = (app: App) =>
  app.openapi(route, async (c) => {
    const { connector, created } = await installEmailConnector(c.get("ctx"), c.get("account"));
    return created ? c.json(connector, 201) : c.json(connector, 200);
  });
