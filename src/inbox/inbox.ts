import { and, desc, eq, isNotNull, isNull, lt, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { toPage, type Page, type PageRequest } from "../db/pagination.ts";
import { inboundFiles, inboundMessages, inboxItems, type InboxKind } from "../db/schema/index.ts";
import { notFound } from "../errors.ts";
import { now } from "../ids.ts";

export interface InboxItemDetail {
  item: typeof inboxItems.$inferSelect;
  file: typeof inboundFiles.$inferSelect | null;
  message: typeof inboundMessages.$inferSelect | null;
}

export interface InboxFilter extends PageRequest {
  kind?: InboxKind | undefined;
  resolved?: boolean | undefined;
}

function query(ctx: Ctx, conditions: SQL[]) {
  return ctx.db
    .select({ item: inboxItems, file: inboundFiles, message: inboundMessages })
    .from(inboxItems)
    .leftJoin(inboundFiles, eq(inboundFiles.id, inboxItems.fileId))
    .leftJoin(inboundMessages, eq(inboundMessages.id, inboxItems.inboundMessageId))
    .where(and(...conditions));
}

export async function listInbox(ctx: Ctx, accountId: string, filter: InboxFilter): Promise<Page<InboxItemDetail>> {
  const conditions: SQL[] = [eq(inboxItems.accountId, accountId)];
  if (filter.kind) conditions.push(eq(inboxItems.kind, filter.kind));
  if (filter.resolved !== undefined) conditions.push(filter.resolved ? isNotNull(inboxItems.resolvedAt) : isNull(inboxItems.resolvedAt));
  if (filter.cursor) conditions.push(lt(inboxItems.id, filter.cursor));
  const rows = await query(ctx, conditions).orderBy(desc(inboxItems.id)).limit(filter.limit + 1);
  const page = toPage(rows.map((r) => ({ ...r, id: r.item.id })), filter.limit);
  return { items: page.items, nextCursor: page.nextCursor };
}

export async function getInboxItem(ctx: Ctx, accountId: string, id: string): Promise<InboxItemDetail> {
  const [row] = await query(ctx, [eq(inboxItems.id, id), eq(inboxItems.accountId, accountId)]).limit(1);
  if (!row) throw notFound(`No inbox item has the id ${id}.`);
  return row;
}

/** Marks an item handled; resolving it again keeps the first resolution time. */
export async function resolveInboxItem(ctx: Ctx, accountId: string, id: string): Promise<InboxItemDetail> {
  await getInboxItem(ctx, accountId, id);
  await ctx.db
    .update(inboxItems)
    .set({ resolvedAt: now() })
    .where(and(eq(inboxItems.id, id), eq(inboxItems.accountId, accountId), isNull(inboxItems.resolvedAt)));
  return getInboxItem(ctx, accountId, id);
}
