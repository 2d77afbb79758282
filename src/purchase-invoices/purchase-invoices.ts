import { and, asc, count, desc, eq, gte, inArray, lt, ne, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { inChunks } from "../db/client.ts";
import { toPage, type Page, type PageRequest } from "../db/pagination.ts";
import { contains } from "../db/search.ts";
import { inboundFiles, inboundMessages, purchaseInvoices, type DocumentFormat } from "../db/schema/index.ts";
import { AppError, notFound } from "../errors.ts";

type FileRow = typeof inboundFiles.$inferSelect;

export interface PurchaseInvoiceDetail {
  invoice: typeof purchaseInvoices.$inferSelect;
  file: FileRow;
  appendices: FileRow[];
  message: typeof inboundMessages.$inferSelect;
}

export interface PurchaseInvoiceFilter extends PageRequest {
  status?: "received" | undefined;
  format?: DocumentFormat | undefined;
  receivedAfter?: string | undefined;
  receivedBefore?: string | undefined;
  q?: string | undefined;
  /** true: only invoices with warnings; false: only those without. */
  warnings?: boolean | undefined;
}

function filterConditions(accountId: string, filter: Omit<PurchaseInvoiceFilter, "limit" | "cursor">): SQL[] {
  const conditions: SQL[] = [eq(purchaseInvoices.accountId, accountId)];
  if (filter.status) conditions.push(eq(purchaseInvoices.status, filter.status));
  if (filter.format) conditions.push(eq(purchaseInvoices.format, filter.format));
  if (filter.receivedAfter) conditions.push(gte(purchaseInvoices.receivedAt, filter.receivedAfter));
  if (filter.receivedBefore) conditions.push(lt(purchaseInvoices.receivedAt, filter.receivedBefore));
  if (filter.q) conditions.push(contains(purchaseInvoices.searchText, filter.q.toLowerCase()));
  if (filter.warnings !== undefined) conditions.push(filter.warnings ? ne(purchaseInvoices.warnings, "[]") : eq(purchaseInvoices.warnings, "[]"));
  return conditions;
}

export async function listPurchaseInvoices(ctx: Ctx, accountId: string, filter: PurchaseInvoiceFilter): Promise<Page<PurchaseInvoiceDetail>> {
  const conditions = filterConditions(accountId, filter);
  if (filter.cursor) conditions.push(lt(purchaseInvoices.id, filter.cursor));
  const rows = await ctx.db
    .select()
    .from(purchaseInvoices)
    .where(and(...conditions))
    .orderBy(desc(purchaseInvoices.id))
    .limit(filter.limit + 1);
  const page = toPage(rows, filter.limit);
  return { items: await withFiles(ctx, accountId, page.items), nextCursor: page.nextCursor };
}

/** How many purchase invoices the filter matches, all pages together. */
export async function countPurchaseInvoices(ctx: Ctx, accountId: string, filter: Omit<PurchaseInvoiceFilter, "limit" | "cursor">): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(purchaseInvoices)
    .where(and(...filterConditions(accountId, filter)));
  return row!.n;
}

export async function getPurchaseInvoice(ctx: Ctx, accountId: string, id: string): Promise<PurchaseInvoiceDetail> {
  const row = await ctx.db.query.purchaseInvoices.findFirst({ where: and(eq(purchaseInvoices.id, id), eq(purchaseInvoices.accountId, accountId)) });
  if (!row) throw notFound(`No purchase invoice has the id ${id}.`);
  return (await withFiles(ctx, accountId, [row]))[0]!;
}

/** The stored file of a purchase invoice, or of one of its appendices (`appendixId`). */
export async function purchaseInvoiceFile(ctx: Ctx, accountId: string, id: string, appendixId?: string): Promise<{ file: FileRow; object: R2ObjectBody }> {
  const detail = await getPurchaseInvoice(ctx, accountId, id);
  const file = appendixId ? detail.appendices.find((a) => a.id === appendixId) : detail.file;
  if (!file) throw notFound(`The purchase invoice ${id} has no appendix ${appendixId}.`);
  // Only files the scan let in are ever served; a file flagged since (a rescan) never is.
  if (file.verdict !== "document" && file.verdict !== "companion") {
    throw new AppError("CONFLICT", `The file "${file.name}" is ${file.verdict ?? "waiting for its scan"}${file.reasonCode ? ` (${file.reasonCode})` : ""}, so it is not served.`);
  }
  const object = await ctx.env.FILES.get(file.r2Key);
  if (!object) throw new Error(`R2 object ${file.r2Key} of file ${file.id} is missing`);
  return { file, object };
}

async function withFiles(ctx: Ctx, accountId: string, rows: (typeof purchaseInvoices.$inferSelect)[]): Promise<PurchaseInvoiceDetail[]> {
  if (rows.length === 0) return [];
  const [files, messages] = await Promise.all([
    inChunks(
      rows.map((r) => r.id),
      (chunk) =>
        ctx.db
          .select()
          .from(inboundFiles)
          .where(and(eq(inboundFiles.accountId, accountId), inArray(inboundFiles.purchaseInvoiceId, chunk)))
          .orderBy(asc(inboundFiles.position)),
    ),
    inChunks([...new Set(rows.map((r) => r.inboundMessageId))], (chunk) =>
      ctx.db
        .select()
        .from(inboundMessages)
        .where(and(eq(inboundMessages.accountId, accountId), inArray(inboundMessages.id, chunk))),
    ),
  ]);
  return rows.map((invoice) => ({
    invoice,
    file: files.find((f) => f.id === invoice.fileId)!,
    appendices: files.filter((f) => f.purchaseInvoiceId === invoice.id && f.id !== invoice.fileId),
    message: messages.find((m) => m.id === invoice.inboundMessageId)!,
  }));
}
