import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { id, reasonParams, timestamp } from "../columns.ts";
import { accountColumn } from "./accounts.ts";

export const outcomes = ["processing", "imported", "partially_imported", "flagged", "ignored", "duplicate"] as const;
export type Outcome = (typeof outcomes)[number];

/** Every mail an import address accepted. */
export const inboundMessages = sqliteTable(
  "inbound_messages",
  {
    id: id(),
    accountId: accountColumn(),
    receivedAt: timestamp("received_at").notNull(),
    /** Envelope MAIL FROM and the RCPT TO as the sender wrote it. */
    envelopeFrom: text("envelope_from").notNull(),
    envelopeTo: text("envelope_to").notNull(),
    /** The canonical import address it resolved to. */
    address: text("address").notNull(),
    /** The From header, as a person reads it. */
    headerFrom: text("header_from"),
    subject: text("subject"),
    /** The Message-ID header without angle brackets; with the account, it detects a mail sent again. */
    messageId: text("message_id"),
    size: integer("size").notNull(),
    /** R2 key of the raw mail; null for a duplicate, whose original holds it. */
    rawKey: text("raw_key"),
    spf: text("spf"),
    dkim: text("dkim"),
    dmarc: text("dmarc"),
    outcome: text("outcome", { enum: outcomes }).notNull(),
    /** For a mail whose Message-ID the account had received already. */
    duplicateOf: text("duplicate_of"),
    /** How many files ingestion took from the mail; null until it ran. */
    fileCount: integer("file_count"),
    /**
     * Something about the mail as a whole that becomes an inbox item: it could
     * not be read, held too many files, or is a forwarding confirmation.
     */
    noticeKind: text("notice_kind"),
    noticeCode: text("notice_code"),
    noticeParams: reasonParams("notice_params"),
    /** The notice as an English sentence, for logs and rows written before the catalogue. */
    notice: text("notice"),
    completedAt: timestamp("completed_at"),
  },
  (t) => [
    index("inbound_messages_account").on(t.accountId, t.id),
    uniqueIndex("inbound_messages_account_message_id")
      .on(t.accountId, t.messageId)
      .where(sql`${t.messageId} IS NOT NULL AND ${t.duplicateOf} IS NULL`),
  ],
);
