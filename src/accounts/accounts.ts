import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Ctx } from "../context.ts";
import { isUniqueViolation } from "../db/client.ts";
import { toPage, type Page, type PageRequest } from "../db/pagination.ts";
import { accounts, apiKeys, type Language } from "../db/schema/index.ts";
import { AppError, notFound, unprocessableFields, type FieldIssue } from "../errors.ts";
import { checkCompanyNumber } from "../identifiers/company-number.ts";
import { checkVatNumber, stripSeparators } from "../identifiers/vat-number.ts";
import { newId, now } from "../ids.ts";
import { newApiKey } from "./api-keys.ts";

export type Account = typeof accounts.$inferSelect;

export interface AccountInput {
  name: string;
  country: string;
  vatNumber?: string | undefined;
  companyNumber?: string | undefined;
  contactEmail?: string | undefined;
  language?: Language | undefined;
}

/** Checks and normalises the identifiers, reporting every bad one at once. */
function normaliseIdentifiers(input: AccountInput) {
  const issues: FieldIssue[] = [];
  let vatNumber: string | null = null;
  let companyNumber: string | null = null;
  if (input.vatNumber !== undefined) {
    const vat = checkVatNumber(input.vatNumber, input.country);
    if (vat.ok) vatNumber = vat.value;
    else issues.push({ path: "vatNumber", message: vat.message });
  }
  if (input.companyNumber !== undefined) {
    const company = checkCompanyNumber(input.companyNumber, input.country);
    if (company.ok) companyNumber = company.value;
    else issues.push({ path: "companyNumber", message: company.message });
  }
  if (issues.length > 0) throw unprocessableFields(issues);
  return { vatNumber, companyNumber };
}

async function assertIdentifiersFree(ctx: Ctx, country: string, vatNumber: string | null, companyNumber: string | null) {
  const clauses: SQL[] = [];
  if (vatNumber) clauses.push(eq(accounts.vatNumber, vatNumber));
  if (companyNumber) clauses.push(and(eq(accounts.country, country), eq(accounts.companyNumber, companyNumber))!);
  const [taken] = await ctx.db
    .select({ vatNumber: accounts.vatNumber, companyNumber: accounts.companyNumber })
    .from(accounts)
    .where(or(...clauses))
    .limit(1);
  if (!taken) return;
  const field = vatNumber && taken.vatNumber === vatNumber ? "vatNumber" : "companyNumber";
  const value = field === "vatNumber" ? vatNumber : companyNumber;
  throw new AppError("CONFLICT", `Another account already uses ${field === "vatNumber" ? "VAT number" : "company number"} ${value}.`, {
    details: [{ path: field, message: "already used by another account" }],
  });
}

/**
 * A new account's row, its numbers checked, normalised and free: not yet
 * written, so that a caller writes it in one batch with what comes with it
 * (an API key, an owner).
 */
export async function prepareAccount(ctx: Ctx, input: AccountInput): Promise<Account> {
  const { vatNumber, companyNumber } = normaliseIdentifiers(input);
  await assertIdentifiersFree(ctx, input.country, vatNumber, companyNumber);
  const timestamp = now();
  return {
    id: newId("account"),
    name: input.name,
    country: input.country,
    vatNumber,
    companyNumber,
    contactEmail: input.contactEmail ?? null,
    language: input.language ?? "en",
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

/** Writes a new account and what comes with it in one batch; two creations that raced past the check give a CONFLICT. */
export async function insertAccount(ctx: Ctx, account: Account, ...rest: BatchItem<"sqlite">[]): Promise<void> {
  try {
    await ctx.db.batch([ctx.db.insert(accounts).values(account), ...rest]);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "Another account already uses this VAT or company number.", { cause: error });
    throw error;
  }
}

/** Creates an account with its first API key, which is returned once. */
export async function createAccount(ctx: Ctx, input: AccountInput): Promise<{ account: Account; apiKey: string }> {
  const account = await prepareAccount(ctx, input);
  const { key, row } = await newApiKey(account.id);
  await insertAccount(ctx, account, ctx.db.insert(apiKeys).values(row));
  return { account, apiKey: key };
}

export interface AccountProfile {
  name: string;
  contactEmail: string | null;
  language: Language;
}

/** What an owner may change of the account; its numbers stay, since its import addresses derive from them. */
export async function updateAccountProfile(ctx: Ctx, accountId: string, profile: AccountProfile): Promise<Account> {
  await ctx.db
    .update(accounts)
    .set({ ...profile, updatedAt: now() })
    .where(eq(accounts.id, accountId));
  return getAccount(ctx, accountId);
}

export async function getAccount(ctx: Ctx, id: string): Promise<Account> {
  const account = await ctx.db.query.accounts.findFirst({ where: eq(accounts.id, id) });
  if (!account) throw notFound(`No account has the id ${id}.`);
  return account;
}

export interface AccountFilter extends PageRequest {
  vatNumber?: string | undefined;
  companyNumber?: string | undefined;
}

/** Accounts newest first, for operators looking one up by its numbers. */
export async function listAccounts(ctx: Ctx, filter: AccountFilter): Promise<Page<Account>> {
  const conditions: SQL[] = [];
  if (filter.vatNumber) {
    const vat = checkVatNumber(filter.vatNumber);
    conditions.push(eq(accounts.vatNumber, vat.ok ? vat.value : stripSeparators(filter.vatNumber)));
  }
  if (filter.companyNumber) conditions.push(eq(accounts.companyNumber, stripSeparators(filter.companyNumber)));
  if (filter.cursor) conditions.push(lt(accounts.id, filter.cursor));
  const rows = await ctx.db
    .select()
    .from(accounts)
    .where(and(...conditions))
    .orderBy(desc(accounts.id))
    .limit(filter.limit + 1);
  return toPage(rows, filter.limit);
}
