import { z } from "@hono/zod-openapi";
import { MAX_IDEMPOTENCY_KEY_CHARS } from "../../limits.ts";
import { once } from "../../../idempotency.ts";
import { sendSalesInvoice } from "../../../outbound/send-sales-invoice.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { MAX_MESSAGE_BYTES, MAX_RECIPIENTS_PER_MESSAGE } from "../../../outbound/limits.ts";
import { deliveryReasonCodes, IdParamSchema, type DeliveryReasonCode } from "../../schemas.ts";
import type { App } from "../../types.ts";

const MiB = 1024 * 1024;

const SendResultSchema = z
  .object({
    deliveries: z.array(
      z.object({
        id: z.string(),
        channel: z.enum(["email", "peppol"]),
        status: z.enum(["queued", "blocked", "handed_over", "failed"]),
        recipients: z.array(z.string()),
        participantId: z.string().nullable(),
        reason: z.enum(deliveryReasonCodes).optional().openapi({ description: "Why a delivery is blocked or failed (docs/checks.md)." }),
      }),
    ),
  })
  .openapi("SendResult");

const route = accountRoute({
  method: "post",
  path: "/v1/sales-invoices/{id}/send",
  tags: ["Sales invoices"],
  summary: "Send a sales invoice",
  description:
    `One delivery per delivery channel the customer has switched on. Email deliveries are queued, or \`blocked\` with a reason when the email connector is inactive or the mail would break Cloudflare's limits (${MAX_MESSAGE_BYTES / MiB} MiB, ${MAX_RECIPIENTS_PER_MESSAGE} recipients); Peppol ones are handed to the Peppol connector. Follow them with GET /v1/deliveries/{id}. With an \`Idempotency-Key\`, a repeated request answers the first result again (header \`Idempotent-Replayed: true\`).`,
  request: {
    params: IdParamSchema,
    headers: z.object({
      "idempotency-key": z
        .string()
        .min(1)
        .max(MAX_IDEMPOTENCY_KEY_CHARS)
        .optional()
        .openapi({ description: "Idempotency-Key: a unique key per send, e.g. a UUID; remembered for 24 hours." }),
    }),
  },
  responses: {
    202: { description: "The deliveries made.", content: { "application/json": { schema: SendResultSchema } } },
    ...errorResponses(400, 404, 409),
  },
});

export const registerSendSalesInvoice = (app: App) =>
  app.openapi(route, async (c) => {
    const ctx = c.get("ctx");
    const account = c.get("account");
    const { id } = c.req.valid("param");
    const result = await once(ctx, account.id, c.req.valid("header")["idempotency-key"], `POST /v1/sales-invoices/${id}/send`, async () => {
      const deliveries = await sendSalesInvoice(ctx, account, id);
      const body: z.infer<typeof SendResultSchema> = {
        deliveries: deliveries.map((d) => ({
          id: d.id,
          channel: d.channel,
          status: d.status as "queued" | "blocked" | "handed_over" | "failed",
          recipients: d.recipients,
          participantId: d.participantId,
          ...(d.reason ? { reason: d.reason as DeliveryReasonCode } : {}),
        })),
      };
      return { status: 202, body };
    });
    return c.json(result.body as z.infer<typeof SendResultSchema>, 202, result.replayed ? { "Idempotent-Replayed": "true" } : {});
  });
