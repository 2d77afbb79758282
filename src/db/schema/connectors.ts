import { sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, id, timestamp } from "../columns.ts";
import { accountColumn } from "./accounts.ts";

export const connectorTypes = ["email"] as const;
export const connectorStatuses = ["active", "inactive"] as const;
export type ConnectorStatus = (typeof connectorStatuses)[number];

export const connectors = sqliteTable(
  "connectors",
  {
    id: id(),
    accountId: accountColumn(),
    type: text("type", { enum: connectorTypes }).notNull(),
    status: text("status", { enum: connectorStatuses }).notNull(),
    installedAt: timestamp("installed_at").notNull(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [uniqueIndex("connectors_account_type").on(t.accountId, t.type)],
);
