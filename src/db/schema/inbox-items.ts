import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { id, reasonParams, timestamp } from "../columns.ts";
import { accountColumn } from "./accounts.ts";
import { deliveries } from "./deliveries.ts";
import { inboundFiles } from "./inbound-files.ts";
import { inboundMessages } from "./inbound-messages.ts";

export const inboxKinds = [
  "malicious",
  "invalid",
  "unsupported",
  "scan_failed",
  "no_attachment",
  "forwarding_confirmation",
  "report",
  "delivery_bounced",
] as const;
export type InboxKind = (typeof inboxKinds)[number];

/**
 * What was not imported, and why. Ids derive from the file or message they
 * are about, so that a consumer that runs twice writes each item once.
 */
export const inboxItems = sqliteTable(
  "inbox_items",
  {
    id: id(),
    accountId: accountColumn(),
    createdAt: timestamp("created_at").notNull(),
    kind: text("kind", { enum: inboxKinds }).notNull(),
    reasonCode: text("reason_code").notNull(),
    reasonParams: reasonParams("reason_params"),
    /** The reason as an English sentence, for logs and rows written before the catalogue. */
    reason: text("reason").notNull(),
    inboundMessageId: text("inbound_message_id").references(() => inboundMessages.id),
    fileId: text("file_id").references(() => inboundFiles.id),
    /** For delivery_bounced: the delivery that bounced. */
    deliveryId: text("delivery_id").references(() => deliveries.id),
    resolvedAt: timestamp("resolved_at"),
    /** Why it no longer stands, when the connector resolved it (a rescan); null when a person did. */
    resolutionCode: text("resolution_code"),
    resolutionParams: reasonParams("resolution_params"),
  },
  (t) => [
    index("inbox_items_account").on(t.accountId, t.id),
    index("inbox_items_file").on(t.fileId),
    // The web inbox's "needs attention": mails with an item still open.
    index("inbox_items_message").on(t.inboundMessageId, t.resolvedAt),
  ],
);
