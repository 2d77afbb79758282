import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "../columns.ts";
import { accountColumn } from "./accounts.ts";

export const importAddressKinds = ["vat", "company"] as const;
export type ImportAddressKind = (typeof importAddressKinds)[number];

/**
 * The local parts an account receives mail on. The domain is the configured
 * INBOUND_DOMAIN, so it is not stored: an operator can move the connector to
 * another domain without rewriting rows.
 */
export const importAddresses = sqliteTable(
  "import_addresses",
  {
    /** Lower case, without `+tag`: `be0123456749` or `be.0123456749`. */
    localPart: text("local_part").primaryKey(),
    accountId: accountColumn(),
    kind: text("kind", { enum: importAddressKinds }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("import_addresses_account").on(t.accountId)],
);
