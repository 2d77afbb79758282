import { AsyncLocalStorage } from "node:async_hooks";
import {
  D1_MAX_BOUND_PARAMETERS,
  D1_MAX_LIKE_PATTERN_BYTES,
  D1_MAX_QUERIES_PER_INVOCATION,
  D1_MAX_RESULT_BYTES,
  D1_MAX_ROW_BYTES,
  D1_MAX_SQL_BYTES,
} from "../../src/db/limits.ts";

/**
 * A D1 binding that refuses what Cloudflare's D1 refuses, with the errors
 * Cloudflare's D1 gives. The local D1 of the tests is SQLite with looser
 * limits: it stores a 3 MB row, and checks a LIKE pattern only on the rows
 * it compares. test/setup/production-d1.ts puts this binding in place of
 * env.DB for every test file, and runs each of the Worker's handlers as one
 * invocation whose queries are counted.
 *
 * - SQL text over D1_MAX_SQL_BYTES: `statement too long`, as D1.
 * - More than D1_MAX_BOUND_PARAMETERS parameters: `too many SQL variables`.
 * - A string or BLOB over D1_MAX_ROW_BYTES, bound or returned: `string or blob too big`.
 * - A row over D1_MAX_ROW_BYTES: the same, from triggers on every table
 *   (installRowSizeTriggers), so that the statement and its batch fail whole.
 * - A LIKE or GLOB pattern over D1_MAX_LIKE_PATTERN_BYTES: `LIKE or GLOB
 *   pattern too complex`, whether or not a row is compared. A pattern the
 *   harness cannot see (computed in SQL) is refused: bind it whole.
 * - A result over D1_MAX_RESULT_BYTES: Cloudflare documents the limit but
 *   not its message, so the harness says `result too large`.
 * - More than D1_MAX_QUERIES_PER_INVOCATION requests to D1 in one
 *   invocation: the runtime's `Too many API requests by single Worker
 *   invocation.` A batch is one request.
 */

/** One run of a Worker handler and the D1 requests it made. */
export interface Invocation {
  handler: "fetch" | "email" | "queue" | "scheduled";
  /** What it ran for: `GET /v1/partners`, a queue's name and batch size, a mail's recipient, a cron. */
  label: string;
  /** Requests to D1: a statement run alone, or a batch. The limit counts these. */
  queries: number;
  /** Statements, each statement of a batch counted. */
  statements: number;
}

const running = new AsyncLocalStorage<Invocation>();
const recorded: Invocation[] = [];

/** Runs `run` as one Worker invocation: the D1 requests it makes, however deep, count against one limit. */
export function inInvocation<T>(handler: Invocation["handler"], label: string, run: () => T): T {
  const invocation: Invocation = { handler, label, queries: 0, statements: 0 };
  recorded.push(invocation);
  return running.run(invocation, run);
}

/** The invocations that started while `run` ran, in order (queue consumers the runtime started meanwhile too). */
export async function invocationsDuring(run: () => Promise<unknown>): Promise<Invocation[]> {
  const from = recorded.length;
  await run();
  return recorded.slice(from);
}

function d1Error(message: string): Error {
  return new Error(`D1_ERROR: ${message}`, { cause: new Error(message) });
}

function countRequest(statements: number): void {
  const invocation = running.getStore();
  if (!invocation) return;
  if (invocation.queries >= D1_MAX_QUERIES_PER_INVOCATION) throw new Error("Too many API requests by single Worker invocation.");
  invocation.queries++;
  invocation.statements += statements;
}

const encoder = new TextEncoder();

/** Whether a string is over `limit` bytes in UTF-8, encoded only when it could be (a UTF-16 unit is 1 to 3 bytes). */
function exceeds(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  return text.length * 3 > limit && encoder.encode(text).length > limit;
}

/** At least the bytes of a value (a string's UTF-16 length), and at most three times that. */
function lengthOf(value: unknown): number {
  if (typeof value === "string" || Array.isArray(value)) return value.length;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value.byteLength;
  return 8;
}

function tooBig(value: unknown): boolean {
  return typeof value === "string" ? exceeds(value, D1_MAX_ROW_BYTES) : lengthOf(value) > D1_MAX_ROW_BYTES;
}

// --- Reading SQL: where its parameters and LIKE/GLOB patterns are -------------------------

type Token = { kind: "word" | "string" | "param" | "symbol" | "other"; text: string; offset: number; value?: string; index?: number };

/** SQLite's tokens, as far as the checks need them: strings, quoted names and comments never hide a `?` or a LIKE. */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let largest = 0;
  const named = new Map<string, number>();
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let j = i + 1;
      let value = "";
      while (j < sql.length && !(sql[j] === close && sql[j + 1] !== close)) {
        if (sql[j] === close && close !== "]") j++;
        value += sql[j];
        j++;
      }
      tokens.push({ kind: c === "'" ? "string" : "other", text: sql.slice(i, j + 1), offset: i, value });
      i = j + 1;
    } else if (c === "?") {
      const digits = /^\d*/.exec(sql.slice(i + 1))![0];
      const index = digits ? Number(digits) : largest + 1;
      largest = Math.max(largest, index);
      tokens.push({ kind: "param", text: `?${digits}`, offset: i, index });
      i += 1 + digits.length;
    } else if ((c === ":" || c === "@" || c === "$") && /[A-Za-z_]/.test(sql[i + 1] ?? "")) {
      const name = /^[A-Za-z_0-9$]+/.exec(sql.slice(i + 1))![0];
      if (!named.has(name)) named.set(name, ++largest);
      tokens.push({ kind: "param", text: c + name, offset: i, index: named.get(name)! });
      i += 1 + name.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_0-9$]+/.exec(sql.slice(i))![0];
      tokens.push({ kind: "word", text: word.toUpperCase(), offset: i });
      i += word.length;
    } else if (/\d/.test(c) || (c === "." && /\d/.test(sql[i + 1] ?? ""))) {
      const number = /^(?:0[xX][0-9a-fA-F]+|\d*\.?\d+(?:[eE][+-]?\d+)?\.?)/.exec(sql.slice(i))![0];
      tokens.push({ kind: "other", text: number, offset: i });
      i += number.length;
    } else {
      const two = sql.slice(i, i + 2);
      const symbol = ["||", "<=", ">=", "<>", "!=", "==", "<<", ">>"].includes(two) ? two : c;
      tokens.push({ kind: "symbol", text: symbol, offset: i });
      i += symbol.length;
    }
  }
  return tokens;
}

/** The pattern of a LIKE or GLOB: a parameter, a literal, or something computed in SQL that the harness cannot measure. */
type Pattern = { offset: number } & ({ param: number } | { literal: string } | { computed: true });

interface StatementFacts {
  /** The highest parameter index, what SQLite's variable limit is checked against. */
  variables: number;
  /** Where the parameter past the limit is, for the error message. */
  overflowOffset: number;
  patterns: Pattern[];
}

/** Words after which `like(` is the function, not the operator applied to a parenthesised pattern. */
const STARTS_EXPRESSION = new Set(["SELECT", "WHERE", "AND", "OR", "NOT", "ON", "WHEN", "THEN", "ELSE", "CASE", "SET", "VALUES", "HAVING", "BY", "RETURNING", "IN", "IS"]);
/** Tokens that may follow a pattern which ends its comparison (`LIKE ? ESCAPE`, `LIKE ? AND`, `LIKE ?)`). */
function endsComparison(token: Token | undefined): boolean {
  return !token || token.kind === "word" || [")", ",", ";", "=", "==", "<>", "!=", "<", ">", "<=", ">="].includes(token.text);
}

/** The pattern starting at `from`: one parameter or literal (parentheses around it change nothing), else computed. */
function operand(tokens: Token[], from: number, ends: (token: Token | undefined) => boolean): Pattern {
  const offset = tokens[from]?.offset ?? 0;
  let depth = 0;
  while (tokens[from + depth]?.text === "(") depth++;
  const value = tokens[from + depth];
  const closing = tokens.slice(from + depth + 1, from + 2 * depth + 1);
  const closed = closing.length === depth && closing.every((t) => t.text === ")");
  if (!value || !closed || !ends(tokens[from + 2 * depth + 1])) return { offset, computed: true };
  if (value.kind === "param") return { offset, param: value.index! };
  if (value.kind === "string") return { offset, literal: value.value! };
  return { offset, computed: true };
}

const factsCache = new Map<string, StatementFacts>();

function statementFacts(sql: string): StatementFacts {
  const cached = factsCache.get(sql);
  if (cached) return cached;
  const tokens = tokenize(sql);
  const params = tokens.filter((t) => t.kind === "param");
  const variables = Math.max(0, ...params.map((t) => t.index!));
  const overflow = params.find((t) => t.index! > D1_MAX_BOUND_PARAMETERS);
  const patterns: Pattern[] = [];
  tokens.forEach((token, at) => {
    if (token.kind !== "word" || (token.text !== "LIKE" && token.text !== "GLOB")) return;
    let before = tokens[at - 1];
    if (before?.text === "NOT") before = tokens[at - 2];
    const isFunction = tokens[at + 1]?.text === "(" && (!before || (before.kind === "symbol" ? before.text !== ")" : before.kind === "word" && STARTS_EXPRESSION.has(before.text)));
    if (isFunction) {
      // like(pattern, text[, escape]): the pattern is the first argument.
      patterns.push(operand(tokens, at + 2, (t) => t?.text === ","));
    } else {
      // text LIKE pattern [ESCAPE e]: the pattern ends the comparison.
      patterns.push(operand(tokens, at + 1, endsComparison));
    }
  });
  const facts = { variables, overflowOffset: overflow?.offset ?? sql.length, patterns };
  factsCache.set(sql, facts);
  return facts;
}

// --- The checks, in the order SQLite makes them: prepare, bind, run, result ------------------

function checkStatement(sql: string, params: unknown[]): void {
  if (exceeds(sql, D1_MAX_SQL_BYTES)) throw d1Error("statement too long: SQLITE_TOOBIG");
  const facts = statementFacts(sql);
  if (Math.max(facts.variables, params.length) > D1_MAX_BOUND_PARAMETERS) {
    throw d1Error(`too many SQL variables at offset ${facts.overflowOffset}: SQLITE_ERROR`);
  }
  if (params.some(tooBig)) throw d1Error("string or blob too big: SQLITE_TOOBIG");
  for (const pattern of facts.patterns) {
    if ("computed" in pattern) {
      throw new Error(
        `The production-like D1 cannot measure the LIKE or GLOB pattern at offset ${pattern.offset} of: ${sql}\n` +
          `D1 refuses patterns over ${D1_MAX_LIKE_PATTERN_BYTES} bytes: bind the whole pattern as one parameter, or search with instr().`,
      );
    }
    const value = "param" in pattern ? params[pattern.param - 1] : pattern.literal;
    if (value !== null && value !== undefined && exceeds(String(value), D1_MAX_LIKE_PATTERN_BYTES)) {
      throw d1Error("LIKE or GLOB pattern too complex: SQLITE_ERROR");
    }
  }
}

function checkResult<T>(result: T): T {
  const values = (row: unknown): unknown[] => (Array.isArray(row) ? row : row && typeof row === "object" ? Object.values(row) : [row]);
  const rows = Array.isArray(result) ? result : (result as { results?: unknown[] } | null)?.results ?? [result];
  let least = 0;
  for (const row of rows) {
    for (const value of values(row)) {
      if (tooBig(value)) throw d1Error("string or blob too big: SQLITE_TOOBIG");
      least += lengthOf(value);
    }
  }
  // Measured in UTF-8 only when it could be over.
  const bytes = least * 3 <= D1_MAX_RESULT_BYTES ? least : rows.flatMap(values).reduce<number>((sum, v) => sum + (typeof v === "string" ? encoder.encode(v).length : lengthOf(v)), 0);
  if (bytes > D1_MAX_RESULT_BYTES) throw d1Error("result too large");
  return result;
}

/** What the local D1 says when a row-size trigger fires, said as Cloudflare's D1 says it. */
function asProductionError(error: unknown): unknown {
  if (error instanceof Error && /string or blob too big: SQLITE_CONSTRAINT/.test(error.message)) return d1Error("string or blob too big: SQLITE_TOOBIG");
  return error;
}

async function send<T>(statements: number, run: () => Promise<T>): Promise<T> {
  countRequest(statements);
  try {
    return checkResult(await run());
  } catch (error) {
    throw asProductionError(error);
  }
}

// --- The binding ---------------------------------------------------------------------------

class ProductionLikeStatement {
  constructor(
    readonly real: D1PreparedStatement,
    readonly sql: string,
    readonly params: unknown[],
  ) {}

  bind(...values: unknown[]): D1PreparedStatement {
    return new ProductionLikeStatement(this.real.bind(...values), this.sql, values) as unknown as D1PreparedStatement;
  }

  private run_<T>(run: (statement: D1PreparedStatement) => Promise<T>): Promise<T> {
    checkStatement(this.sql, this.params);
    return send(1, () => run(this.real));
  }

  first(column?: string) {
    return this.run_((s) => (column === undefined ? s.first() : s.first(column)));
  }
  run() {
    return this.run_((s) => s.run());
  }
  all() {
    return this.run_((s) => s.all());
  }
  raw(options?: { columnNames?: boolean }) {
    return this.run_((s) => s.raw(options as { columnNames?: false }));
  }
}

function unwrap(statement: D1PreparedStatement): ProductionLikeStatement {
  if (!(statement instanceof ProductionLikeStatement)) throw new Error("a statement prepared on another binding was passed to the production-like D1");
  return statement;
}

class ProductionLikeDatabase {
  constructor(private readonly real: D1Database | D1DatabaseSession) {}

  prepare(sql: string): D1PreparedStatement {
    return new ProductionLikeStatement(this.real.prepare(sql), sql, []) as unknown as D1PreparedStatement;
  }

  batch<T>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    const own = statements.map(unwrap);
    for (const statement of own) checkStatement(statement.sql, statement.params);
    return send(own.length, () => this.real.batch<T>(own.map((s) => s.real))).then((results) => results.map(checkResult));
  }

  /** exec() runs each line as a statement, in one request. */
  exec(sql: string): Promise<D1ExecResult> {
    const lines = sql.trim().split("\n");
    for (const line of lines) checkStatement(line, []);
    return send(lines.length, () => (this.real as D1Database).exec(sql));
  }

  withSession(constraintOrBookmark?: D1SessionBookmark | D1SessionConstraint): D1DatabaseSession {
    const session = (this.real as D1Database).withSession(constraintOrBookmark);
    return Object.assign(new ProductionLikeDatabase(session), { getBookmark: () => session.getBookmark() }) as unknown as D1DatabaseSession;
  }

  dump(): Promise<ArrayBuffer> {
    return send(1, () => (this.real as D1Database).dump());
  }
}

const PRODUCTION_LIKE = Symbol("production-like D1");

/** `d1` behind D1's production limits; a binding that is one already is returned as it is. */
export function productionLikeD1(d1: D1Database): D1Database {
  if ((d1 as { [PRODUCTION_LIKE]?: true })[PRODUCTION_LIKE]) return d1;
  return Object.assign(new ProductionLikeDatabase(d1), { [PRODUCTION_LIKE]: true }) as unknown as D1Database;
}

/** The tables of the schema, each with an SQL expression of a row's bytes: each value's bytes, integers and reals as their text. */
async function tables(d1: D1Database): Promise<{ name: string; rowBytes: (row: string) => string }[]> {
  const { results } = await d1
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) <> 'sqlite_' AND substr(name, 1, 4) <> '_cf_' AND name <> 'd1_migrations'")
    .all<{ name: string }>();
  return Promise.all(
    results.map(async ({ name }) => {
      const { results: columns } = await d1.prepare("SELECT name FROM pragma_table_info(?)").bind(name).all<{ name: string }>();
      return { name, rowBytes: (row: string) => columns.map((c) => `coalesce(length(CAST(${row}."${c.name}" AS BLOB)), 0)`).join(" + ") };
    }),
  );
}

/**
 * Triggers on every table that refuse a row over D1_MAX_ROW_BYTES, which the
 * local D1 would store; close to how SQLite sizes the record it writes. Only
 * in the tests' database: migrations never create them.
 */
export async function installRowSizeTriggers(d1: D1Database): Promise<void> {
  const statements = (await tables(d1)).flatMap(({ name, rowBytes }) =>
    ["INSERT", "UPDATE"].map((event) =>
      d1.prepare(
        `CREATE TRIGGER IF NOT EXISTS "production_d1_row_size_${name}_${event.toLowerCase()}" BEFORE ${event} ON "${name}" ` +
          `BEGIN SELECT RAISE(ABORT, 'string or blob too big') WHERE ${rowBytes("NEW")} > ${D1_MAX_ROW_BYTES}; END`,
      ),
    ),
  );
  await d1.batch(statements);
}

/** The bytes of the largest row of each table, measured as the triggers measure them. */
export async function largestRows(d1: D1Database): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const { name, rowBytes } of await tables(d1)) {
    sizes[name] = (await d1.prepare(`SELECT coalesce(max(${rowBytes(`"${name}"`)}), 0) AS bytes FROM "${name}"`).first<number>("bytes"))!;
  }
  return sizes;
}
