import { and, count, desc, eq, inArray, isNull, max } from "drizzle-orm";
import type { Account } from "../accounts/accounts.ts";
import type { Ctx } from "../context.ts";
import { connectors, importAddresses, inboundFiles, inboundMessages, inboxItems, purchaseInvoices, type ImportAddressKind } from "../db/schema/index.ts";
import { notFound } from "../errors.ts";
import { newId, now } from "../ids.ts";
import { deriveImportAddresses, formatAddress } from "../inbound/addresses.ts";
import { recentDeferrals, type Deferrals } from "../inbound/deferrals.ts";
import { scannerSettings, type ScannerSettings } from "../scan/clamd.ts";

export type ConnectorRow = typeof connectors.$inferSelect;

export interface ConnectorStats {
  messagesReceived: number;
  documentsImported: number;
  documentsFlagged: number;
  lastReceivedAt: string | null;
  /** Mails put off by a rate limit in the last DEFERRALS_SHOWN_DAYS days; their senders' servers retry them. */
  deferred: Deferrals;
}

/** How far back the stats show mails put off by a rate limit. */
const DEFERRALS_SHOWN_DAYS = 30;

export interface EmailConnector {
  type: "email";
  status: ConnectorRow["status"];
  installedAt: string;
  updatedAt: string;
  importAddresses: { address: string; kind: ImportAddressKind }[];
  /** Which scanners check received files: the operator's configuration, the same for every account. */
  scanners: ScannerSettings;
  stats: ConnectorStats;
}

const notInstalled = () => notFound("The email connector is not installed: install it with POST /v1/connectors/email.");

async function findRow(ctx: Ctx, accountId: string): Promise<ConnectorRow | undefined> {
  return ctx.db.query.connectors.findFirst({ where: and(eq(connectors.accountId, accountId), eq(connectors.type, "email")) });
}

/**
 * Inbox kinds that count as flagged documents: files that were not imported
 * because of what they are. A file a rescan has since imported no longer counts.
 */
export const FLAGGED_KINDS = ["malicious", "invalid", "unsupported", "scan_failed"] as const;

/** What the account has received so far. */
async function connectorStats(ctx: Ctx, accountId: string): Promise<ConnectorStats> {
  const [[messages], [imported], [flagged]] = await ctx.db.batch([
    ctx.db.select({ n: count(), last: max(inboundMessages.receivedAt) }).from(inboundMessages).where(eq(inboundMessages.accountId, accountId)),
    ctx.db.select({ n: count() }).from(purchaseInvoices).where(eq(purchaseInvoices.accountId, accountId)),
    ctx.db
      .select({ n: count() })
      .from(inboxItems)
      .innerJoin(inboundFiles, eq(inboundFiles.id, inboxItems.fileId))
      .where(and(eq(inboxItems.accountId, accountId), inArray(inboxItems.kind, FLAGGED_KINDS), isNull(inboundFiles.purchaseInvoiceId))),
  ]);
  return {
    messagesReceived: messages!.n,
    documentsImported: imported!.n,
    documentsFlagged: flagged!.n,
    lastReceivedAt: messages!.last ?? null,
    deferred: await recentDeferrals(ctx, accountId, DEFERRALS_SHOWN_DAYS),
  };
}

async function describe(ctx: Ctx, row: ConnectorRow): Promise<EmailConnector> {
  const addresses = await ctx.db
    .select({ localPart: importAddresses.localPart, kind: importAddresses.kind })
    .from(importAddresses)
    .where(eq(importAddresses.accountId, row.accountId))
    // "vat" before "company": the VAT address is the one to hand out first.
    .orderBy(desc(importAddresses.kind));
  return {
    type: "email",
    status: row.status,
    installedAt: row.installedAt,
    updatedAt: row.updatedAt,
    importAddresses: addresses.map((a) => ({ address: formatAddress(a.localPart, ctx.config.INBOUND_DOMAIN), kind: a.kind })),
    scanners: scannerSettings(ctx.config),
    stats: await connectorStats(ctx, row.accountId),
  };
}

/**
 * Installs the email connector, or re-activates it; idempotent. `created`
 * tells the first installation apart. The import addresses are derived from
 * the account's numbers at installation and kept for good.
 */
export async function installEmailConnector(ctx: Ctx, account: Account): Promise<{ connector: EmailConnector; created: boolean }> {
  const existing = await findRow(ctx, account.id);
  const timestamp = now();
  if (existing) {
    if (existing.status !== "active") {
      await ctx.db
        .update(connectors)
        .set({ status: "active", updatedAt: timestamp })
        .where(and(eq(connectors.id, existing.id), eq(connectors.accountId, account.id)));
    }
    return { connector: await describe(ctx, (await findRow(ctx, account.id))!), created: false };
  }
  const row: ConnectorRow = { id: newId("connector"), accountId: account.id, type: "email", status: "active", installedAt: timestamp, updatedAt: timestamp };
  const addresses = deriveImportAddresses(account).map((a) => ({ ...a, accountId: account.id, createdAt: timestamp }));
  // A concurrent installation of the same account inserts nothing twice:
  // both statements give way to the rows already there.
  await ctx.db.batch([
    ctx.db.insert(connectors).values(row).onConflictDoNothing(),
    ctx.db.insert(importAddresses).values(addresses).onConflictDoNothing(),
  ]);
  return { connector: await describe(ctx, (await findRow(ctx, account.id))!), created: true };
}

export async function getEmailConnector(ctx: Ctx, accountId: string): Promise<EmailConnector> {
  const row = await findRow(ctx, accountId);
  if (!row) throw notInstalled();
  return describe(ctx, row);
}

/** Deactivates the connector: mail to its addresses is refused until it is re-activated; history stays. */
export async function deactivateEmailConnector(ctx: Ctx, accountId: string): Promise<EmailConnector> {
  const row = await findRow(ctx, accountId);
  if (!row) throw notInstalled();
  if (row.status !== "inactive") {
    await ctx.db
      .update(connectors)
      .set({ status: "inactive", updatedAt: now() })
      .where(and(eq(connectors.id, row.id), eq(connectors.accountId, accountId)));
  }
  return describe(ctx, (await findRow(ctx, accountId))!);
}

/** Whether the account's email connector is installed and active: mail is neither received nor sent otherwise. */
export async function emailConnectorActive(ctx: Ctx, accountId: string): Promise<boolean> {
  return (await findRow(ctx, accountId))?.status === "active";
}

export interface ConnectorSummary {
  type: "email";
  installed: boolean;
  status: ConnectorRow["status"] | "not_installed";
}

export async function listConnectors(ctx: Ctx, accountId: string): Promise<ConnectorSummary[]> {
  const row = await findRow(ctx, accountId);
  return [{ type: "email", installed: Boolean(row), status: row?.status ?? "not_installed" }];
}
