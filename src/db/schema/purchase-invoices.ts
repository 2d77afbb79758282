import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { id, timestamp } from "../columns.ts";
import { accountColumn } from "./accounts.ts";
import { documentFormats, inboundFiles } from "./inbound-files.ts";
import { inboundMessages } from "./inbound-messages.ts";

export const purchaseInvoiceStatuses = ["received"] as const;

/** An invoice received by email. Its file and appendices are inbound files. */
export const purchaseInvoices = sqliteTable(
  "purchase_invoices",
  {
    id: id(),
    accountId: accountColumn(),
    inboundMessageId: text("inbound_message_id")
      .notNull()
      .references(() => inboundMessages.id),
    fileId: text("file_id")
      .notNull()
      .references(() => inboundFiles.id),
    /** The main file's hash: one purchase invoice per file and account, whatever mail brings it again. */
    sha256: text("sha256").notNull(),
    status: text("status", { enum: purchaseInvoiceStatuses }).notNull(),
    format: text("format", { enum: documentFormats }).notNull(),
    receivedAt: timestamp("received_at").notNull(),
    /** The API's `invoice` object as JSON, or null for a plain PDF or image. */
    invoice: text("invoice"),
    /** JSON array of warning codes. */
    warnings: text("warnings").notNull(),
    /** Lower-cased text searched by `q`: file name, sender, subject, invoice number, seller. */
    searchText: text("search_text").notNull(),
  },
  (t) => [
    uniqueIndex("purchase_invoices_account_sha256").on(t.accountId, t.sha256),
    index("purchase_invoices_account").on(t.accountId, t.id),
  ],
);
