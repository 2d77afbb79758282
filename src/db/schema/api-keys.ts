import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, id } from "../columns.ts";
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
    createdAt: createdAt(),
  },
  (t) => [index("api_keys_account").on(t.accountId)],
);
