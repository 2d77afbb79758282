import { text } from "drizzle-orm/sqlite-core";

/** Primary key: a prefixed ULID from `newId`. */
export const id = () => text("id").primaryKey();

/** RFC 3339 UTC timestamps as text: readable in SQL and sortable. */
export const timestamp = (name: string) => text(name);

export const createdAt = () => timestamp("created_at").notNull();

/**
 * The parameters of a reason of the catalogue (src/reasons/), as JSON, beside
 * its code: the sentence is rendered when the row is read, in the reader's
 * language. Null on rows written before the catalogue, whose stored sentence
 * is shown as it is.
 */
export const reasonParams = (name: string) => text(name, { mode: "json" }).$type<Record<string, unknown>>();
