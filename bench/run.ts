// `npm run bench`: measures the receiving pipeline inside workerd and writes
// bench/results/latest.json. Every figure stands beside a baseline measured
// in the same run (a bare PostalMime.parse of the same mail), because these
// machines are shared and noisy: compare ratios, not milliseconds.
//
//   time:   in the Worker, performance.now() around the step alone (local
//           workerd lets the clock run during computation); median of runs
//   CPU:    the workerd process's user+system time over the runs, per run
//   memory: the workerd processes' peak RSS growth for one run in a fresh
//           process, with the peak reset (/proc/<pid>/clear_refs) just before,
//           and after a ballast of live memory that takes up what setting up
//           the run freed: without it, the step reuses those pages and seems
//           to need less than it does (measured: 1.00x the raw size instead
//           of 1.95x for the 25 MiB mail, the same with 64 or 128 MiB of ballast)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestHarness } from "wrangler";
import { makeLargePdf, makePng } from "../test/helpers/documents.ts";
import { attachment, html, mail, multipart, text } from "../test/helpers/mime.ts";
import { workerdPids } from "./harness.ts";

const root = path.resolve(import.meta.dirname, "..");
const MB = 1_000_000;
const MiB = 1024 * 1024;

interface Scenario {
  name: string;
  raw: Uint8Array;
  /** Timed runs per step; large mails take long enough to need fewer. */
  runs: number;
}

async function scenarios(): Promise<Scenario[]> {
  const logo = await makePng(160, 48);
  const typical = mail(
    multipart(
      "mixed",
      multipart("related", multipart("alternative", text("Dear customer, please find invoice 2026-0042 attached."), html('<p>Dear customer,</p><p>please find invoice 2026-0042 attached.</p><img src="cid:logo@supplier">')), attachment("logo.png", "image/png", logo, { disposition: "inline", contentId: "logo@supplier" })),
      attachment("invoice-2026-0042.pdf", "application/pdf", makeLargePdf(300_000)),
    ),
  );
  const withAttachment = (bytes: number) => mail(multipart("mixed", text("Invoice attached."), attachment("invoice.pdf", "application/pdf", makeLargePdf(bytes))));
  // The largest mail Email Routing delivers is 25 MiB; base64 makes an attachment 4/3 larger.
  const largest = withAttachment(Math.floor(((25 * MiB - 4096) * 3) / 4 / 1.0135));
  return [
    { name: "typical invoice mail (300 KB PDF, HTML body, logo)", raw: typical, runs: 30 },
    { name: "10 MB attachment", raw: withAttachment(10 * MB), runs: 5 },
    { name: "25 MiB mail (the largest Email Routing delivers)", raw: largest, runs: 3 },
  ];
}

const sum = (pids: number[], of: (pid: number) => number) => pids.reduce((n, pid) => n + of(pid), 0);
const status = (pid: number, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
};

type Prepare = (raw: Uint8Array) => Promise<string>;
type Call = (step: string, prepared: string) => Promise<any>;
type Ballast = (mebibytes: number) => Promise<void>;

/** Ballast of at least this much, or 3x the raw mail: what setting up one run can free. */
const BALLAST_MIN_MIB = 64;

async function withWorker<T>(use: (prepare: Prepare, call: Call, pids: number[], ballast: Ballast) => Promise<T>): Promise<T> {
  const server = createTestHarness({ workers: [{ configPath: path.join(import.meta.dirname, "wrangler.toml") }] });
  await server.listen();
  try {
    const post = async (step: string, body: Uint8Array | string) => {
      const response = await server.fetch(`http://bench.local/${step}`, { method: "POST", body });
      if (!response.ok) throw new Error(`${step}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<any>;
    };
    const prepare = async (raw: Uint8Array) => JSON.stringify(await post("prepare", raw));
    const call = async (step: string, prepared: string) => post(step, prepared);
    const migrations = readdirSync(path.join(root, "migrations")).filter((f) => f.endsWith(".sql")).sort();
    for (const file of migrations) await post("migrate", readFileSync(path.join(root, "migrations", file)));
    const ballast = async (mebibytes: number) => void (await post(`ballast?mib=${mebibytes}`, ""));
    const pids = workerdPids();
    if (pids.length === 0) throw new Error("cannot find the workerd processes");
    return await use(prepare, call, pids, ballast);
  } finally {
    await server.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(step: "bare-parse" | "ingest" | "ingest-own" | "compute", scenario: Scenario, warmup: Uint8Array) {
  const timing = await withWorker(async (prepare, call, pids) => {
    for (let i = 0; i < 3; i++) await call(step, await prepare(warmup));
    const prepared = [];
    for (let i = 0; i < scenario.runs; i++) prepared.push(await prepare(scenario.raw));
    const ms: number[] = [];
    let cpu = 0;
    for (const p of prepared) {
      const cpu0 = sum(pids, cpuSeconds);
      ms.push((await call(step, p)).ms);
      cpu += sum(pids, cpuSeconds) - cpu0;
    }
    return { ms: median(ms), cpuMs: (cpu * 1000) / scenario.runs };
  });
  const peakBytes = await withWorker(async (prepare, call, pids, ballast) => {
    for (let i = 0; i < 3; i++) await call(step, await prepare(warmup));
    const prepared = await prepare(scenario.raw);
    await ballast(Math.max(BALLAST_MIN_MIB, Math.ceil((3 * scenario.raw.length) / MiB)));
    const before = new Map(pids.map((pid) => [pid, status(pid, "VmRSS")]));
    for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, "5");
    await call(step, prepared);
    return sum(pids, (pid) => Math.max(0, status(pid, "VmHWM") - before.get(pid)!));
  });
  return { ...timing, mbPerSecond: scenario.raw.length / MB / (timing.ms / 1000), peakBytes };
}

const all = await scenarios();
const warmup = all[0]!.raw;
const results = [];
for (const scenario of all) {
  process.stdout.write(`${scenario.name} (${(scenario.raw.length / MiB).toFixed(2)} MiB raw) ... `);
  const bare = await measure("bare-parse", scenario, warmup);
  const ingest = await measure("ingest", scenario, warmup);
  const own = await measure("ingest-own", scenario, warmup);
  const compute = await measure("compute", scenario, warmup);
  const row = {
    scenario: scenario.name,
    rawBytes: scenario.raw.length,
    bareParse: bare,
    ingest,
    ingestOwn: own,
    ingestCompute: compute,
    ratios: {
      throughput: ingest.mbPerSecond / bare.mbPerSecond,
      ownThroughput: own.mbPerSecond / bare.mbPerSecond,
      ownPeakMemoryVsRaw: own.peakBytes / scenario.raw.length,
      peakMemoryVsRaw: ingest.peakBytes / scenario.raw.length,
      bareParsePeakMemoryVsRaw: bare.peakBytes / scenario.raw.length,
    },
  };
  results.push(row);
  console.log("done");
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
console.log("\nTime (ms, median, inside the Worker) and throughput against the bare parse:");
console.log("| mail | raw MiB | bare parse | ingest (local R2) | ingest (own work) | ingest compute | own / bare throughput | ingest / bare throughput |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of results) {
  console.log(
    `| ${r.scenario} | ${fmt(r.rawBytes / MiB, 2)} | ${fmt(r.bareParse.ms)} | ${fmt(r.ingest.ms)} | ${fmt(r.ingestOwn.ms)} | ${fmt(r.ingestCompute.ms, 2)} | ${fmt(r.ratios.ownThroughput, 2)}x | ${fmt(r.ratios.throughput, 2)}x |`,
  );
}
console.log("\nPeak memory growth of the workerd processes for one run (MiB), and against the raw size:");
console.log("| mail | bare parse | ingest (local R2) | ingest (own work) | own / raw | bare parse / raw |");
console.log("|---|---|---|---|---|---|");
for (const r of results) {
  console.log(`| ${r.scenario} | ${fmt(r.bareParse.peakBytes / MiB)} | ${fmt(r.ingest.peakBytes / MiB)} | ${fmt(r.ingestOwn.peakBytes / MiB)} | ${fmt(r.ratios.ownPeakMemoryVsRaw, 2)}x | ${fmt(r.ratios.bareParsePeakMemoryVsRaw, 2)}x |`);
}
console.log("\nCPU of the workerd processes per run (ms; includes the local D1/R2/Queue emulation):");
console.log("| mail | bare parse | ingest (local R2) | ingest (own work) |");
console.log("|---|---|---|---|");
for (const r of results) console.log(`| ${r.scenario} | ${fmt(r.bareParse.cpuMs)} | ${fmt(r.ingest.cpuMs)} | ${fmt(r.ingestOwn.cpuMs)} |`);
const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() };
mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
writeFileSync(path.join(import.meta.dirname, "results", "latest.json"), JSON.stringify({ machine, results }, null, 2));
console.log(`\nWritten to bench/results/latest.json (${machine.cpus} × ${machine.model}).`);
