import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "../columns.ts";
import { accountColumn } from "./accounts.ts";

/**
 * Requests made with an `Idempotency-Key`: a repeat of the same request
 * gets the first answer again instead of doing the work twice.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    accountId: accountColumn(),
    key: text("key").notNull(),
    /** What the key was used for (method, path and body digest): reusing a key for another request is refused. */
    request: text("request").notNull(),
    /** Null while the first request is still running. */
    status: integer("status"),
    response: text("response", { mode: "json" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] })],
);
