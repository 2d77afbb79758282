import { sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * Substring search without LIKE. D1 refuses a LIKE pattern over 50 bytes
 * (D1_MAX_LIKE_PATTERN_BYTES: a query of 48 ASCII characters, fewer with
 * accents), and LIKE reads `%`, `_` and `\` as wildcards and escapes.
 * instr() has neither: any query, of any length, is matched character for
 * character. A row keeps what can be searched in a search text column,
 * lower-cased in JavaScript (all of Unicode, where SQLite's lower() only
 * knows ASCII), and the query is lower-cased the same way.
 */

/** The search text of a row: its searchable fields, lower-cased. */
export function searchText(...fields: (string | null | undefined)[]): string {
  return fields.filter(Boolean).join("\n").toLowerCase();
}

/** Whether `column` contains `text`, as it is: pass the query lower-cased for a search text column. */
export function contains(column: AnySQLiteColumn, text: string): SQL {
  return sql`instr(${column}, ${text}) > 0`;
}
