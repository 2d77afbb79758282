// Runs in Node before the browser tests (vitest globalSetup of the "browser"
// project): finds Debian's chromium, and starts the Worker under `wrangler
// dev` on a free port with a fresh local state (D1 migrated, R2, queues),
// the way `npm run dev` does; stops it afterwards. playwright-core drives the
// chromium that the system has: a browser is never downloaded here.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { firstExecutable, freePort } from "../global-setup.ts";

export interface BrowserRun {
  /** False only outside CI, where chromium may be missing: the tests then skip and say why. */
  available: boolean;
  /** Why the tests skip, when they do. */
  reason: string;
  chromium: string;
  /** The Worker under wrangler dev, e.g. http://localhost:43121. */
  url: string;
  adminToken: string;
  /** Where the tests write screenshots (docs/screenshots). */
  screenshots: string;
}

declare module "vitest" {
  interface ProvidedContext {
    browser: BrowserRun;
  }
}

const root = path.resolve(import.meta.dirname, "../..");
/** CHROMIUM_PATH, when set, is the only place looked at (test/browser/setup.test.ts sets one that does not exist). */
const CHROMIUM_LOCATIONS = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
const INSTALL_HINT = "Install it to run them: `sudo apt-get install chromium fonts-dejavu-core` (Debian); `bash .ci/run` does.";
/** wrangler dev builds the Worker and starts workerd; a busy machine gets time. */
const START_TIMEOUT_MS = 120_000;
const ADMIN_TOKEN = "browser-tests-admin-token-0123456789abcdef";

async function waitForHealth(child: ChildProcess, url: string, log: () => string) {
  const started = Date.now();
  while (Date.now() - started < START_TIMEOUT_MS) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}) before it served requests:\n${log()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not answer on ${url}/health within ${START_TIMEOUT_MS / 1000} s:\n${log()}`);
}

export default async function setup(project: TestProject) {
  const screenshots = path.join(root, "docs", "screenshots");
  const chromium = firstExecutable(CHROMIUM_LOCATIONS);
  if (!chromium) {
    const reason = `Chromium is not installed (looked in ${CHROMIUM_LOCATIONS.join(", ")}): the browser tests cannot run. ${INSTALL_HINT}`;
    if (process.env.CI === "true") throw new Error(`${reason} CI must run them.`);
    console.warn(`${reason} They are skipped.`);
    project.provide("browser", { available: false, reason, chromium: "", url: "", adminToken: ADMIN_TOKEN, screenshots });
    return;
  }

  const state = await mkdtemp(path.join(os.tmpdir(), "email-connector-browser-"));
  const wrangler = path.join(root, "node_modules", ".bin", "wrangler");
  const migrated = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { cwd: root, encoding: "utf8", env: { ...process.env, CI: "true" } });
  if (migrated.status !== 0) throw new Error(`wrangler d1 migrations apply failed:\n${migrated.stdout}\n${migrated.stderr}`);

  const port = await freePort();
  const url = `http://localhost:${port}`;
  let output = "";
  const child = spawn(
    wrangler,
    ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", state, "--var", `APP_URL:${url}`, "--var", `ADMIN_TOKEN:${ADMIN_TOKEN}`, "--show-interactive-dev-session=false"],
    { cwd: root, env: { ...process.env, ADMIN_TOKEN }, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // A run that ends without its teardown still stops its wrangler dev (and its workerd).
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // gone already
    }
  };
  process.once("exit", stop);
  try {
    await waitForHealth(child, url, () => output.slice(-4000));
  } catch (error) {
    stop();
    await rm(state, { recursive: true, force: true });
    throw error;
  }
  project.provide("browser", { available: true, reason: "", chromium, url, adminToken: ADMIN_TOKEN, screenshots });
  return async () => {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    stop();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await rm(state, { recursive: true, force: true });
  };
}
