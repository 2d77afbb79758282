import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, or, type SQL } from "drizzle-orm";
import { emailConnectorActive } from "../connectors/email-connector.ts";
import type { Ctx } from "../context.ts";
import { inChunks, runBatch } from "../db/client.ts";
import { toPage, type Page, type PageRequest } from "../db/pagination.ts";
import { inboundFiles, inboundMessages, inboxItems, type InboxKind } from "../db/schema/index.ts";
import { AppError, notFound } from "../errors.ts";
import type { Language } from "../i18n/languages.ts";
import { now } from "../ids.ts";
import { enqueueScans } from "../jobs/enqueue.ts";
import { readReason } from "../reasons/catalogue.ts";

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

/**
 * Work still under way for the account: mails being checked, and files
 * waiting for a rescan's verdict. The web inbox polls it to say when the
 * page it shows is out of date.
 */
export async function pendingWork(ctx: Ctx, accountId: string): Promise<number> {
  const [[mails], [rescans]] = await ctx.db.batch([
    ctx.db
      .select({ n: count() })
      .from(inboundMessages)
      .where(and(eq(inboundMessages.accountId, accountId), eq(inboundMessages.outcome, "processing"))),
    ctx.db
      .select({ n: count() })
      .from(inboxItems)
      .innerJoin(inboundFiles, eq(inboundFiles.id, inboxItems.fileId))
      .where(and(eq(inboxItems.accountId, accountId), eq(inboxItems.kind, "scan_failed"), isNull(inboxItems.resolvedAt), isNull(inboundFiles.verdict))),
  ]);
  return mails!.n + rescans!.n;
}

/** The items of these mails, oldest first within each: what the web inbox shows beside each mail's files. */
export async function inboxItemsOfMessages(ctx: Ctx, accountId: string, messageIds: string[]): Promise<InboxItemDetail[]> {
  return inChunks(messageIds, (chunk) => query(ctx, [eq(inboxItems.accountId, accountId), inArray(inboxItems.inboundMessageId, chunk)]).orderBy(asc(inboxItems.id)));
}

/** The item's reason, and how the connector resolved it when it did, in `language`. */
export function inboxItemReason(item: InboxItemDetail["item"], language: Language): string {
  // A row from before the catalogue has no parameters: its stored sentence already holds its resolution.
  if (item.reasonParams === null) return item.reason;
  const reason = readReason(item.reasonCode, item.reasonParams, item.reason, language)!;
  const resolution = readReason(item.resolutionCode, item.resolutionParams, null, language);
  return resolution ? `${reason} ${resolution}` : reason;
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

/** A `scan_failed` item whose file is being scanned again: from the request until the mail is completed with the new verdict. */
export function isRescanning({ item, file }: Pick<InboxItemDetail, "item" | "file">): boolean {
  // Completing the mail again resolves the item or changes its kind; until then the rescan is not
  // over, even once the file has its new verdict.
  return item.kind === "scan_failed" && item.resolvedAt === null && file !== null && file.verdict !== "scan_failed";
}

/**
 * Scans the file of a `scan_failed` item again. The file goes back to
 * waiting for its verdict; the scan step then decides it (retrying while
 * clamd cannot answer), and completing the mail again brings the purchase
 * invoice it becomes, or updates the item with what it is now. The mail
 * keeps its outcome until then: set back to `processing`, an old mail would
 * look stalled to the sweep, which would queue the scan again and again.
 * Asking again while the rescan waits is harmless: the scan step decides a
 * file once.
 */
export async function rescanInboxItem(ctx: Ctx, accountId: string, id: string): Promise<InboxItemDetail> {
  const detail = await getInboxItem(ctx, accountId, id);
  const { item, file } = detail;
  if (item.kind !== "scan_failed") {
    throw new AppError("CONFLICT", `Only items of kind scan_failed (a file that could not be scanned) can be rescanned; this one is ${item.kind}.`);
  }
  // An item that groups a mail's files beyond the inbox item limit rescans every one of them that was not scanned.
  const fileIds = file ? [file.id] : await unscannedFilesOf(ctx, accountId, item.inboundMessageId);
  if (file && file.verdict !== "scan_failed" && file.verdict !== null) {
    throw new AppError("CONFLICT", `The file of this item was rescanned already: it is now ${file.verdict}, so there is nothing left to rescan.`);
  }
  if (fileIds.length === 0) throw new AppError("CONFLICT", "The files this item groups were rescanned already, so there is nothing left to rescan.");
  if (!(await emailConnectorActive(ctx, accountId))) {
    throw new AppError("CONNECTOR_INACTIVE", "The email connector is not active: re-activate it with POST /v1/connectors/email before rescanning received files.");
  }
  await runBatch(ctx.db, [
    ...fileIds.map((fileId) =>
      ctx.db
        .update(inboundFiles)
        .set({ verdict: null, reasonCode: null, reason: null, scanner: null, signature: null, format: null, decidedAt: null, scanAttempts: 0, purchaseInvoiceId: null })
        .where(and(eq(inboundFiles.id, fileId), eq(inboundFiles.accountId, accountId), or(eq(inboundFiles.verdict, "scan_failed"), isNull(inboundFiles.verdict)))),
    ),
    // Reopened: completing the mail again resolves it, or says what the file is now.
    ctx.db.update(inboxItems).set({ resolvedAt: null }).where(and(eq(inboxItems.id, item.id), eq(inboxItems.accountId, accountId))),
  ]);
  await enqueueScans(ctx.env, fileIds);
  console.log(JSON.stringify({ msg: "rescan requested", inboxItemId: item.id, fileIds, accountId }));
  return getInboxItem(ctx, accountId, id);
}

async function unscannedFilesOf(ctx: Ctx, accountId: string, messageId: string | null): Promise<string[]> {
  if (!messageId) return [];
  const rows = await ctx.db
    .select({ id: inboundFiles.id })
    .from(inboundFiles)
    .where(and(eq(inboundFiles.inboundMessageId, messageId), eq(inboundFiles.accountId, accountId), eq(inboundFiles.verdict, "scan_failed")));
  return rows.map((row) => row.id);
}
