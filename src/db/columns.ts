import { text } from "drizzle-orm/sqlite-core";

/** Primary key: a prefixed ULID from `newId`. */
export const id = () => text("id").primaryKey();

/** RFC 3339 UTC timestamps as text: readable in SQL and sortable. */
export const timestamp = (name: string) => text(name);

export const createdAt = () => timestamp("created_at").notNull();
