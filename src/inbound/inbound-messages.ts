import { and, asc, count, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { inChunks } from "../db/client.ts";
import { toPage, type Page, type PageRequest } from "../db/pagination.ts";
import { inboundFiles, inboundMessages, inboxItems, purchaseInvoices, type Outcome } from "../db/schema/index.ts";
import { notFound } from "../errors.ts";

export type InboundMessageRow = typeof inboundMessages.$inferSelect;

export interface InboundMessageDetail extends InboundMessageRow {
  documents: string[];
  inboxItemIds: string[];
  files: (typeof inboundFiles.$inferSelect)[];
}

export interface InboundMessageFilter extends PageRequest {
  outcome?: Outcome | undefined;
  messageId?: string | undefined;
  /** Only mails with an inbox item still open that asks for something (not the informational no_attachment). */
  needsAttention?: boolean | undefined;
}

function filterConditions(accountId: string, filter: Omit<InboundMessageFilter, "limit" | "cursor">): SQL[] {
  const conditions: SQL[] = [eq(inboundMessages.accountId, accountId)];
  if (filter.outcome) conditions.push(eq(inboundMessages.outcome, filter.outcome));
  if (filter.messageId) conditions.push(eq(inboundMessages.messageId, filter.messageId.replace(/^<|>$/g, "")));
  if (filter.needsAttention) {
    conditions.push(
      sql`exists (select 1 from ${inboxItems} where ${inboxItems.inboundMessageId} = ${inboundMessages.id} and ${inboxItems.resolvedAt} is null and ${inboxItems.kind} <> 'no_attachment')`,
    );
  }
  return conditions;
}

export async function listInboundMessages(ctx: Ctx, accountId: string, filter: InboundMessageFilter): Promise<Page<InboundMessageDetail>> {
  const conditions = filterConditions(accountId, filter);
  if (filter.cursor) conditions.push(lt(inboundMessages.id, filter.cursor));
  const rows = await ctx.db
    .select()
    .from(inboundMessages)
    .where(and(...conditions))
    .orderBy(desc(inboundMessages.id))
    .limit(filter.limit + 1);
  const page = toPage(rows, filter.limit);
  return { items: await withDetails(ctx, accountId, page.items), nextCursor: page.nextCursor };
}

/** How many mails the filter matches, all pages together. */
export async function countInboundMessages(ctx: Ctx, accountId: string, filter: Omit<InboundMessageFilter, "limit" | "cursor">): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(inboundMessages)
    .where(and(...filterConditions(accountId, filter)));
  return row!.n;
}

export async function getInboundMessage(ctx: Ctx, accountId: string, id: string): Promise<InboundMessageDetail> {
  const row = await ctx.db.query.inboundMessages.findFirst({ where: and(eq(inboundMessages.id, id), eq(inboundMessages.accountId, accountId)) });
  if (!row) throw notFound(`No inbound message has the id ${id}.`);
  return (await withDetails(ctx, accountId, [row]))[0]!;
}

/** The documents, inbox items and files of each message, in three queries for the whole page. */
async function withDetails(ctx: Ctx, accountId: string, rows: InboundMessageRow[]): Promise<InboundMessageDetail[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [documents, items, files] = await Promise.all([
    inChunks(ids, (chunk) =>
      ctx.db
        .select({ id: purchaseInvoices.id, messageId: purchaseInvoices.inboundMessageId })
        .from(purchaseInvoices)
        .where(and(eq(purchaseInvoices.accountId, accountId), inArray(purchaseInvoices.inboundMessageId, chunk)))
        .orderBy(asc(purchaseInvoices.id)),
    ),
    inChunks(ids, (chunk) =>
      ctx.db
        .select({ id: inboxItems.id, messageId: inboxItems.inboundMessageId })
        .from(inboxItems)
        .where(and(eq(inboxItems.accountId, accountId), inArray(inboxItems.inboundMessageId, chunk)))
        .orderBy(asc(inboxItems.id)),
    ),
    inChunks(ids, (chunk) =>
      ctx.db
        .select()
        .from(inboundFiles)
        .where(and(eq(inboundFiles.accountId, accountId), inArray(inboundFiles.inboundMessageId, chunk)))
        .orderBy(asc(inboundFiles.position)),
    ),
  ]);
  return rows.map((row) => ({
    ...row,
    documents: documents.filter((d) => d.messageId === row.id).map((d) => d.id),
    inboxItemIds: items.filter((i) => i.messageId === row.id).map((i) => i.id),
    files: files.filter((f) => f.inboundMessageId === row.id),
  }));
}
