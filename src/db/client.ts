import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import { D1_MAX_BOUND_PARAMETERS } from "./limits.ts";
import * as schema from "./schema/index.ts";

export type Database = ReturnType<typeof openDatabase>;

export function openDatabase(d1: D1Database) {
  return drizzle(d1, { schema });
}

function hasMessage(error: unknown, pattern: RegExp): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (pattern.test(e.message)) return true;
  }
  return false;
}

/** SQLite's message for a violated UNIQUE constraint, as D1 passes it on. */
export function isUniqueViolation(error: unknown): boolean {
  return hasMessage(error, /UNIQUE constraint failed/i);
}

/** SQLite's message for a row still referenced by another (D1 enforces foreign keys). */
export function isForeignKeyViolation(error: unknown): boolean {
  return hasMessage(error, /FOREIGN KEY constraint failed/i);
}

/** Runs statements as one D1 batch, which is one transaction: all or nothing. */
export async function runBatch(db: Database, statements: BatchItem<"sqlite">[]): Promise<void> {
  if (statements.length === 0) return;
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}

/**
 * D1 binds at most D1_MAX_BOUND_PARAMETERS per statement, so a lookup by a
 * list of values (the ids of a page of up to 200 rows) is made in chunks
 * that leave room for the query's other parameters.
 */
const MAX_LISTED_PARAMETERS = D1_MAX_BOUND_PARAMETERS - 10;

export async function inChunks<T, R>(values: T[], query: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < values.length; i += MAX_LISTED_PARAMETERS) results.push(...(await query(values.slice(i, i + MAX_LISTED_PARAMETERS))));
  return results;
}
