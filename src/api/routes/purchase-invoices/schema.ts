import { z } from "@hono/zod-openapi";
import { documentFormats, purchaseInvoiceStatuses } from "../../../db/schema/index.ts";
import type { PurchaseInvoiceDetail } from "../../../purchase-invoices/purchase-invoices.ts";
import { codesOfKind } from "../../../reasons/catalogue.ts";

const warningCodes = codesOfKind("warning");

const PartySchema = z.object({ name: z.string().nullable(), vatNumber: z.string().nullable() });

export const EInvoiceSchema = z
  .object({
    documentType: z.enum(["invoice", "credit_note"]),
    number: z.string().nullable(),
    issueDate: z.string().nullable(),
    dueDate: z.string().nullable(),
    currency: z.string().nullable(),
    totalAmount: z.string().nullable().openapi({ description: "The amount payable, as an exact decimal string." }),
    taxExclusiveAmount: z.string().nullable(),
    seller: PartySchema,
    buyer: PartySchema,
  })
  .openapi("EInvoiceData");

export const PurchaseInvoiceSchema = z
  .object({
    id: z.string(),
    status: z.enum(purchaseInvoiceStatuses),
    receivedAt: z.string().openapi({ format: "date-time" }),
    format: z.enum(documentFormats),
    file: z.object({ name: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string() }),
    appendices: z.array(z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number().int() })),
    source: z.object({
      channel: z.literal("email"),
      messageId: z.string().nullable(),
      from: z.string(),
      subject: z.string().nullable(),
      address: z.string(),
      inboundMessageId: z.string(),
    }),
    warnings: z.array(z.enum(warningCodes)).openapi({ description: "What the e-invoice data lacks or gets wrong (docs/checks.md)." }),
    invoice: EInvoiceSchema.nullable().openapi({ description: "What structured e-invoice data said; null for a plain PDF or image." }),
  })
  .openapi("PurchaseInvoice");

export function purchaseInvoiceJson({ invoice, file, appendices, message }: PurchaseInvoiceDetail): z.infer<typeof PurchaseInvoiceSchema> {
  return {
    id: invoice.id,
    status: invoice.status,
    receivedAt: invoice.receivedAt,
    format: invoice.format,
    file: { name: file.name, contentType: file.detectedType ?? "application/octet-stream", size: file.size, sha256: file.sha256 },
    appendices: appendices.map((a) => ({ id: a.id, name: a.name, contentType: a.detectedType ?? "application/octet-stream", size: a.size })),
    source: {
      channel: "email",
      messageId: message.messageId,
      from: message.headerFrom ?? message.envelopeFrom,
      subject: message.subject,
      address: message.address,
      inboundMessageId: message.id,
    },
    warnings: JSON.parse(invoice.warnings) as (typeof warningCodes)[number][],
    invoice: invoice.invoice ? (JSON.parse(invoice.invoice) as z.infer<typeof EInvoiceSchema>) : null,
  };
}
