/**
 * Cloudflare D1's limits (developers.cloudflare.com/d1/platform/limits),
 * stricter than the SQLite that runs D1 locally. The code stays inside them
 * (docs/d1.md says where), and the tests' D1 enforces every one of them
 * (test/setup/production-d1.ts), so that breaking one fails a test here
 * rather than a request in production.
 */

/** Bound parameters of one statement: a longer list of ids is looked up in chunks (inChunks). */
export const D1_MAX_BOUND_PARAMETERS = 100;

/** Bytes of one SQL statement's text (UTF-8): values go in as parameters, never into the text. */
export const D1_MAX_SQL_BYTES = 100_000;

/** Bytes of a LIKE or GLOB pattern: searches use instr() instead, which has no such limit. */
export const D1_MAX_LIKE_PATTERN_BYTES = 50;

/** Bytes of one string or BLOB, and of one row: every text from outside is capped far below it before it is stored. */
export const D1_MAX_ROW_BYTES = 2_000_000;

/**
 * Bytes of one query's result. Pages are at most 200 rows, and what they
 * look up is read in chunks (docs/d1.md says how far from it they stay).
 */
export const D1_MAX_RESULT_BYTES = 50_000_000;

/**
 * Queries one Worker invocation (a request, a mail, a queue batch, a
 * scheduled run) may make on Workers Paid. A db.batch() is one request to
 * D1, and counts once, whatever the number of its statements.
 */
export const D1_MAX_QUERIES_PER_INVOCATION = 1000;
