import { and, inArray, isNull, eq } from "drizzle-orm";
import type { Account } from "../accounts/accounts.ts";
import type { Ctx } from "../context.ts";
import { inChunks } from "../db/client.ts";
import { partnerRoles, partners, type PartnerRole } from "../db/schema/index.ts";
import { AppError, unprocessable, type FieldIssue } from "../errors.ts";
import { parseCsv } from "../formats/csv.ts";
import { isLanguage } from "../i18n/languages.ts";
import { isEmailAddress } from "../identifiers/email-address.ts";
import { isCountryCode, normaliseCountry } from "../identifiers/countries.ts";
import { saveChannel } from "./delivery-channels.ts";
import { MAX_IMPORT_CELL_CHARS, MAX_IMPORT_ROWS } from "./limits.ts";
import { planPartner, writeAll, type PartnerInput } from "./partners.ts";

/**
 * Partners from a CSV file, as spreadsheets export them: one partner a row,
 * each row checked as the form checks one (VAT and company numbers with
 * their check digits, the email address, the Peppol id). The rows that
 * pass are saved together; the others come back with their line and why.
 */

/** The columns of the template, in its order; only `name` is required. */
export const IMPORT_COLUMNS = ["name", "roles", "vatNumber", "companyNumber", "email", "language", "street", "postalCode", "city", "country", "peppolId", "emailDelivery"] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Why a row was left out. */
export const IMPORT_PROBLEMS = [
  "NAME_REQUIRED",
  "TOO_LONG",
  "ROLES_INVALID",
  "EMAIL_INVALID",
  "LANGUAGE_INVALID",
  "COUNTRY_INVALID",
  "VAT_INVALID",
  "COMPANY_NUMBER_INVALID",
  "PEPPOL_ID_INVALID",
  "VAT_TAKEN",
  "EMAIL_DELIVERY_INVALID",
] as const;
export type ImportProblem = (typeof IMPORT_PROBLEMS)[number];

export interface ImportRowError {
  /** The line of the file (the header is line 1), as a spreadsheet numbers it. */
  row: number;
  field: ImportColumn;
  problem: ImportProblem;
  /** What the cell said, so that a report can be read without the file beside it. */
  value: string;
  /** In English, for the API; the web app words `problem` in the reader's language. */
  message: string;
}

export interface ImportResult {
  created: { row: number; id: string; name: string }[];
  errors: ImportRowError[];
}

const MESSAGES: Record<ImportProblem, string> = {
  NAME_REQUIRED: "the name is missing",
  TOO_LONG: `the value is longer than ${MAX_IMPORT_CELL_CHARS} characters`,
  ROLES_INVALID: "give customer, supplier or both (customer|supplier)",
  EMAIL_INVALID: "not an email address in the right form, like name@example.com",
  LANGUAGE_INVALID: "give en, fr, nl or de",
  COUNTRY_INVALID: "give a two-letter country code such as BE",
  VAT_INVALID: "not a valid VAT number (its format or check digits)",
  COMPANY_NUMBER_INVALID: "not a valid company number",
  PEPPOL_ID_INVALID: "not a valid Peppol participant id, like 0208:0123456749",
  VAT_TAKEN: "another partner (or an earlier row) already has this VAT number",
  EMAIL_DELIVERY_INVALID: "give yes or no",
};

const FIELD_PROBLEMS: Record<string, [ImportColumn, ImportProblem]> = {
  vatNumber: ["vatNumber", "VAT_INVALID"],
  companyNumber: ["companyNumber", "COMPANY_NUMBER_INVALID"],
  peppolId: ["peppolId", "PEPPOL_ID_INVALID"],
};

/** The template to fill in: the header and one example row. */
export function importTemplate(): string[][] {
  return [
    [...IMPORT_COLUMNS],
    ["Globex SA", "customer", "BE0123456749", "0123.456.749", "ap@globex.example", "fr", "Rue de la Loi 16", "1000", "Bruxelles", "BE", "0208:0123456749", "yes"],
  ];
}

/** A row's cells by column; what the form would refuse, as problems. */
function readRow(account: Account, cells: Partial<Record<ImportColumn, string>>, line: number): { input: PartnerInput; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const problem = (field: ImportColumn, code: ImportProblem) => errors.push({ row: line, field, problem: code, value: cells[field] ?? "", message: MESSAGES[code] });
  const value = (column: ImportColumn) => {
    const text = (cells[column] ?? "").trim();
    if (text.length > MAX_IMPORT_CELL_CHARS) problem(column, "TOO_LONG");
    return text || null;
  };
  const name = value("name");
  if (!name) problem("name", "NAME_REQUIRED");
  const roleText = value("roles");
  const roles = roleText ? roleText.toLowerCase().split(/[|,/ ]+/).filter(Boolean) : ["customer"];
  if (roles.length === 0 || roles.some((r) => !(partnerRoles as readonly string[]).includes(r))) problem("roles", "ROLES_INVALID");
  const email = value("email")?.toLowerCase() ?? null;
  if (email && !isEmailAddress(email)) problem("email", "EMAIL_INVALID");
  const language = value("language")?.toLowerCase() ?? null;
  if (language && !isLanguage(language)) problem("language", "LANGUAGE_INVALID");
  const country = value("country") ? normaliseCountry(value("country")!) : account.country;
  if (!isCountryCode(country)) problem("country", "COUNTRY_INVALID");
  const delivery = value("emailDelivery")?.toLowerCase() ?? null;
  if (delivery && delivery !== "yes" && delivery !== "no") problem("emailDelivery", "EMAIL_DELIVERY_INVALID");
  const [street, postalCode, city] = [value("street"), value("postalCode"), value("city")];
  return {
    input: {
      name: name ?? "",
      roles: [...new Set(roles)] as PartnerRole[],
      vatNumber: value("vatNumber"),
      companyNumber: value("companyNumber"),
      email,
      language: language && isLanguage(language) ? language : account.language,
      address: street || postalCode || city || value("country") ? { street, postalCode, city, country } : null,
      peppolId: value("peppolId"),
      // As the pop-up: email delivery on when there is an address, unless the row says no.
      deliveryChannels: email && delivery !== "no" ? [{ channel: "email", enabled: true }] : [],
    },
    errors,
  };
}

/** The rows of `csv` that pass, saved; the others in the result's errors. A file the import cannot read at all is refused. */
export async function importPartners(ctx: Ctx, account: Account, csv: string): Promise<ImportResult> {
  const [header, ...rows] = parseCsv(csv);
  const columns = (header ?? []).map((h) => h.trim());
  if (!columns.includes("name")) {
    throw unprocessable("file", `The first line must name the columns, among them name (the template's: ${IMPORT_COLUMNS.join(", ")}).`);
  }
  const unknown = columns.filter((c) => c !== "" && !(IMPORT_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) throw unprocessable("file", `Unknown columns: ${unknown.join(", ")}. The template's are: ${IMPORT_COLUMNS.join(", ")}.`);
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The file has ${rows.length} rows; an import takes at most ${MAX_IMPORT_ROWS}: split it into several files.`);
  }

  const errors: ImportRowError[] = [];
  const planned: { line: number; plan: ReturnType<typeof planPartner> }[] = [];
  rows.forEach((cells, i) => {
    const line = i + 2;
    const byColumn = Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? ""])) as Partial<Record<ImportColumn, string>>;
    const { input, errors: rowErrors } = readRow(account, byColumn, line);
    try {
      const plan = planPartner(ctx, account, input);
      if (rowErrors.length === 0) planned.push({ line, plan });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "VALIDATION_FAILED") throw error;
      for (const issue of (error.details ?? []) as FieldIssue[]) {
        const [field, problem] = FIELD_PROBLEMS[issue.path] ?? ["email", "EMAIL_INVALID"];
        rowErrors.push({ row: line, field, problem, value: byColumn[field] ?? "", message: `${MESSAGES[problem]}: ${issue.message}` });
      }
    }
    errors.push(...rowErrors);
  });

  // A VAT number belongs to one live partner: taken in the account, or by an earlier row of the file.
  const vatNumbers = planned.map((p) => p.plan.partner.vatNumber).filter((v): v is string => v !== null);
  const taken = new Set(
    (
      await inChunks(vatNumbers, (chunk) =>
        ctx.db
          .select({ vatNumber: partners.vatNumber })
          .from(partners)
          .where(and(eq(partners.accountId, account.id), inArray(partners.vatNumber, chunk), isNull(partners.archivedAt))),
      )
    ).map((r) => r.vatNumber),
  );
  const saved = planned.filter(({ line, plan }) => {
    const vat = plan.partner.vatNumber;
    if (vat === null) return true;
    if (taken.has(vat)) {
      errors.push({ row: line, field: "vatNumber", problem: "VAT_TAKEN", value: plan.partner.vatNumber ?? "", message: MESSAGES.VAT_TAKEN });
      return false;
    }
    taken.add(vat);
    return true;
  });
  // One batch, one transaction, one query of the invocation's budget, whatever the number of rows.
  if (saved.length > 0) {
    await writeAll(ctx, saved[0]!.plan.partner, [
      ...saved.map(({ plan }) => ctx.db.insert(partners).values(plan.partner)),
      ...saved.flatMap(({ plan }) => plan.rows.map((row) => saveChannel(ctx, row))),
    ]);
  }
  errors.sort((a, b) => a.row - b.row);
  return { created: saved.map(({ line, plan }) => ({ row: line, id: plan.partner.id, name: plan.partner.name })), errors };
}
