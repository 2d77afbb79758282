import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "../columns.ts";
import { accountColumn } from "./accounts.ts";

/**
 * Mails to an account that were put off with a temporary SMTP error because
 * a rate limit was reached (src/rate-limits.ts): the senders' servers retry
 * them later. One row per account and day, so that a flood costs a counter,
 * not a row per mail; the account sees it in its connector's stats.
 */
export const mailDeferrals = sqliteTable(
  "mail_deferrals",
  {
    accountId: accountColumn(),
    /** YYYY-MM-DD, UTC. */
    day: text("day").notNull(),
    count: integer("count").notNull(),
    lastSender: text("last_sender").notNull(),
    lastAt: timestamp("last_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day] })],
);
