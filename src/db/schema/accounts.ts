import { sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { languages } from "../../i18n/languages.ts";
import { createdAt, id, timestamp } from "../columns.ts";

export { languages, type Language } from "../../i18n/languages.ts";

export const accounts = sqliteTable(
  "accounts",
  {
    id: id(),
    name: text("name").notNull(),
    country: text("country").notNull(),
    /** Normalised (`BE0123456749`); one account per VAT number. */
    vatNumber: text("vat_number").unique(),
    /** Normalised, without separators; unique within its country. */
    companyNumber: text("company_number"),
    contactEmail: text("contact_email"),
    language: text("language", { enum: languages }).notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [uniqueIndex("accounts_country_company_number").on(t.country, t.companyNumber)],
);

/** The account a row belongs to: every other table has one, and every query is scoped by it. */
export const accountColumn = () =>
  text("account_id")
    .notNull()
    .references(() => accounts.id);
