import { sql } from "drizzle-orm";
import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, id, timestamp } from "../columns.ts";
import { accountColumn, languages } from "./accounts.ts";

export const partnerRoles = ["customer", "supplier"] as const;
export type PartnerRole = (typeof partnerRoles)[number];

export interface PartnerAddress {
  street: string | null;
  postalCode: string | null;
  city: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** An account's customers and suppliers. */
export const partners = sqliteTable(
  "partners",
  {
    id: id(),
    accountId: accountColumn(),
    name: text("name").notNull(),
    roles: text("roles", { mode: "json" }).$type<PartnerRole[]>().notNull(),
    /** Normalised (`BE0123456749`). */
    vatNumber: text("vat_number"),
    /** Normalised, without separators. */
    companyNumber: text("company_number"),
    email: text("email"),
    language: text("language", { enum: languages }).notNull(),
    address: text("address", { mode: "json" }).$type<PartnerAddress>(),
    /** Normalised `scheme:identifier`, e.g. `0208:0123456749`. */
    peppolId: text("peppol_id"),
    /** Lower-cased text searched by `q` (name and email; src/db/search.ts). */
    searchText: text("search_text").notNull().default(""),
    /** Set instead of deleting a partner that has deliveries, so their history stays whole. */
    archivedAt: timestamp("archived_at"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [
    index("partners_account").on(t.accountId, t.id),
    // One live partner per VAT number; an archived one does not block a new one.
    uniqueIndex("partners_account_vat_number").on(t.accountId, t.vatNumber).where(sql`${t.archivedAt} IS NULL`),
  ],
);

export type PartnerRow = typeof partners.$inferSelect;
