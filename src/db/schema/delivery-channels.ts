import { primaryKey, sqliteTable, text, integer } from "drizzle-orm/sqlite-core";
import { timestamp } from "../columns.ts";
import { accountColumn } from "./accounts.ts";
import { partners } from "./partners.ts";

export const channels = ["email", "peppol"] as const;
export type Channel = (typeof channels)[number];

/**
 * How a partner receives sales invoices. A partner without a row for a
 * channel has it switched off. Null recipients (or participant id) mean
 * "the address on the partner's profile", so a corrected profile is used at once.
 */
export const deliveryChannels = sqliteTable(
  "delivery_channels",
  {
    partnerId: text("partner_id")
      .notNull()
      .references(() => partners.id),
    accountId: accountColumn(),
    channel: text("channel", { enum: channels }).notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    /** Email only: the addresses invoices go to, when they differ from the profile's email. */
    recipients: text("recipients", { mode: "json" }).$type<string[]>(),
    /** Peppol only: the participant id, when it differs from the profile's. */
    participantId: text("participant_id"),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.channel] })],
);
