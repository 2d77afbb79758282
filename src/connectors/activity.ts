import { and, count, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { inboundFiles, inboundMessages, inboxItems, purchaseInvoices } from "../db/schema/index.ts";
import { FLAGGED_KINDS } from "./email-connector.ts";

/** What arrived over the last days, as the email connector's page shows it. */
export interface ConnectorActivity {
  since: string;
  mailsReceived: number;
  /** Purchase invoices made from mail received since. */
  documentsImported: number;
  /** Files not imported because of what they are (and not imported by a rescan since). */
  documentsFlagged: number;
  /** Mails that brought nothing to import: no attachment, only a logo. */
  mailsIgnored: number;
}

export async function connectorActivity(ctx: Ctx, accountId: string, days: number): Promise<ConnectorActivity> {
  const since = new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();
  const [[mails], [imported], [flagged]] = await ctx.db.batch([
    ctx.db
      .select({ n: count(), ignored: sql<number>`coalesce(sum(${inboundMessages.outcome} = 'ignored'), 0)` })
      .from(inboundMessages)
      .where(and(eq(inboundMessages.accountId, accountId), gte(inboundMessages.receivedAt, since))),
    ctx.db
      .select({ n: count() })
      .from(purchaseInvoices)
      .where(and(eq(purchaseInvoices.accountId, accountId), gte(purchaseInvoices.receivedAt, since))),
    ctx.db
      .select({ n: count() })
      .from(inboxItems)
      .innerJoin(inboundFiles, eq(inboundFiles.id, inboxItems.fileId))
      .where(and(eq(inboxItems.accountId, accountId), gte(inboxItems.createdAt, since), inArray(inboxItems.kind, FLAGGED_KINDS), isNull(inboundFiles.purchaseInvoiceId))),
  ]);
  return { since, mailsReceived: mails!.n, documentsImported: imported!.n, documentsFlagged: flagged!.n, mailsIgnored: Number(mails!.ignored) };
}
