import { and, desc, eq, inArray, lt, type SQL } from "drizzle-orm";
import type { Account } from "../accounts/accounts.ts";
import type { Ctx } from "../context.ts";
import { inChunks, isUniqueViolation } from "../db/client.ts";
import { toPage, type Page, type PageRequest } from "../db/pagination.ts";
import { partners, salesInvoices, type StoredFile } from "../db/schema/index.ts";
import { AppError, notFound, unprocessable, unprocessableFields, type FieldIssue } from "../errors.ts";
import { checkFile } from "../scan/check.ts";
import { ClamdUnavailableError } from "../scan/clamd.ts";
import type { Decision } from "../scan/decide.ts";
import { newId, now } from "../ids.ts";
import { sha256Hex } from "../bytes.ts";
import { safeFileName } from "../formats/file-names.ts";
import { checkEinvoiceXml, checkPdf } from "./files.ts";
import { UPLOAD_SCAN_RETRY_AFTER_SECONDS } from "./limits.ts";

export type SalesInvoiceRow = typeof salesInvoices.$inferSelect;

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface SalesInvoiceInput {
  customerId: string;
  number: string;
  issueDate: string;
  dueDate?: string | undefined;
  currency: string;
  totalAmount: string;
  pdf?: UploadedFile | undefined;
  einvoice?: UploadedFile | undefined;
}

export interface SalesInvoiceFilter extends PageRequest {
  customerId?: string | undefined;
}

async function assertCustomer(ctx: Ctx, accountId: string, customerId: string) {
  const partner = await ctx.db.query.partners.findFirst({ where: and(eq(partners.id, customerId), eq(partners.accountId, accountId)) });
  const problem = !partner
    ? `No partner has the id ${customerId}: create the customer first (POST /v1/partners).`
    : partner.archivedAt
      ? `The partner ${customerId} was deleted; invoices can no longer be made out to it.`
      : !partner.roles.includes("customer")
        ? `The partner ${customerId} is not a customer: add the customer role to it first.`
        : null;
  if (problem) throw unprocessable("metadata.customerId", problem);
}

/** The files, checked; the e-invoice's syntax when there is one. */
function checkFiles(input: SalesInvoiceInput) {
  if (input.pdf) {
    const pdf = checkPdf(input.pdf.bytes, input.number);
    if (!pdf.ok) throw unprocessable("file", `The file ${input.pdf.name} cannot be sent: ${pdf.problem}.`);
  }
  if (!input.einvoice) return null;
  const xml = checkEinvoiceXml(input.einvoice.bytes, input.number);
  if (!xml.ok) throw unprocessable("einvoice", `The e-invoice ${input.einvoice.name} cannot be sent: ${xml.problem}.`);
  return xml.value;
}

async function store(ctx: Ctx, key: string, file: UploadedFile, contentType: string): Promise<StoredFile> {
  await ctx.env.FILES.put(key, file.bytes, { httpMetadata: { contentType } });
  // The name the uploader's system gave the file, made safe and short like a received one's; without one, the key's.
  const name = safeFileName(file.name, key.slice(key.lastIndexOf("/") + 1));
  return { key, name, contentType, size: file.bytes.length, sha256: await sha256Hex(file.bytes) };
}

/**
 * The same checks as a received file gets, on each uploaded file: the
 * built-in rules, then ClamAV when it is configured, also on the files an
 * e-invoice carries. What they call malicious (or cannot scan whole) is
 * refused, 422 with the check's code in the details, and never stored: mail
 * sent from the platform's domain must not carry it. When ClamAV gives no
 * answer the upload is refused too (fail closed), to be made again later.
 * The rules on names look at the name made safe: the uploader's own system
 * named the file, and only its safe form is ever sent.
 */
async function scanUploads(ctx: Ctx, accountId: string, input: SalesInvoiceInput): Promise<void> {
  for (const [path, file] of [["file", input.pdf], ["einvoice", input.einvoice]] as const) {
    if (!file) continue;
    let decision: Decision;
    try {
      ({ decision } = await checkFile(ctx, accountId, { bytes: file.bytes, originalName: safeFileName(file.name, path), source: "attachment" }, true));
    } catch (error) {
      if (!(error instanceof ClamdUnavailableError)) throw error;
      // Fail closed: nothing unscanned is stored, so nothing unscanned can be mailed from the platform's domain.
      throw new AppError("SCANNER_UNAVAILABLE", `The file ${file.name} could not be checked for viruses now (${error.message}); nothing was stored: upload it again in a few minutes.`, {
        details: [{ path, message: error.message }] satisfies FieldIssue[],
        retryAfterSeconds: UPLOAD_SCAN_RETRY_AFTER_SECONDS,
      });
    }
    if (decision.verdict === "malicious" || decision.verdict === "scan_failed") {
      throw unprocessableFields([{ path, message: `The file ${file.name} cannot be sent: ${decision.reason}`, reasonCode: decision.reasonCode!, reasonParams: decision.reasonParams ?? {} }]);
    }
  }
}

/** Stores a sales invoice and its files (in R2), ready to be sent. */
export async function createSalesInvoice(ctx: Ctx, account: Account, input: SalesInvoiceInput): Promise<SalesInvoiceRow> {
  await assertCustomer(ctx, account.id, input.customerId);
  const syntax = checkFiles(input);
  await scanUploads(ctx, account.id, input);
  const duplicate = await ctx.db.query.salesInvoices.findFirst({
    where: and(eq(salesInvoices.accountId, account.id), eq(salesInvoices.number, input.number)),
  });
  if (duplicate) throw numberTaken(input.number, duplicate.id);

  const id = newId("salesInvoice");
  const prefix = `sales-invoices/${account.id}/${id}`;
  const file = input.pdf ? await store(ctx, `${prefix}/invoice.pdf`, input.pdf, "application/pdf") : null;
  const einvoice = input.einvoice && syntax ? { ...(await store(ctx, `${prefix}/einvoice.xml`, input.einvoice, "application/xml")), syntax } : null;
  const row: SalesInvoiceRow = {
    id,
    accountId: account.id,
    customerId: input.customerId,
    number: input.number,
    issueDate: input.issueDate,
    dueDate: input.dueDate ?? null,
    currency: input.currency,
    totalAmount: input.totalAmount,
    file,
    einvoice,
    createdAt: now(),
  };
  try {
    await ctx.db.insert(salesInvoices).values(row);
  } catch (error) {
    await ctx.env.FILES.delete([file?.key, einvoice?.key].filter((k): k is string => Boolean(k)));
    // The same number uploaded twice at once: the unique index lets one through.
    if (isUniqueViolation(error)) throw numberTaken(input.number);
    throw error;
  }
  return row;
}

function numberTaken(number: string, existingId?: string) {
  return new AppError("CONFLICT", `Invoice number ${number} is already used${existingId ? ` by ${existingId}` : ""}: each invoice needs a number of its own.`, {
    details: [{ path: "metadata.number", message: "already used by another sales invoice" }],
  });
}

export async function getSalesInvoice(ctx: Ctx, accountId: string, id: string): Promise<SalesInvoiceRow> {
  const row = await ctx.db.query.salesInvoices.findFirst({ where: and(eq(salesInvoices.id, id), eq(salesInvoices.accountId, accountId)) });
  if (!row) throw notFound(`No sales invoice has the id ${id}.`);
  return row;
}

export async function listSalesInvoices(ctx: Ctx, accountId: string, filter: SalesInvoiceFilter): Promise<Page<SalesInvoiceRow>> {
  const conditions: SQL[] = [eq(salesInvoices.accountId, accountId)];
  if (filter.customerId) conditions.push(eq(salesInvoices.customerId, filter.customerId));
  if (filter.cursor) conditions.push(lt(salesInvoices.id, filter.cursor));
  const rows = await ctx.db
    .select()
    .from(salesInvoices)
    .where(and(...conditions))
    .orderBy(desc(salesInvoices.id))
    .limit(filter.limit + 1);
  return toPage(rows, filter.limit);
}

/** The invoice's PDF (`file`) or e-invoice, for a download. */
export async function salesInvoiceFile(ctx: Ctx, accountId: string, id: string, which: "file" | "einvoice") {
  const invoice = await getSalesInvoice(ctx, accountId, id);
  const stored = invoice[which];
  const object = stored ? await ctx.env.FILES.get(stored.key) : null;
  if (!stored || !object) throw notFound(`The sales invoice ${id} has no ${which === "file" ? "PDF" : "e-invoice"}.`);
  return { file: { name: stored.name, detectedType: stored.contentType, size: stored.size }, object };
}

/** The sales invoices of these ids (a page of deliveries names them). */
export async function salesInvoicesByIds(ctx: Ctx, accountId: string, ids: string[]): Promise<SalesInvoiceRow[]> {
  if (ids.length === 0) return [];
  return inChunks([...new Set(ids)], (chunk) =>
    ctx.db
      .select()
      .from(salesInvoices)
      .where(and(eq(salesInvoices.accountId, accountId), inArray(salesInvoices.id, chunk))),
  );
}
