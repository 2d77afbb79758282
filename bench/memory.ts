// `npm run bench:memory`: the memory of the Worker's isolate while two 25 MiB mails go through
// email(), ingest and the scan at the same time, beside one such mail alone and the idle isolate.
// Cloudflare stops an isolate that passes 128 MB. It runs the connector as `npm run dev` does
// (`wrangler dev`, local D1, R2 and Queues, whose consumers run in the same isolate as email()), with
// its inspector, and reads V8's own figures for that isolate (Runtime.getHeapUsage: the JavaScript
// heap in use plus the ArrayBuffer backing stores that hold the mail's bytes) every few
// milliseconds. The local D1, R2 and queue emulation runs outside the isolate, so it is not counted,
// as it is not on Cloudflare. Figures: bench/results/memory.json, bench/README.md.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { makeLargePdf } from "../test/helpers/documents.ts";
import { belgianNumber } from "../test/helpers/numbers.ts";
import { attachment, mail, multipart, text } from "../test/helpers/mime.ts";
import { HUGE_PDF_BYTES, writeBenchConfig } from "./harness.ts";

const root = path.resolve(import.meta.dirname, "..");
const MIB = 1024 * 1024;
/** Cloudflare's memory limit per isolate (Workers limits: 128 MB). */
const ISOLATE_LIMIT_BYTES = 128 * MIB;
/** How often the isolate's heap is read: short enough to see a mail's bytes live, long enough not to slow the isolate. */
const SAMPLE_EVERY_MS = 5;
const ADMIN_TOKEN = "memory-bench-admin-token-0123456789abcdefghij";

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// --- The connector under `wrangler dev`, with its state in a directory of its own -------------------
const configPath = writeBenchConfig("memory", "src/index.ts");
const dir = path.dirname(configPath);
const state = path.join(dir, "state");
rmSync(state, { recursive: true, force: true });
writeFileSync(path.join(dir, ".dev.vars"), `ADMIN_TOKEN=${ADMIN_TOKEN}\nBOUNCE_SECRET=memory-bench-bounce-secret-0123456789abcdef\n`);
// By name, as scripts/dev.ts does: `npm run` puts the project's Node and node_modules/.bin first on PATH.
const wrangler = "wrangler";
const migrated = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state, "-c", configPath], { cwd: root, stdio: "pipe", env: { ...process.env, CI: "true" } });
if (migrated.status !== 0) throw new Error(`the migrations failed: ${migrated.stderr}`);

const [port, inspectorPort] = [await freePort(), await freePort()];
const base = `http://127.0.0.1:${port}`;
const dev = spawn(wrangler, ["dev", "-c", configPath, "--port", String(port), "--inspector-port", String(inspectorPort), "--persist-to", state, "--var", `APP_URL:${base}`], {
  cwd: root,
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
});
let devLog = "";
dev.stdout.on("data", (chunk) => (devLog += chunk));
dev.stderr.on("data", (chunk) => (devLog += chunk));

async function api(method: string, url: string, token: string, body?: unknown) {
  const response = await fetch(base + url, { method, headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return (await response.json()) as any;
}

async function waitForHealth() {
  for (let i = 0; i < 600; i++) {
    if (dev.exitCode !== null) throw new Error(`wrangler dev exited:\n${devLog}`);
    if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) return;
    await sleep(250);
  }
  throw new Error(`wrangler dev did not answer within 150 s:\n${devLog}`);
}

// --- The isolate's heap, through the inspector (Chrome DevTools Protocol) -----------------------------
interface HeapUsage {
  usedSize: number;
  totalSize: number;
  backingStorageSize: number;
}

async function inspector() {
  // wrangler's inspector proxy serves DevTools, and answers only a request that says where it comes from.
  const socket = new WebSocket(`ws://127.0.0.1:${inspectorPort}/ws`, { headers: { Origin: `http://127.0.0.1:${inspectorPort}` } } as any);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error("the inspector refused the connection"));
  });
  let next = 0;
  const pending = new Map<number, (result: any) => void>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data));
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  };
  const send = (method: string) =>
    new Promise<any>((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method }));
    });
  // workerd's inspector does not answer HeapProfiler.collectGarbage; a heap snapshot starts with a full collection.
  const collect = async () => {
    await send("HeapProfiler.enable");
    await send("HeapProfiler.takeHeapSnapshot");
  };
  return { usage: async (): Promise<HeapUsage> => send("Runtime.getHeapUsage"), collect, close: () => socket.close() };
}

/** What the limit counts: the heap in use and the ArrayBuffers' bytes. */
const inUse = (u: HeapUsage) => u.usedSize + u.backingStorageSize;
const mib = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;

/**
 * Runs `work` while reading the heap every SAMPLE_EVERY_MS; the peak of what the limit counts. `live`:
 * a full collection before each reading, so that only what is still referenced counts (V8 frees
 * ArrayBuffers only when it collects, and it lets tens of MiB of them wait for that).
 */
async function peakDuring(heap: Awaited<ReturnType<typeof inspector>>, live: boolean, work: () => Promise<void>) {
  let peak: HeapUsage = await heap.usage();
  let samples = 0;
  let done = false;
  const sampler = (async () => {
    while (!done) {
      if (live) await heap.collect();
      const usage = await heap.usage();
      samples++;
      if (inUse(usage) > inUse(peak)) peak = usage;
      await sleep(SAMPLE_EVERY_MS);
    }
  })();
  await work();
  done = true;
  await sampler;
  return { peak, samples };
}

// --- The run --------------------------------------------------------------------------------------
const pdfs = [0, 1, 2, 3, 4, 5].map((i) => makeLargePdf(HUGE_PDF_BYTES, `memory-${i}`));
let failed = false;
try {
  await waitForHealth();
  const number = belgianNumber();
  const created = await api("POST", "/v1/admin/accounts", ADMIN_TOKEN, { name: "Memory BV", country: "BE", vatNumber: `BE${number}`, companyNumber: number });
  const connector = await api("POST", "/v1/connectors/email", created.apiKey);
  const address: string = connector.importAddresses[0].address;
  const raws = pdfs.map((pdf, i) => mail(multipart("mixed", text("Please find the scanned invoice attached."), attachment(`scan-${i}.pdf`, "application/pdf", pdf)), { to: address, subject: `Scan ${i}` }));

  /** Hands the mails to email() through wrangler dev's local endpoint, then waits until each is terminal. */
  async function receive(mails: Uint8Array[]) {
    const before = new Set(((await api("GET", "/v1/inbound-messages?limit=100", created.apiKey)).items as any[]).map((m) => m.id));
    await Promise.all(
      mails.map(async (raw) => {
        const response = await fetch(`${base}/cdn-cgi/handler/email?${new URLSearchParams({ from: "scanner@supplier.example", to: address })}`, { method: "POST", body: raw });
        if (!response.ok) throw new Error(`email() answered ${response.status}: ${await response.text()}`);
      }),
    );
    for (let i = 0; i < 1200; i++) {
      const fresh = ((await api("GET", "/v1/inbound-messages?limit=100", created.apiKey)).items as any[]).filter((m) => !before.has(m.id));
      if (fresh.length === mails.length && fresh.every((m) => m.outcome !== "processing")) {
        const outcomes = fresh.map((m) => m.outcome);
        if (outcomes.some((o) => o !== "imported")) throw new Error(`the mails ended ${outcomes.join(", ")}, not imported`);
        return;
      }
      await sleep(100);
    }
    throw new Error("the mails were not terminal after 120 s");
  }

  // Each phase starts from a collected isolate, so that no phase counts the garbage of the one before.
  const heap = await inspector();
  await heap.collect();
  const idle = await heap.usage();
  const phase = async (live: boolean, mails: Uint8Array[]) => {
    await heap.collect();
    return peakDuring(heap, live, () => receive(mails));
  };
  const one = await phase(false, [raws[0]!]);
  const two = await phase(false, [raws[1]!, raws[2]!]);
  const oneLive = await phase(true, [raws[3]!]);
  const twoLive = await phase(true, [raws[4]!, raws[5]!]);
  await heap.collect();
  const after = await heap.usage();
  heap.close();

  const row = (what: string, u: HeapUsage, samples?: number) =>
    `| ${what} | ${mib(u.usedSize)} | ${mib(u.backingStorageSize)} | **${mib(inUse(u))}** | ${(inUse(u) / ISOLATE_LIMIT_BYTES).toFixed(2)}x | ${samples ?? ""} |`;
  const peaks = { one, two, oneLive, twoLive };
  const result = {
    mailMiB: mib(raws[0]!.length),
    pdfMiB: mib(HUGE_PDF_BYTES),
    limitMiB: mib(ISOLATE_LIMIT_BYTES),
    idle,
    after,
    ...Object.fromEntries(Object.entries(peaks).map(([name, p]) => [name, { ...p, inUseMiB: mib(inUse(p.peak)) }])),
    twoOverOneLive: inUse(twoLive.peak) / inUse(oneLive.peak),
  };
  console.log(
    [
      `Each mail ${result.mailMiB} MiB raw (a ${result.pdfMiB} MiB PDF); the isolate's heap read every ${SAMPLE_EVERY_MS} ms, whenever it is between tasks.`,
      "",
      "| isolate | JS heap used MiB | ArrayBuffers MiB | in use MiB | of the 128 MiB limit | readings |",
      "|---|---|---|---|---|---|",
      row("idle, the account set up", idle),
      row("one 25 MiB mail (email, ingest, scan): peak live", oneLive.peak, oneLive.samples),
      row("two 25 MiB mails at once: peak live", twoLive.peak, twoLive.samples),
      row("one 25 MiB mail: peak with garbage not yet collected", one.peak, one.samples),
      row("two 25 MiB mails at once: peak with garbage not yet collected", two.peak, two.samples),
      row("after all, collected", after),
      "",
      `Live, two at once / one alone: ${result.twoOverOneLive.toFixed(2)}x.`,
    ].join("\n"),
  );
  if (inUse(twoLive.peak) >= ISOLATE_LIMIT_BYTES) {
    failed = true;
    console.error(`Two 25 MiB mails at once keep ${mib(inUse(twoLive.peak))} MiB live, over the isolate's ${mib(ISOLATE_LIMIT_BYTES)} MiB.`);
  }
  const machine = { date: new Date().toISOString(), cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version };
  mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
  writeFileSync(path.join(import.meta.dirname, "results", "memory.json"), JSON.stringify({ machine, ...result }, null, 2));
  console.log("Written to bench/results/memory.json.");
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  dev.kill("SIGTERM");
}
process.exit(failed ? 1 : 0);
