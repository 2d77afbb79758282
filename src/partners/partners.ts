import { and, desc, eq, inArray, isNotNull, isNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { Account } from "../accounts/accounts.ts";
import type { Ctx } from "../context.ts";
import type { BatchItem } from "drizzle-orm/batch";
import { inChunks, isForeignKeyViolation, isUniqueViolation, runBatch } from "../db/client.ts";
import { toPage, type Page, type PageRequest } from "../db/pagination.ts";
import { contains, searchText } from "../db/search.ts";
import { deliveryChannels, partners, salesInvoices, type Language, type PartnerAddress, type PartnerRole, type PartnerRow } from "../db/schema/index.ts";
import { AppError, notFound, unprocessableFields, type FieldIssue } from "../errors.ts";
import { checkCompanyNumber } from "../identifiers/company-number.ts";
import { checkPeppolId } from "../identifiers/peppol-id.ts";
import { checkVatNumber, stripSeparators, type Checked } from "../identifiers/vat-number.ts";
import { newId, now } from "../ids.ts";
import {
  assertProfileKeepsChannels,
  channelRowsOf,
  describeChannels,
  planChannel,
  saveChannel,
  type ChannelInput,
  type ChannelRow,
  type DeliveryChannel,
} from "./delivery-channels.ts";

export type Partner = PartnerRow & { deliveryChannels: DeliveryChannel[] };

/** Fields of a partner's profile; on update, undefined leaves a field as it is and null removes it. */
export interface PartnerFields {
  name?: string | undefined;
  roles?: PartnerRole[] | undefined;
  vatNumber?: string | null | undefined;
  companyNumber?: string | null | undefined;
  email?: string | null | undefined;
  language?: Language | undefined;
  address?: PartnerAddress | null | undefined;
  peppolId?: string | null | undefined;
}

export interface PartnerInput extends PartnerFields {
  name: string;
  deliveryChannels?: ChannelInput[] | undefined;
}

export interface PartnerFilter extends PageRequest {
  role?: PartnerRole | undefined;
  q?: string | undefined;
  archived?: boolean | undefined;
}

const partnerNotFound = (id: string) => notFound(`No partner has the id ${id}.`);

/**
 * The profile `fields` make of `current`, identifiers checked and
 * normalised. A number typed without its country prefix is read in the
 * partner's country, else the account's.
 */
function applyFields(account: Account, current: PartnerRow, fields: PartnerFields): PartnerRow {
  const next: PartnerRow = { ...current };
  if (fields.name !== undefined) next.name = fields.name;
  if (fields.roles !== undefined) next.roles = fields.roles;
  if (fields.email !== undefined) next.email = fields.email;
  if (fields.language !== undefined) next.language = fields.language;
  if (fields.address !== undefined) next.address = fields.address;
  const country = next.address?.country ?? account.country;
  const issues: FieldIssue[] = [];
  const check = (path: keyof PartnerFields, raw: string | null | undefined, checker: (raw: string) => Checked): string | null | undefined => {
    if (raw === undefined || raw === null) return raw;
    const checked = checker(raw);
    if (checked.ok) return checked.value;
    issues.push({ path, message: checked.message });
    return undefined;
  };
  const vatNumber = check("vatNumber", fields.vatNumber, (raw) => checkVatNumber(raw, country));
  const companyNumber = check("companyNumber", fields.companyNumber, (raw) => checkCompanyNumber(raw, country));
  const peppolId = check("peppolId", fields.peppolId, checkPeppolId);
  if (issues.length > 0) throw unprocessableFields(issues);
  if (vatNumber !== undefined) next.vatNumber = vatNumber;
  if (companyNumber !== undefined) next.companyNumber = companyNumber;
  if (peppolId !== undefined) next.peppolId = peppolId;
  next.searchText = searchText(next.name, next.email);
  next.updatedAt = now();
  return next;
}

async function assertVatNumberFree(ctx: Ctx, partner: PartnerRow) {
  if (!partner.vatNumber) return;
  const [taken] = await ctx.db
    .select({ id: partners.id, name: partners.name })
    .from(partners)
    .where(
      and(eq(partners.accountId, partner.accountId), eq(partners.vatNumber, partner.vatNumber), isNull(partners.archivedAt), ne(partners.id, partner.id)),
    )
    .limit(1);
  if (taken) throw vatConflict(partner.vatNumber, taken);
}

function vatConflict(vatNumber: string, taken?: { id: string; name: string }) {
  const who = taken ? `${taken.name} (${taken.id})` : "another partner";
  return new AppError("CONFLICT", `${who} already has VAT number ${vatNumber}: update that partner instead of creating a second one.`, {
    details: [{ path: "vatNumber", message: "already used by another partner of this account" }],
  });
}

/** Writes related rows at once (one D1 batch); two writers racing past the VAT check meet the unique index here. */
export async function writeAll(ctx: Ctx, partner: PartnerRow, statements: BatchItem<"sqlite">[]) {
  try {
    await runBatch(ctx.db, statements);
  } catch (error) {
    if (isUniqueViolation(error) && partner.vatNumber) throw vatConflict(partner.vatNumber);
    throw error;
  }
}

function withChannels(ctx: Ctx, partner: PartnerRow, rows: ChannelRow[]): Partner {
  return { ...partner, deliveryChannels: describeChannels(ctx, partner, rows) };
}

async function findRow(ctx: Ctx, accountId: string, id: string): Promise<PartnerRow> {
  const row = await ctx.db.query.partners.findFirst({ where: and(eq(partners.id, id), eq(partners.accountId, accountId)) });
  if (!row) throw partnerNotFound(id);
  return row;
}

/** A partner that is still in use; an archived one can be read but no longer changed. */
export async function getLivePartner(ctx: Ctx, accountId: string, id: string): Promise<PartnerRow> {
  const row = await findRow(ctx, accountId, id);
  if (row.archivedAt) {
    throw new AppError("CONFLICT", `The partner ${id} was deleted (archived because it has history) and can no longer be changed or used.`);
  }
  return row;
}

/**
 * A new partner and its channel rows as they will be saved, identifiers
 * checked (a refusal names the fields); nothing is written.
 */
export function planPartner(ctx: Ctx, account: Account, input: PartnerInput): { partner: PartnerRow; rows: ChannelRow[] } {
  const timestamp = now();
  const blank: PartnerRow = {
    id: newId("partner"),
    accountId: account.id,
    name: input.name,
    roles: ["customer"],
    vatNumber: null,
    companyNumber: null,
    email: null,
    language: account.language,
    address: null,
    peppolId: null,
    searchText: "",
    archivedAt: null,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  const partner = applyFields(account, blank, input);
  return { partner, rows: (input.deliveryChannels ?? []).map((channel, i) => planChannel(ctx, partner, [], channel, `deliveryChannels.${i}.`)) };
}

/** Creates a partner, with the delivery channels it asks for switched on in the same write. */
export async function createPartner(ctx: Ctx, account: Account, input: PartnerInput): Promise<Partner> {
  const { partner, rows } = planPartner(ctx, account, input);
  await assertVatNumberFree(ctx, partner);
  await writeAll(ctx, partner, [ctx.db.insert(partners).values(partner), ...rows.map((row) => saveChannel(ctx, row))]);
  return withChannels(ctx, partner, rows);
}

export async function getPartner(ctx: Ctx, accountId: string, id: string): Promise<Partner> {
  const partner = await findRow(ctx, accountId, id);
  return withChannels(ctx, partner, await channelRowsOf(ctx, accountId, [id]));
}

/** Partners newest first; `q` looks in the name, the email and the VAT number. Archived ones only when asked for. */
export async function listPartners(ctx: Ctx, accountId: string, filter: PartnerFilter): Promise<Page<Partner>> {
  const conditions: (SQL | undefined)[] = [
    eq(partners.accountId, accountId),
    filter.archived ? isNotNull(partners.archivedAt) : isNull(partners.archivedAt),
  ];
  if (filter.role) {
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(${partners.roles}) WHERE json_each.value = ${filter.role})`);
  }
  if (filter.q) {
    // A VAT number is stored normalised: the query is compared without its separators.
    const compactVat = stripSeparators(filter.q);
    conditions.push(or(contains(partners.searchText, filter.q.toLowerCase()), compactVat ? contains(partners.vatNumber, compactVat) : undefined));
  }
  if (filter.cursor) conditions.push(lt(partners.id, filter.cursor));
  const rows = await ctx.db
    .select()
    .from(partners)
    .where(and(...conditions))
    .orderBy(desc(partners.id))
    .limit(filter.limit + 1);
  const page = toPage(rows, filter.limit);
  const channelRows = await channelRowsOf(
    ctx,
    accountId,
    page.items.map((p) => p.id),
  );
  return { items: page.items.map((p) => withChannels(ctx, p, channelRows)), nextCursor: page.nextCursor };
}

export async function updatePartner(ctx: Ctx, account: Account, id: string, fields: PartnerFields): Promise<Partner> {
  const current = await getLivePartner(ctx, account.id, id);
  const next = applyFields(account, current, fields);
  const rows = await channelRowsOf(ctx, account.id, [id]);
  assertProfileKeepsChannels(ctx, current, next, rows);
  if (next.vatNumber !== current.vatNumber) await assertVatNumberFree(ctx, next);
  const { id: _id, accountId: _accountId, createdAt: _createdAt, archivedAt: _archivedAt, ...changes } = next;
  await writeAll(ctx, next, [ctx.db.update(partners).set(changes).where(and(eq(partners.id, id), eq(partners.accountId, account.id)))]);
  return withChannels(ctx, next, rows);
}

export type DeleteOutcome = "deleted" | "archived";

/**
 * Erases a partner and its channel settings, unless invoices were made out
 * to it: then it is archived, so their history (and their deliveries) stays
 * whole. Archiving frees its VAT number for a new partner.
 */
export async function deletePartner(ctx: Ctx, accountId: string, id: string): Promise<DeleteOutcome> {
  const partner = await findRow(ctx, accountId, id);
  if (partner.archivedAt) return "archived";
  const invoiced = await ctx.db.query.salesInvoices.findFirst({
    columns: { id: true },
    where: and(eq(salesInvoices.accountId, accountId), eq(salesInvoices.customerId, id)),
  });
  if (!invoiced) {
    try {
      await ctx.db.batch([
        ctx.db.delete(deliveryChannels).where(and(eq(deliveryChannels.partnerId, id), eq(deliveryChannels.accountId, accountId))),
        ctx.db.delete(partners).where(and(eq(partners.id, id), eq(partners.accountId, accountId))),
      ]);
      return "deleted";
    } catch (error) {
      // An invoice made out to it since the check above: its foreign key keeps the partner.
      if (!isForeignKeyViolation(error)) throw error;
    }
  }
  const timestamp = now();
  await ctx.db.update(partners).set({ archivedAt: timestamp, updatedAt: timestamp }).where(and(eq(partners.id, id), eq(partners.accountId, accountId)));
  return "archived";
}

/** Sets one delivery channel of a partner. */
export async function setDeliveryChannel(ctx: Ctx, accountId: string, id: string, input: ChannelInput): Promise<DeliveryChannel[]> {
  const partner = await getLivePartner(ctx, accountId, id);
  const existing = await channelRowsOf(ctx, accountId, [id]);
  const row = planChannel(ctx, partner, existing, input);
  await saveChannel(ctx, row);
  return describeChannels(ctx, partner, [...existing.filter((r) => r.channel !== row.channel), row]);
}

/** Makes `recipients` the email channel's own, leaving it switched on or off as it was. */
export async function saveEmailRecipients(ctx: Ctx, accountId: string, id: string, recipients: string[]): Promise<DeliveryChannel[]> {
  const existing = await channelRowsOf(ctx, accountId, [id]);
  const enabled = existing.find((r) => r.channel === "email")?.enabled ?? false;
  return setDeliveryChannel(ctx, accountId, id, { channel: "email", enabled, recipients });
}

/** The partners of these ids (a page of invoices or deliveries names them), archived ones too, without channels. */
export async function partnersByIds(ctx: Ctx, accountId: string, ids: string[]): Promise<PartnerRow[]> {
  if (ids.length === 0) return [];
  return inChunks([...new Set(ids)], (chunk) =>
    ctx.db
      .select()
      .from(partners)
      .where(and(eq(partners.accountId, accountId), inArray(partners.id, chunk))),
  );
}
