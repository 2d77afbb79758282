import { and, asc, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Ctx } from "../context.ts";
import { inChunks } from "../db/client.ts";
import { toPage, type Page, type PageRequest } from "../db/pagination.ts";
import { deliveries, deliveryEvents, deliveryMessages, type DeliveryEventType, type DeliveryStatus } from "../db/schema/index.ts";
import { notFound } from "../errors.ts";
import { newId, now } from "../ids.ts";
import { englishReason, type Reason } from "../reasons/catalogue.ts";
import { capText } from "../text.ts";
import { MAX_LAST_ERROR_CHARS } from "./limits.ts";

export type DeliveryRow = typeof deliveries.$inferSelect;
export type DeliveryEventRow = typeof deliveryEvents.$inferSelect;
export type DeliveryMessageRow = typeof deliveryMessages.$inferSelect;
export type Delivery = DeliveryRow & { events: DeliveryEventRow[] };

export interface DeliveryEvent {
  type: DeliveryEventType;
  /** What happened, as an event of the catalogue (src/reasons/events.ts). */
  message: Reason;
  /** For events from outside (a bounce): the same one twice is recorded once. */
  dedupeKey?: string;
  /** When it happened, when a report from outside says so; otherwise when it is recorded. */
  at?: string;
}

export interface Transition {
  /** Applied only while the delivery is in one of these statuses; another worker may have moved it on. */
  from: DeliveryStatus[];
  changes: Partial<Omit<DeliveryRow, "id" | "accountId" | "createdAt">>;
  event: DeliveryEvent;
  /** Other rows written in the same transaction. */
  alsoWrite?: BatchItem<"sqlite">[];
}

export function eventRow(delivery: Pick<DeliveryRow, "id" | "accountId">, status: DeliveryStatus, event: DeliveryEvent, at = now()): DeliveryEventRow {
  return {
    id: newId("deliveryEvent"),
    deliveryId: delivery.id,
    accountId: delivery.accountId,
    at: event.at ?? at,
    type: event.type,
    status,
    ...eventMessage(event),
    dedupeKey: event.dedupeKey ?? null,
  };
}

/** An event's message columns: its code and parameters, and the English sentence stored beside them. */
function eventMessage(event: DeliveryEvent) {
  return { messageCode: event.message.code, messageParams: event.message.params as Record<string, unknown>, message: englishReason(event.message) };
}

/**
 * A delivery's reason columns: the code and parameters of why it is blocked,
 * failed or bounced, and its last error in words (a provider's or a server's
 * when there are some, else the reason's own sentence in English).
 */
export function reasonChanges(why: Reason, lastError: string = englishReason(why)): Pick<DeliveryRow, "reason" | "reasonParams" | "lastError"> {
  return { reason: why.code, reasonParams: why.params as Record<string, unknown>, lastError };
}

/** A Message-ID as providers report it in events: without angle brackets or surrounding space. */
export function bareMessageId(messageId: string): string {
  return messageId.trim().replace(/^<(.*)>$/, "$1");
}

/**
 * Moves a delivery on and records why, in one transaction: the event is
 * written if and only if the change is, so the history never disagrees
 * with the status. Returns the delivery as it is now, or null when it was
 * no longer in a `from` status.
 */
export async function transition(ctx: Ctx, delivery: DeliveryRow, { from, changes, event, alsoWrite = [] }: Transition): Promise<DeliveryRow | null> {
  // A provider's message or a server's diagnostics, and those of every bounce of the same send after the first.
  if (changes.lastError) changes = { ...changes, lastError: capText(changes.lastError, MAX_LAST_ERROR_CHARS) };
  const at = now();
  const row = eventRow(delivery, changes.status ?? delivery.status, event, at);
  const guard = and(eq(deliveries.id, delivery.id), eq(deliveries.accountId, delivery.accountId), inArray(deliveries.status, from));
  const [, updated] = await ctx.db.batch([
    // The event goes first, under the same guard as the update that follows it.
    ctx.db.insert(deliveryEvents).select(
      ctx.db
        .select({
          id: sql<string>`${row.id}`.as("id"),
          deliveryId: deliveries.id,
          accountId: deliveries.accountId,
          at: sql<string>`${row.at}`.as("at"),
          type: sql<DeliveryEventType>`${row.type}`.as("type"),
          status: sql<DeliveryStatus>`${row.status}`.as("status"),
          messageCode: sql<string>`${row.messageCode}`.as("message_code"),
          messageParams: sql<string>`${JSON.stringify(row.messageParams)}`.as("message_params"),
          message: sql<string>`${row.message}`.as("message"),
          dedupeKey: sql<string | null>`${row.dedupeKey}`.as("dedupe_key"),
        })
        .from(deliveries)
        .where(guard),
    ),
    ctx.db
      .update(deliveries)
      .set({ ...changes, updatedAt: at })
      .where(guard)
      .returning(),
    ...alsoWrite,
  ]);
  return updated[0] ?? null;
}

/**
 * Records what happened to a delivery without changing it (a report that
 * it was delivered, deferred, complained of). The event carries the status
 * the delivery has when it is written. False when its dedupe key was seen.
 */
export async function recordEvent(ctx: Ctx, delivery: Pick<DeliveryRow, "id" | "accountId">, event: DeliveryEvent): Promise<boolean> {
  const message = eventMessage(event);
  const inserted = await ctx.db
    .insert(deliveryEvents)
    .select(
      ctx.db
        .select({
          id: sql<string>`${newId("deliveryEvent")}`.as("id"),
          deliveryId: deliveries.id,
          accountId: deliveries.accountId,
          at: sql<string>`${event.at ?? now()}`.as("at"),
          type: sql<DeliveryEventType>`${event.type}`.as("type"),
          status: deliveries.status,
          messageCode: sql<string>`${message.messageCode}`.as("message_code"),
          messageParams: sql<string>`${JSON.stringify(message.messageParams)}`.as("message_params"),
          message: sql<string>`${message.message}`.as("message"),
          dedupeKey: sql<string | null>`${event.dedupeKey ?? null}`.as("dedupe_key"),
        })
        .from(deliveries)
        .where(and(eq(deliveries.id, delivery.id), eq(deliveries.accountId, delivery.accountId))),
    )
    .onConflictDoNothing()
    .returning({ id: deliveryEvents.id });
  return inserted.length > 0;
}

/**
 * The messages sent under a provider's message id (brackets or not), for
 * what arrives from outside naming one; never for an API caller. One in
 * practice; a provider that reused an id would give several.
 */
export async function findDeliveryMessages(ctx: Ctx, messageId: string): Promise<DeliveryMessageRow[]> {
  return ctx.db.query.deliveryMessages.findMany({ where: eq(deliveryMessages.messageId, bareMessageId(messageId)), orderBy: asc(deliveryMessages.id) });
}

/** The last message sent to a recipient of a delivery: an event about any earlier one concerns a send since superseded. */
export async function latestDeliveryMessage(ctx: Ctx, delivery: Pick<DeliveryRow, "id" | "accountId">, recipient: string): Promise<DeliveryMessageRow | undefined> {
  return ctx.db.query.deliveryMessages.findFirst({
    where: and(eq(deliveryMessages.deliveryId, delivery.id), eq(deliveryMessages.accountId, delivery.accountId), eq(deliveryMessages.recipient, recipient)),
    orderBy: desc(deliveryMessages.id),
  });
}

/** By id alone, for what arrives from outside with a delivery id in it (a bounce address); never for an API caller. */
export async function findDeliveryById(ctx: Ctx, id: string): Promise<DeliveryRow | undefined> {
  return ctx.db.query.deliveries.findFirst({ where: eq(deliveries.id, id) });
}

export async function findDelivery(ctx: Ctx, accountId: string, id: string): Promise<DeliveryRow | undefined> {
  return ctx.db.query.deliveries.findFirst({ where: and(eq(deliveries.id, id), eq(deliveries.accountId, accountId)) });
}

async function withEvents(ctx: Ctx, accountId: string, rows: DeliveryRow[]): Promise<Delivery[]> {
  if (rows.length === 0) return [];
  const events = await inChunks(
    rows.map((r) => r.id),
    (chunk) =>
      ctx.db
        .select()
        .from(deliveryEvents)
        .where(and(eq(deliveryEvents.accountId, accountId), inArray(deliveryEvents.deliveryId, chunk)))
        .orderBy(asc(deliveryEvents.id)),
  );
  return rows.map((row) => ({ ...row, events: events.filter((e) => e.deliveryId === row.id) }));
}

export async function requireDelivery(ctx: Ctx, accountId: string, id: string): Promise<DeliveryRow> {
  const row = await findDelivery(ctx, accountId, id);
  if (!row) throw notFound(`No delivery has the id ${id}.`);
  return row;
}

export async function getDelivery(ctx: Ctx, accountId: string, id: string): Promise<Delivery> {
  return (await withEvents(ctx, accountId, [await requireDelivery(ctx, accountId, id)]))[0]!;
}

export interface DeliveryFilter extends PageRequest {
  status?: DeliveryStatus | undefined;
  /** Any of these (the web app's list of what did not arrive: failed, bounced, blocked). */
  statuses?: DeliveryStatus[] | undefined;
  salesInvoiceId?: string | undefined;
}

/** Deliveries newest first, each with its history. */
export async function listDeliveries(ctx: Ctx, accountId: string, filter: DeliveryFilter): Promise<Page<Delivery>> {
  const conditions: SQL[] = [eq(deliveries.accountId, accountId)];
  if (filter.status) conditions.push(eq(deliveries.status, filter.status));
  if (filter.statuses) conditions.push(inArray(deliveries.status, filter.statuses));
  if (filter.salesInvoiceId) conditions.push(eq(deliveries.salesInvoiceId, filter.salesInvoiceId));
  if (filter.cursor) conditions.push(lt(deliveries.id, filter.cursor));
  const rows = await ctx.db
    .select()
    .from(deliveries)
    .where(and(...conditions))
    .orderBy(desc(deliveries.id))
    .limit(filter.limit + 1);
  const page = toPage(rows, filter.limit);
  return { items: await withEvents(ctx, accountId, page.items), nextCursor: page.nextCursor };
}

/** The deliveries of these sales invoices, without their events: a list shows where each went and how it stands. */
export async function deliveriesOfInvoices(ctx: Ctx, accountId: string, salesInvoiceIds: string[]): Promise<DeliveryRow[]> {
  if (salesInvoiceIds.length === 0) return [];
  return inChunks(salesInvoiceIds, (chunk) =>
    ctx.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.accountId, accountId), inArray(deliveries.salesInvoiceId, chunk)))
      .orderBy(asc(deliveries.id)),
  );
}
