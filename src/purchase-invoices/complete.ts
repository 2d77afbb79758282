import type { BatchItem } from "drizzle-orm/batch";
import { and, count, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { inChunks, runBatch } from "../db/client.ts";
import { searchText } from "../db/search.ts";
import { accounts, inboundFiles, inboundMessages, inboxItems, pictureWhys, purchaseInvoices, type InboxKind } from "../db/schema/index.ts";
import { now } from "../ids.ts";
import type { StoredEInvoice } from "../einvoice/index.ts";
import { englishReason, reason, type Reason } from "../reasons/catalogue.ts";
import { MAX_REASON_TEXT_CHARS } from "../reasons/limits.ts";
import { capText } from "../text.ts";
import { groupItemId, planCompletion, type PlanFile } from "./completion-plan.ts";

/**
 * Completes a mail once every one of its files has a verdict: writes its
 * purchase invoices, inbox items and outcome in one batch (one transaction).
 * Safe to run any number of times: ids derive from the files, rows are
 * inserted only when missing, and the plan is the same each time.
 *
 * A file rescanned after `scan_failed` completes its mail again, with a
 * new plan: its inbox item then says what the file is now (and asks for
 * attention again), or, when the file is no longer flagged, is resolved
 * with a sentence saying so, while the purchase invoice it became is added.
 */
export async function completeIfDecided(ctx: Ctx, inboundMessageId: string): Promise<void> {
  const [pending] = await ctx.db
    .select({ n: count() })
    .from(inboundFiles)
    .where(and(eq(inboundFiles.inboundMessageId, inboundMessageId), isNull(inboundFiles.verdict)));
  if (pending!.n > 0) return;
  const message = await ctx.db.query.inboundMessages.findFirst({ where: eq(inboundMessages.id, inboundMessageId) });
  if (!message || message.fileCount === null) return;
  const planned = await complete(ctx, message);
  // Two mails carrying the same new file can complete at once: the unique
  // (account, sha256) index lets one invoice in. The other mail is then
  // planned again, and now sees that file as a duplicate.
  if (planned.length > 0) {
    const written = await inChunks(planned, (chunk) => ctx.db.select({ id: purchaseInvoices.id }).from(purchaseInvoices).where(inArray(purchaseInvoices.id, chunk)));
    if (written.length < planned.length) await complete(ctx, message);
  }
}

/** Plans a completed mail again, after a person placed one of its files (src/purchase-invoices/reclassify.ts). */
export async function completeAgain(ctx: Ctx, message: typeof inboundMessages.$inferSelect): Promise<void> {
  await complete(ctx, message);
}

async function complete(ctx: Ctx, message: typeof inboundMessages.$inferSelect): Promise<string[]> {
  const [files, account] = await Promise.all([
    ctx.db.select().from(inboundFiles).where(eq(inboundFiles.inboundMessageId, message.id)),
    ctx.db.query.accounts.findFirst({ where: eq(accounts.id, message.accountId) }),
  ]);
  const shas = [...new Set(files.filter((f) => f.verdict === "document").map((f) => f.sha256))];
  const elsewhere = await inChunks(shas, (chunk) =>
    ctx.db
      .select({ sha256: purchaseInvoices.sha256 })
      .from(purchaseInvoices)
      .where(and(eq(purchaseInvoices.accountId, message.accountId), inArray(purchaseInvoices.sha256, chunk), ne(purchaseInvoices.inboundMessageId, message.id))),
  );
  const plan = planCompletion({
    messageId: message.id,
    sender: message.headerFrom ?? message.envelopeFrom,
    files: files.map(toPlanFile),
    importedElsewhere: new Set(elsewhere.map((e) => e.sha256)),
    skippedPictures: (message.skippedParts ?? []).some((part) => pictureWhys.includes(part.why)),
    notice: message.noticeKind ? { kind: message.noticeKind as InboxKind, code: message.noticeCode!, params: message.noticeParams, reason: message.notice! } : null,
    accountVatNumber: account?.vatNumber ?? null,
  });

  const timestamp = now();
  const byId = new Map(files.map((f) => [f.id, f]));
  const existing = new Map(
    (await ctx.db.select().from(inboxItems).where(and(eq(inboxItems.inboundMessageId, message.id), eq(inboxItems.accountId, message.accountId)))).map((i) => [i.id, i]),
  );
  const plannedInvoices = new Set(plan.invoices.map((i) => i.id));
  const stale = (
    await ctx.db
      .select({ id: purchaseInvoices.id })
      .from(purchaseInvoices)
      .where(and(eq(purchaseInvoices.inboundMessageId, message.id), eq(purchaseInvoices.accountId, message.accountId)))
  )
    .map((row) => row.id)
    .filter((id) => !plannedInvoices.has(id));
  const planned = new Set(plan.inbox.map((item) => item.id));
  const group = groupItemId(message.id);
  const superseded = [...existing.values()].filter((item) => (item.fileId !== null || item.id === group) && !planned.has(item.id) && item.resolvedAt === null);
  const statements: BatchItem<"sqlite">[] = [
    ...plan.invoices.map((invoice) => {
      const file = byId.get(invoice.file.id)!;
      return ctx.db
        .insert(purchaseInvoices)
        .values({
          id: invoice.id,
          accountId: message.accountId,
          inboundMessageId: message.id,
          fileId: file.id,
          sha256: file.sha256,
          status: "received",
          format: file.format!,
          receivedAt: message.receivedAt,
          invoice: invoice.invoice && JSON.stringify(invoice.invoice),
          warnings: JSON.stringify(invoice.warnings),
          searchText: searchText(file.name, message.headerFrom, message.envelopeFrom, message.subject, invoice.invoice?.number, invoice.invoice?.seller.name, invoice.invoice?.seller.vatNumber),
        })
        .onConflictDoNothing();
    }),
    // A purchase invoice of this mail the plan no longer has: a person made its file an appendix (reclassify).
    ...chunks(stale).map((ids) => ctx.db.delete(purchaseInvoices).where(and(eq(purchaseInvoices.accountId, message.accountId), inArray(purchaseInvoices.id, ids)))),
    ...[...plan.links].map(([fileId, purchaseInvoiceId]) =>
      ctx.db.update(inboundFiles).set({ purchaseInvoiceId }).where(and(eq(inboundFiles.id, fileId), eq(inboundFiles.accountId, message.accountId))),
    ),
    ...plan.inbox.flatMap((item): BatchItem<"sqlite">[] => {
      const before = existing.get(item.id);
      if (!before) {
        return [ctx.db.insert(inboxItems).values({ ...item, accountId: message.accountId, inboundMessageId: message.id, createdAt: timestamp }).onConflictDoNothing()];
      }
      if (before.kind === item.kind && before.reasonCode === item.reasonCode && before.reason === item.reason) return [];
      return [
        ctx.db
          .update(inboxItems)
          .set({ kind: item.kind, reasonCode: item.reasonCode, reasonParams: item.reasonParams, reason: item.reason, resolvedAt: null, resolutionCode: null, resolutionParams: null })
          .where(and(eq(inboxItems.id, item.id), eq(inboxItems.accountId, message.accountId))),
      ];
    }),
    ...superseded.map((item) => {
      const why = item.fileId ? resolution(byId.get(item.fileId), plan.links.get(item.fileId) ?? null) : reason("RESCAN_REGROUPED");
      return ctx.db
        .update(inboxItems)
        // The English sentence keeps the whole story for logs; the code and parameters render it in any language.
        .set({ resolvedAt: timestamp, resolutionCode: why.code, resolutionParams: why.params, reason: capText(`${item.reason} ${englishReason(why)}`, MAX_REASON_TEXT_CHARS) })
        .where(and(eq(inboxItems.id, item.id), eq(inboxItems.accountId, message.accountId), isNull(inboxItems.resolvedAt)));
    }),
    ctx.db
      .update(inboundMessages)
      .set({ outcome: plan.outcome, completedAt: message.completedAt ?? timestamp })
      .where(and(eq(inboundMessages.id, message.id), eq(inboundMessages.accountId, message.accountId))),
  ];
  await runBatch(ctx.db, statements);
  console.log(JSON.stringify({ msg: "mail completed", inboundMessageId: message.id, outcome: plan.outcome, invoices: plan.invoices.length, inboxItems: plan.inbox.length }));
  return plan.invoices.map((i) => i.id);
}

/** Ids in groups small enough for D1's 100 bound parameters per statement. */
function chunks(ids: string[], size = 90): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i < ids.length; i += size) groups.push(ids.slice(i, i + size));
  return groups;
}

/** Why a file's inbox item no longer stands after its mail was completed again. */
function resolution(file: typeof inboundFiles.$inferSelect | undefined, purchaseInvoiceId: string | null): Reason {
  if (purchaseInvoiceId) return reason("RESCAN_IMPORTED", { purchaseInvoiceId });
  if (file?.verdict === "document") return reason("RESCAN_ALREADY_IMPORTED");
  return reason("RESCAN_CLEAN", { note: file?.reasonCode && file.reasonParams ? { code: file.reasonCode, params: file.reasonParams } : null });
}

function toPlanFile(file: typeof inboundFiles.$inferSelect): PlanFile {
  return {
    id: file.id,
    position: file.position,
    name: file.name,
    sha256: file.sha256,
    verdict: file.verdict!,
    format: file.format as PlanFile["format"],
    einvoice: file.einvoice ? (JSON.parse(file.einvoice) as StoredEInvoice) : null,
    reasonCode: file.reasonCode,
    reasonParams: file.reasonParams,
    reason: file.reason,
    placement: file.placement,
    parentId: file.parentFileId,
  };
}
