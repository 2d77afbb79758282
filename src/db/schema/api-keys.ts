import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, id, timestamp } from "../columns.ts";
import { accountColumn } from "./accounts.ts";

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: id(),
    accountId: accountColumn(),
    /** SHA-256 of the key, hex. The key itself is shown once and never stored. */
    keyHash: text("key_hash").notNull().unique(),
    /** The first characters of the key, so a person can tell keys apart. */
    start: text("start").notNull(),
    /** What the account calls it ("accounting software"), to tell keys apart. */
    name: text("name"),
    createdAt: createdAt(),
    /** When it last authenticated a request, to the minute (API_KEY_LAST_USED_RESOLUTION_MS). */
    lastUsedAt: timestamp("last_used_at"),
    /** Set when it was rotated: it stays valid until then, so clients can switch over. */
    expiresAt: timestamp("expires_at"),
    /** Set when it was revoked: from then on it authenticates nothing. */
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [index("api_keys_account").on(t.accountId)],
);
