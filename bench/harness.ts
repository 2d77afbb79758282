// The connector under wrangler's test harness (workerd, local D1/R2/Queues with the consumer
// settings of wrangler.toml), migrated, with a helper for its HTTP API: what bench/latency.ts
// and bench/load.ts start from.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createTestHarness } from "wrangler";

const root = path.resolve(import.meta.dirname, "..");

/** The PDF of a 25 MiB mail: the largest attachment such a mail carries once base64 makes it 4/3 larger (with line breaks, 24.1 MiB). */
export const HUGE_PDF_BYTES = 18_500_000;

/**
 * The connector's wrangler.toml, written to .wrangler/<name>/ with its paths
 * made relative to there, `main` (relative to the repository) as the entry
 * point and `edit` applied. Returns the path of the file.
 */
export function writeBenchConfig(name: string, main: string, edit: (toml: string) => string = (toml) => toml): string {
  const dir = path.join(root, ".wrangler", name);
  mkdirSync(dir, { recursive: true });
  const configPath = path.join(dir, "wrangler.toml");
  const toml = readFileSync(path.join(root, "wrangler.toml"), "utf8")
    .replace(/^main = .*$/m, `main = "../../${main}"`)
    .replace(/^migrations_dir = .*$/m, `migrations_dir = "../../migrations"`)
    .replace(/^directory = .*$/m, `directory = "../../public"`);
  writeFileSync(configPath, edit(toml));
  return configPath;
}

export async function startConnector(configPath: string, adminToken: string) {
  const server = createTestHarness({ workers: [{ configPath, secrets: { ADMIN_TOKEN: adminToken, BOUNCE_SECRET: "bench-bounce-secret-0123456789abcdefghijk" } }] });
  await server.listen();
  const worker = server.getWorker<{ DB: { batch(s: unknown[]): Promise<unknown>; prepare(sql: string): { bind(...v: unknown[]): any; all(): Promise<any>; first(): Promise<any> } } }>();
  const env = await worker.getEnv();
  for (const file of readdirSync(path.join(root, "migrations")).filter((f) => f.endsWith(".sql")).sort()) {
    const statements = readFileSync(path.join(root, "migrations", file), "utf8").split("--> statement-breakpoint").map((s) => s.trim()).filter(Boolean);
    await env.DB.batch(statements.map((s) => env.DB.prepare(s)));
  }
  const api = async (method: string, url: string, token: string, body?: unknown) => {
    const response = await server.fetch(`http://localhost${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return (await response.json()) as any;
  };
  return { server, worker, env, api };
}

/** The workerd processes started under this one (its descendants): the Worker's and a proxy's. Linux only. */
export function workerdPids(): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      parents.set(Number(entry), Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]));
    } catch {
      // gone since the listing
    }
  }
  const isOurs = (pid: number): boolean => pid === process.pid || (pid > 1 && parents.has(pid) && isOurs(parents.get(pid)!));
  const isWorkerd = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "workerd";
    } catch {
      return false;
    }
  };
  return [...parents.keys()].filter((pid) => pid !== process.pid && isOurs(pid) && isWorkerd(pid));
}
