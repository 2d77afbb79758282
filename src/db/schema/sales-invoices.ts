import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, id } from "../columns.ts";
import { accountColumn } from "./accounts.ts";
import { partners } from "./partners.ts";

/** A file of a sales invoice, kept in R2 under `key`. */
export interface StoredFile {
  key: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** The syntax of a sales invoice's e-invoice XML: ZUGFeRD 1.0's older CII reads as cii (einvoice's EInvoiceSyntax tells them apart). */
export const salesInvoiceXmlSyntaxes = ["ubl", "cii"] as const;
export type SalesInvoiceXmlSyntax = (typeof salesInvoiceXmlSyntaxes)[number];

/** Invoices an account sends to its customers. */
export const salesInvoices = sqliteTable(
  "sales_invoices",
  {
    id: id(),
    accountId: accountColumn(),
    customerId: text("customer_id")
      .notNull()
      .references(() => partners.id),
    number: text("number").notNull(),
    /** ISO 8601 dates (YYYY-MM-DD). */
    issueDate: text("issue_date").notNull(),
    dueDate: text("due_date"),
    /** ISO 4217. */
    currency: text("currency").notNull(),
    /** A decimal string, never a float. */
    totalAmount: text("total_amount").notNull(),
    /** The PDF; null when only the e-invoice was given. */
    file: text("file", { mode: "json" }).$type<StoredFile>(),
    einvoice: text("einvoice", { mode: "json" }).$type<StoredFile & { syntax: SalesInvoiceXmlSyntax }>(),
    createdAt: createdAt(),
  },
  (t) => [
    // An invoice number identifies one invoice of its issuer.
    uniqueIndex("sales_invoices_account_number").on(t.accountId, t.number),
    index("sales_invoices_customer").on(t.customerId),
  ],
);
