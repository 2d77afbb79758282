import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { id, reasonParams, timestamp } from "../columns.ts";
import { accountColumn } from "./accounts.ts";
import { inboundMessages } from "./inbound-messages.ts";

/**
 * What the scan decided about a file:
 * - document: an invoice to import (PDF, image, e-invoice XML);
 * - companion: can accompany an invoice as an appendix (office, text, CSV), not an invoice alone;
 * - ignored: not a document and not worth an inbox item (a logo, a tracking pixel);
 * - invalid, unsupported, malicious, scan_failed: not imported; an inbox item says why.
 */
export const verdicts = ["document", "companion", "ignored", "invalid", "unsupported", "malicious", "scan_failed"] as const;
export type Verdict = (typeof verdicts)[number];

/** What a document is, as the purchase invoice's `format` says. */
export const documentFormats = ["pdf", "image", "ubl", "cii", "facturx", "zugferd", "xrechnung"] as const;
export type DocumentFormat = (typeof documentFormats)[number];

/** Where a file was found in the mail; `carried`: inside an invoice (a supporting document a PDF embeds, a file an e-invoice XML carries). */
export const fileSources = ["attachment", "forwarded", "archive", "winmail", "carried"] as const;
export type FileSource = (typeof fileSources)[number];

/** The files taken from an inbound mail, each stored once per account in R2 by its SHA-256. */
export const inboundFiles = sqliteTable(
  "inbound_files",
  {
    id: id(),
    accountId: accountColumn(),
    inboundMessageId: text("inbound_message_id")
      .notNull()
      .references(() => inboundMessages.id),
    /** Order in the mail; with the message, it makes ingestion idempotent. */
    position: integer("position").notNull(),
    /** A safe file name: no path, control or bidi characters. */
    name: text("name").notNull(),
    /** The name exactly as the sender wrote it, for the rules that look for disguised names. */
    originalName: text("original_name").notNull(),
    /** The Content-Type the sender declared; never trusted, kept for the record. */
    declaredType: text("declared_type").notNull(),
    /** Where it was found, e.g. "invoices.zip › march.pdf". */
    source: text("source", { enum: fileSources }).notNull(),
    path: text("path").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    r2Key: text("r2_key").notNull(),
    verdict: text("verdict", { enum: verdicts }),
    /** The type taken from the bytes. */
    detectedType: text("detected_type"),
    /** Stable code of the reason for the verdict, e.g. PDF_DAMAGED, EXECUTABLE. */
    reasonCode: text("reason_code"),
    /** Its parameters (src/reasons/). */
    reasonParams: reasonParams("reason_params"),
    /** The reason as an English sentence, for logs and rows written before the catalogue. */
    reason: text("reason"),
    scanner: text("scanner"),
    signature: text("signature"),
    /** pdf, image, ubl, cii, facturx, zugferd or xrechnung, for documents. */
    format: text("format", { enum: documentFormats }),
    /** What an e-invoice said, as JSON (the API's `invoice` object). */
    einvoice: text("einvoice"),
    scanAttempts: integer("scan_attempts").notNull().default(0),
    decidedAt: timestamp("decided_at"),
    /**
     * A person's choice (reclassify), which completing the mail follows instead of its own pairing:
     * `invoice` makes the file a purchase invoice of its own; a purchase invoice id makes it an
     * appendix of that invoice of the same mail. Null: as the connector decides.
     */
    placement: text("placement"),
    /**
     * For a file an invoice carries (source `carried`): the file that carries it. Such a file is
     * never an invoice of its own; it is an appendix of the invoice its carrier became.
     */
    parentFileId: text("parent_file_id"),
    /** The purchase invoice this file became, or is an appendix of. */
    purchaseInvoiceId: text("purchase_invoice_id"),
  },
  (t) => [
    uniqueIndex("inbound_files_message_position").on(t.inboundMessageId, t.position),
    index("inbound_files_account_sha256").on(t.accountId, t.sha256),
    index("inbound_files_purchase_invoice").on(t.purchaseInvoiceId),
  ],
);
