import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { id, reasonParams, timestamp } from "../columns.ts";
import { accountColumn } from "./accounts.ts";

export const outcomes = ["processing", "imported", "partially_imported", "flagged", "ignored", "duplicate"] as const;
export type Outcome = (typeof outcomes)[number];

/**
 * Why a part of a mail did not become a file; each has a reason
 * `SKIPPED_<WHY>` in the catalogue (src/reasons/parts.ts).
 */
export const skipWhys = [
  "body",
  "signature",
  "encrypted",
  "signature_logo",
  "inline_image",
  "image_not_document",
  "report",
  "empty",
  "duplicate_part",
  "calendar",
  "contact_card",
  "resource_fork",
] as const;
export type SkipWhy = (typeof skipWhys)[number];
/** The skipped parts that are pictures which are not invoices (logos, banners, pictures in the text). */
export const pictureWhys: readonly SkipWhy[] = ["signature_logo", "inline_image", "image_not_document"];

/** A part of a mail (a MIME leaf, or an entry of an archive or winmail.dat) that did not become a file, and why. */
export interface SkippedPart {
  /** Where it was, as files say it: "Fwd: March.eml (March) › smime.p7s"; an unnamed part by its number, "part 1.2". */
  path: string;
  /** Its MIME part number within the mail it belongs to ("1.2"); null for an entry of an archive. */
  section: string | null;
  name: string | null;
  /** The Content-Type the sender declared. */
  contentType: string;
  size: number;
  why: SkipWhy;
  /** The parameters of its reason SKIPPED_<WHY>. */
  params: Record<string, unknown>;
}

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
    /** The parts that did not become files, and why (null until ingestion ran, and on rows from before). */
    skippedParts: text("skipped_parts", { mode: "json" }).$type<SkippedPart[]>(),
    /** Skipped parts beyond the number recorded (MAX_SKIPPED_PARTS_RECORDED). */
    skippedPartsOmitted: integer("skipped_parts_omitted").notNull().default(0),
    completedAt: timestamp("completed_at"),
  },
  (t) => [
    index("inbound_messages_account").on(t.accountId, t.id),
    uniqueIndex("inbound_messages_account_message_id")
      .on(t.accountId, t.messageId)
      .where(sql`${t.messageId} IS NOT NULL AND ${t.duplicateOf} IS NULL`),
  ],
);
