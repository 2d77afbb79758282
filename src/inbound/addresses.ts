import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { connectors, importAddresses, type ConnectorStatus, type ImportAddressKind } from "../db/schema/index.ts";

/**
 * Import addresses are derived from the account's numbers, never chosen:
 * `be0123456749@<domain>` (the VAT number) and `be.0123456749@<domain>`
 * (country, a dot, the company number). A VAT local part never holds a dot,
 * so the two kinds cannot collide.
 */
export function deriveImportAddresses(account: {
  country: string;
  vatNumber: string | null;
  companyNumber: string | null;
}): { localPart: string; kind: ImportAddressKind }[] {
  const derived: { localPart: string; kind: ImportAddressKind }[] = [];
  if (account.vatNumber) derived.push({ localPart: account.vatNumber.toLowerCase(), kind: "vat" });
  if (account.companyNumber) derived.push({ localPart: `${account.country}.${account.companyNumber}`.toLowerCase(), kind: "company" });
  return derived;
}

export function formatAddress(localPart: string, domain: string): string {
  return `${localPart}@${domain}`;
}

/**
 * The import local part an envelope recipient names on `inboundDomain`, or
 * null when it is not one of ours. Case-insensitive; a `+tag` subaddress is
 * dropped; angle brackets and a trailing dot on the domain are tolerated.
 */
export function importLocalPart(rcptTo: string, inboundDomain: string): string | null {
  const address = rcptTo.trim().replace(/^<(.*)>$/, "$1");
  const at = address.lastIndexOf("@");
  if (at <= 0) return null;
  const domain = address.slice(at + 1).toLowerCase().replace(/\.$/, "");
  if (domain !== inboundDomain.toLowerCase()) return null;
  const localPart = address.slice(0, at).toLowerCase().split("+", 1)[0]!;
  // Import local parts are letters, digits and at most one dot; anything else
  // (quoted strings, comments, empty) cannot be an import address.
  return /^[a-z0-9]+(\.[a-z0-9]+)?$/.test(localPart) ? localPart : null;
}

export interface ResolvedRecipient {
  accountId: string;
  /** The canonical import address, without tag. */
  address: string;
  kind: ImportAddressKind;
  connectorStatus: ConnectorStatus;
}

/** Resolves an envelope recipient to the account and the state of its email connector. */
export async function resolveRecipient(ctx: Ctx, rcptTo: string): Promise<ResolvedRecipient | null> {
  const localPart = importLocalPart(rcptTo, ctx.config.INBOUND_DOMAIN);
  if (!localPart) return null;
  const [found] = await ctx.db
    .select({ accountId: importAddresses.accountId, kind: importAddresses.kind, connectorStatus: connectors.status })
    .from(importAddresses)
    .innerJoin(connectors, and(eq(connectors.accountId, importAddresses.accountId), eq(connectors.type, "email")))
    .where(eq(importAddresses.localPart, localPart))
    .limit(1);
  if (!found) return null;
  return { ...found, address: formatAddress(localPart, ctx.config.INBOUND_DOMAIN) };
}
