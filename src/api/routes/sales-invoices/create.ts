import { z } from "@hono/zod-openapi";
import { MAX_ID_CHARS, MAX_INVOICE_NUMBER_CHARS } from "../../limits.ts";
import { MAX_SALES_INVOICE_FILE_BYTES } from "../../../sales-invoices/limits.ts";
import { createSalesInvoice } from "../../../sales-invoices/sales-invoices.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import { SalesInvoiceSchema, salesInvoiceJson, TextSchema } from "../../schemas.ts";
import type { App } from "../../types.ts";

const currencies = new Set(Intl.supportedValuesOf("currency"));

const isoDate = z.iso.date("must be a date such as 2026-11-02");

const MetadataSchema = z
  .object({
    customerId: z.string().min(1).max(MAX_ID_CHARS).openapi({ example: "ptn_01JD5Z6Y3K8Q2W4E6R8T0Y2U4I" }),
    number: TextSchema(MAX_INVOICE_NUMBER_CHARS).openapi({ example: "2026-0042" }),
    issueDate: isoDate,
    dueDate: isoDate.optional(),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .refine((code) => currencies.has(code), "must be an ISO 4217 currency code such as EUR"),
    totalAmount: z
      .string("must be a decimal string such as \"1210.00\", not a number")
      .regex(/^-?\d{1,15}(\.\d{1,4})?$/, "must be a decimal string such as \"1210.00\""),
  })
  .refine((m) => !m.dueDate || m.dueDate >= m.issueDate, { path: ["dueDate"], message: "must not be before the issue date" })
  .openapi("SalesInvoiceMetadata");

const upload = (what: string) =>
  z
    .instanceof(File, { message: "must be a file part (with a filename)" })
    .refine((file) => file.size <= MAX_SALES_INVOICE_FILE_BYTES, `must be at most ${MAX_SALES_INVOICE_FILE_BYTES / 1024 / 1024} MiB`)
    .optional()
    .openapi({ type: "string", format: "binary", description: what });

const UploadSchema = z
  .object({
    file: upload("The invoice as PDF. Required unless einvoice is given."),
    einvoice: upload("The e-invoice, UBL or UN/CEFACT CII XML; its invoice number must match metadata.number."),
    metadata: z
      .string()
      .transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({ code: "custom", message: "must be JSON: {\"customerId\", \"number\", \"issueDate\", \"dueDate\"?, \"currency\", \"totalAmount\"}" });
          return z.NEVER;
        }
      })
      .pipe(MetadataSchema)
      .openapi({ type: "string", description: "JSON: {\"customerId\", \"number\", \"issueDate\", \"dueDate\"?, \"currency\", \"totalAmount\"}" }),
  })
  .refine((body) => body.file || body.einvoice, { path: ["file"], message: "give the invoice's PDF (file), its e-invoice (einvoice), or both" })
  .openapi("SalesInvoiceUpload");

const route = accountRoute({
  method: "post",
  path: "/v1/sales-invoices",
  tags: ["Sales invoices"],
  summary: "Upload a sales invoice",
  description: "Stores an invoice for one of the account's customers, ready to be sent. The PDF must be a PDF; the e-invoice well-formed XML without DOCTYPE, carrying the same invoice number.",
  request: { body: { required: true, content: { "multipart/form-data": { schema: UploadSchema } } } },
  responses: {
    201: { description: "The sales invoice.", content: { "application/json": { schema: SalesInvoiceSchema } } },
    ...errorResponses(400, 409, 413, 415, 422, 503),
  },
});

async function uploaded(file: File | undefined) {
  return file && { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

export const registerCreateSalesInvoice = (app: App) =>
  app.openapi(route, async (c) => {
    const { file, einvoice, metadata } = c.req.valid("form");
    const invoice = await createSalesInvoice(c.get("ctx"), c.get("account"), { ...metadata, pdf: await uploaded(file), einvoice: await uploaded(einvoice) });
    return c.json(salesInvoiceJson(invoice), 201);
  });
