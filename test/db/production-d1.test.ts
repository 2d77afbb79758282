import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { D1_MAX_QUERIES_PER_INVOCATION, D1_MAX_ROW_BYTES } from "../../src/db/limits.ts";
import worker from "../../src/index.ts";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call, envWithoutPeppol } from "../helpers/api.ts";
import { deliver } from "../helpers/mail.ts";
import { mail, text } from "../helpers/mime.ts";
import { inInvocation, invocationsDuring } from "../helpers/production-d1.ts";
import { runQueue } from "../helpers/queues.ts";

/**
 * The tests' D1 fails where Cloudflare's D1 fails, with its messages
 * (test/setup/production-d1.ts installs it for every test file). Each case
 * here is one that the local D1 alone lets through, or lets through in
 * some circumstances.
 */

const db = () => env.DB;

async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected D1 to refuse the statement");
}

const PATTERN_TOO_COMPLEX = "D1_ERROR: LIKE or GLOB pattern too complex: SQLITE_ERROR";
const TOO_BIG = "D1_ERROR: string or blob too big: SQLITE_TOOBIG";

describe("LIKE and GLOB patterns", () => {
  it("refuse a pattern over 50 bytes even when no row is compared, as D1 does", async () => {
    // An empty table: the local D1 compares no row, so never looks at the pattern.
    const search = (pattern: string) => db().prepare("SELECT id FROM partners WHERE name LIKE ?").bind(pattern).all();
    expect((await search("%".repeat(50))).results).toEqual([]);
    expect(await failure(() => search("%".repeat(51)))).toBe(PATTERN_TOO_COMPLEX);
  });

  it("count the pattern in UTF-8 bytes, not characters", async () => {
    const like = (pattern: string) => db().prepare("SELECT 'x' LIKE ? AS found").bind(pattern).first("found");
    expect(await like("é".repeat(25))).toBe(0);
    expect(await failure(() => like("é".repeat(26)))).toBe(PATTERN_TOO_COMPLEX);
  });

  it.each([
    ["GLOB", "SELECT 'x' GLOB ?", ["*".repeat(51)]],
    ["NOT LIKE", "SELECT 'x' NOT LIKE ? ESCAPE '\\'", ["%".repeat(51)]],
    ["a parenthesised pattern", "SELECT 'x' LIKE (?)", ["%".repeat(51)]],
    ["like() as a function", "SELECT like(?, 'x')", ["%".repeat(51)]],
    ["a literal pattern", `SELECT 'x' LIKE '${"%".repeat(51)}'`, []],
    ["a numbered parameter", "SELECT ?2 LIKE ?1", ["%".repeat(51), "x"]],
  ])("apply to %s", async (_what, sql, params) => {
    expect(await failure(() => db().prepare(sql).bind(...params).all())).toBe(PATTERN_TOO_COMPLEX);
  });

  it("see through strings and comments: a ? there is no parameter", async () => {
    const row = await db().prepare("SELECT '?' AS q, /* ? */ 'x' LIKE ? AS found -- ?").bind("%".repeat(50)).first();
    expect(row).toEqual({ q: "?", found: 1 });
  });

  it("must be bound whole, so that the harness can measure them", async () => {
    const message = await failure(() => db().prepare("SELECT 'x' LIKE '%' || ? || '%'").bind("x").all());
    expect(message).toMatch(/cannot measure the LIKE or GLOB pattern .* bind the whole pattern as one parameter, or search with instr\(\)/s);
  });
});

describe("statements", () => {
  it("take at most 100 bound parameters", async () => {
    const select = (n: number) => db().prepare(`SELECT ${Array.from({ length: n }, () => "?").join(", ")}`).bind(...Array.from({ length: n }, (_, i) => i));
    expect(await select(100).raw()).toHaveLength(1);
    expect(await failure(() => select(101).raw())).toMatch(/^D1_ERROR: too many SQL variables at offset \d+: SQLITE_ERROR$/);
  });

  it("are at most 100,000 bytes of SQL", async () => {
    const select = (bytes: number) => db().prepare(`SELECT '${"é".repeat((bytes - 9) / 2)}'`);
    expect(await select(99_999).raw()).toHaveLength(1);
    expect(await failure(() => select(100_001).raw())).toBe("D1_ERROR: statement too long: SQLITE_TOOBIG");
  });
});

describe("strings, BLOBs and rows", () => {
  it("refuse a string or BLOB over 2,000,000 bytes, bound or computed", async () => {
    const length = (value: unknown) => db().prepare("SELECT length(CAST(? AS BLOB)) AS n").bind(value).first("n");
    expect(await length("x".repeat(D1_MAX_ROW_BYTES))).toBe(D1_MAX_ROW_BYTES);
    expect(await failure(() => length("é".repeat(D1_MAX_ROW_BYTES / 2 + 1)))).toBe(TOO_BIG);
    expect(await failure(() => length(new Uint8Array(D1_MAX_ROW_BYTES + 1)))).toBe(TOO_BIG);
    expect(await failure(() => db().prepare("SELECT hex(zeroblob(1000001)) AS big").first())).toBe(TOO_BIG);
  });

  it("refuse a row over 2,000,000 bytes, and the batch that writes it, whole", async () => {
    const half = "x".repeat(D1_MAX_ROW_BYTES / 2 + 1);
    const insert = (id: string, name: string, email: string) =>
      db()
        .prepare("INSERT INTO accounts (id, name, country, contact_email, language, created_at, updated_at) VALUES (?, ?, 'BE', ?, 'en', 'now', 'now')")
        .bind(id, name, email);
    expect(await failure(() => db().batch([insert("acc_small", "Small", "a@b.example"), insert("acc_big", half, half)]))).toBe(TOO_BIG);
    expect((await db().prepare("SELECT id FROM accounts WHERE id IN ('acc_small', 'acc_big')").all()).results).toEqual([]);

    await insert("acc_grows", half, "a@b.example").run();
    const grow = db().prepare("UPDATE accounts SET contact_email = ? WHERE id = 'acc_grows'").bind(half);
    expect(await failure(() => grow.run())).toBe(TOO_BIG);
  });
});

describe("results", () => {
  it("are at most 50,000,000 bytes", async () => {
    // Rows of 1,999,998 characters each, just under the limit of one value.
    const rows = (n: number) => db().prepare("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < ?) SELECT hex(zeroblob(999999)) AS big FROM r").bind(n);
    expect((await rows(25).raw()).length).toBe(25);
    expect(await failure(() => rows(26).raw())).toBe("D1_ERROR: result too large");
  }, 30_000);
});

describe("queries per invocation", () => {
  it("are at most 1,000, a batch counting once", async () => {
    const message = await failure(() =>
      inInvocation("queue", "test", async () => {
        await db().batch(Array.from({ length: 1_500 }, () => db().prepare("SELECT 1")));
        // The rest of the allowance, 50 at a time (one by one takes seconds locally).
        for (let left = D1_MAX_QUERIES_PER_INVOCATION - 1; left > 0; left -= 50) {
          await Promise.all(Array.from({ length: Math.min(50, left) }, () => db().prepare("SELECT 1").run()));
        }
        await db().prepare("SELECT 'one too many'").run();
      }),
    );
    expect(message).toBe("Too many API requests by single Worker invocation.");
  }, 60_000);

  it("are counted for every handler of the Worker, whoever calls it", async () => {
    const account = await createAccountWithConnector();
    const ctx = createExecutionContext();
    const seen = await invocationsDuring(async () => {
      await exports.default.fetch(new Request("https://connector.test/v1/partners", { headers: { Authorization: `Bearer ${account.apiKey}` } }));
      await call("GET", "/v1/partners", { token: account.apiKey, env: envWithoutPeppol() });
      await deliver(mail(text("no invoice"), { to: account.vatAddress! }), { to: "nobody@invoices.example.com" });
      await runQueue("email-connector-scan", [{ fileId: "inf_none" }]);
      await (worker as ExportedHandler<Env>).scheduled!(createScheduledController({ cron: "*/15 * * * *" }), env, ctx);
    });
    const mine = seen.filter((i) => !(i.handler === "queue" && i.label !== "email-connector-scan (1)"));
    expect(mine.map(({ handler, label }) => [handler, label])).toEqual([
      ["fetch", "GET /v1/partners"],
      ["fetch", "GET /v1/partners"],
      ["email", "nobody@invoices.example.com"],
      ["queue", "email-connector-scan (1)"],
      ["scheduled", "*/15 * * * *"],
    ]);
    for (const invocation of mine) expect(invocation.queries).toBeGreaterThan(0);
  });
});
