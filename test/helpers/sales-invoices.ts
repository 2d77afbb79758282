import { env } from "cloudflare:workers";
import { createAccountWithConnector } from "./accounts.ts";
import { call, type ApiResponse } from "./api.ts";
import { makePdf } from "./documents.ts";
import { createPartner } from "./partners.ts";
import { capturingQueue } from "./queues.ts";

/** A small UN/CEFACT CII invoice of our own. */
export function ciiInvoice(number: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
  <rsm:ExchangedDocument><ram:ID>${number}</ram:ID><ram:TypeCode>380</ram:TypeCode></rsm:ExchangedDocument>
</rsm:CrossIndustryInvoice>
`;
}

export interface UploadOptions {
  metadata?: Record<string, unknown>;
  pdf?: Uint8Array | string | null;
  einvoice?: Uint8Array | string | null;
  pdfName?: string;
  einvoiceName?: string;
}

export function uploadForm(customerId: string, options: UploadOptions = {}): FormData {
  const metadata = { customerId, number: "2026-0042", issueDate: "2026-11-02", dueDate: "2026-12-02", currency: "EUR", totalAmount: "1210.00", ...options.metadata };
  const form = new FormData();
  const pdf = options.pdf === undefined ? makePdf() : options.pdf;
  if (pdf !== null) form.append("file", new File([pdf], options.pdfName ?? `${metadata.number}.pdf`, { type: "application/pdf" }));
  if (options.einvoice) form.append("einvoice", new File([options.einvoice], options.einvoiceName ?? `${metadata.number}.xml`, { type: "application/xml" }));
  form.append("metadata", JSON.stringify(metadata));
  return form;
}

export function uploadSalesInvoice(apiKey: string, customerId: string, options: UploadOptions = {}, callEnv?: Env): Promise<ApiResponse> {
  return call("POST", "/v1/sales-invoices", { token: apiKey, body: uploadForm(customerId, options), env: callEnv });
}

/**
 * An account with its email connector on, a customer whose email channel is
 * on, and an uploaded invoice for it: everything a send needs.
 */
export async function readyToSend(options: { partner?: Record<string, unknown>; upload?: UploadOptions; account?: Record<string, unknown> } = {}) {
  const account = await createAccountWithConnector(options.account);
  const customer = await createPartner(account.apiKey, { deliveryChannels: [{ channel: "email", enabled: true }], ...options.partner });
  const upload = await uploadSalesInvoice(account.apiKey, customer.id, options.upload);
  if (upload.status !== 201) throw new Error(`upload failed: ${upload.status} ${JSON.stringify(upload.body)}`);
  return { account, apiKey: account.apiKey, customer, invoice: upload.body };
}

/** The test environment with OUTBOUND_QUEUE capturing instead of delivering to the consumer, so a test runs it. */
export function envWithCapturedOutbound() {
  const outbound = capturingQueue();
  return { outbound, env: { ...env, OUTBOUND_QUEUE: outbound.binding } as Env };
}
