// Runs in Node before the tests (vitest globalSetup). Starts a real clamd
// with the project's own signature database (test/fixtures/clamav), plus two
// ports for the failure cases, and hands their addresses to vitest.config.ts,
// which binds them into the Worker. Each run starts its own clamd on a free
// port, so parallel runs (several checkouts, watch mode) never share one, and
// a clamd the machine already runs, with another database, is never used.
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

export interface TestClamd {
  /** Whether clamd runs for this test run: false only outside CI, where clamd may be absent. */
  available: boolean;
  /** clamd's port on 127.0.0.1; 0 when it is not available. */
  port: number;
  /** clamd's StreamMaxLength in bytes, as clamd.conf sets it. */
  streamMaxLength: number;
  /** A port on 127.0.0.1 that accepts connections and never answers. */
  silentPort: number;
  /** A port on 127.0.0.1 where a web server answers (400) instead of clamd. */
  webPort: number;
  /** A port on 127.0.0.1 where nothing listens. */
  unusedPort: number;
}

declare module "vitest" {
  interface ProvidedContext {
    clamd: TestClamd;
  }
}

const fixtures = path.join(import.meta.dirname, "fixtures", "clamav");

/** Where package managers put clamd; /usr/sbin is not on a normal user's PATH on Debian. */
const CLAMD_LOCATIONS = ["/usr/sbin", "/usr/local/sbin", "/opt/homebrew/sbin", "/usr/local/bin", "/opt/homebrew/bin"];

const CLAMD_INSTALL_HINT =
  "Install clamd to run them: `sudo apt-get install clamav-daemon` (Debian, Ubuntu) or `brew install clamav` (macOS); the tests start it themselves.";

/**
 * With the project's few signatures clamd answers within a second; a machine
 * busy with other work gets more time before the run gives up.
 */
const CLAMD_START_TIMEOUT_MS = 60_000;

/** The first of these paths that is an executable file, or null (the browser tests' setup finds chromium with it). */
export function firstExecutable(candidates: string[]): string | null {
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there
    }
  }
  return null;
}

function findClamd(): string | null {
  const directories = [...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean), ...CLAMD_LOCATIONS];
  return firstExecutable(directories.map((directory) => path.join(directory, "clamd")));
}

/** A port of 127.0.0.1 nobody listens on now (the browser tests' wrangler dev takes one too). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** "30M" -> bytes, as clamd reads sizes. */
function parseSize(text: string): number {
  const match = /^(\d+)([kKmM]?)$/.exec(text);
  if (!match) throw new Error(`clamd.conf: cannot read the size ${text}`);
  const unit = { "": 1, k: 1024, m: 1024 * 1024 }[match[2]!.toLowerCase() as "" | "k" | "m"];
  return Number(match[1]) * unit;
}

/** True when something on the port answers clamd's PING. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    let reply = "";
    socket.setTimeout(1_000, () => socket.destroy());
    socket.on("connect", () => socket.write("zPING\0"));
    socket.on("data", (data) => {
      reply += data.toString("latin1");
      if (reply.includes("\0")) socket.end();
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve(reply === "PONG\0"));
  });
}

async function startClamd(binary: string, directory: string): Promise<{ child: ChildProcess; port: number; streamMaxLength: number }> {
  const port = await freePort();
  const logFile = path.join(directory, "clamd.log");
  const template = await readFile(path.join(fixtures, "clamd.conf"), "utf8");
  const config = template
    .replaceAll("{{DATABASE_DIRECTORY}}", path.join(fixtures, "database"))
    .replaceAll("{{PORT}}", String(port))
    .replaceAll("{{LOG_FILE}}", logFile)
    .replaceAll("{{TEMPORARY_DIRECTORY}}", directory);
  const streamMaxLength = parseSize(/^StreamMaxLength\s+(\S+)/m.exec(config)?.[1] ?? "");
  const configFile = path.join(directory, "clamd.conf");
  await writeFile(configFile, config);

  const child = spawn(binary, [`--config-file=${configFile}`], { stdio: "ignore" });
  // A run that ends without its teardown (a crash) still stops its clamd.
  process.once("exit", () => child.kill());
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const started = Date.now();
  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));
  while (!(await answersPing(port))) {
    const stopped = child.exitCode !== null || child.signalCode !== null || spawnError;
    if (stopped || Date.now() - started > CLAMD_START_TIMEOUT_MS) {
      child.kill();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      const log = existsSync(logFile) ? await readFile(logFile, "utf8") : "(no log)";
      throw new Error(
        `${binary} ${stopped ? `stopped (${spawnError?.message ?? `exit ${child.exitCode ?? child.signalCode}`})` : `did not answer on 127.0.0.1:${port} within ${CLAMD_START_TIMEOUT_MS / 1000} s`}. Its log:\n${log}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, port, streamMaxLength };
}

async function stopClamd(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A server on a free port of 127.0.0.1; `close` also ends the connections it holds. */
async function startServer(onConnection: (socket: net.Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export default async function setup(project: TestProject) {
  const cleanups: (() => Promise<unknown>)[] = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    // What a stuck clamd looks like: the connection is accepted, nothing comes back.
    const silent = await startServer(() => {});
    cleanups.push(silent.close);
    // What a wrong CLAMD_PORT looks like: another service answers in its own protocol.
    const web = await startServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
    cleanups.push(web.close);
    const ports = { silentPort: silent.port, webPort: web.port, unusedPort: await freePort() };

    const binary = findClamd();
    if (!binary) {
      if (process.env.CI === "true") throw new Error(`clamd is not installed: CI must run the ClamAV tests. ${CLAMD_INSTALL_HINT}`);
      console.warn(`clamd is not installed: the ClamAV tests are skipped. ${CLAMD_INSTALL_HINT}`);
      project.provide("clamd", { available: false, port: 0, streamMaxLength: 0, ...ports });
      return teardown;
    }
    const directory = await mkdtemp(path.join(os.tmpdir(), "email-connector-clamd-"));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const clamd = await startClamd(binary, directory);
    cleanups.push(() => stopClamd(clamd.child));
    project.provide("clamd", { available: true, port: clamd.port, streamMaxLength: clamd.streamMaxLength, ...ports });
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}
