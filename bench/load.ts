// `npm run load`: a burst of mails (LOAD_MAILS, 2,000 by default) handed to the Worker's email()
// under wrangler's test harness (workerd with local D1, R2 and Queues, the consumer settings of
// wrangler.toml) as fast as it accepts them; then it waits until every mail is terminal. Prints
// throughput, end-to-end percentiles, the workerd processes' peak memory (the isolate's own, with
// two 25 MiB mails at once, is bench/memory.ts's), and the cost of 1,000 typical invoice mails from the operations counted at the bindings
// (bench/worker/counting.ts). Exits 1 on a mail that is not terminal or a count that differs
// from what the mix implies (a loss or a duplicate). Figures: bench/results/load.json, bench/README.md.
import "./hex.ts";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeExe, makeLargePdf, makePng } from "../test/helpers/documents.ts";
import { ciiInvoice, serialise, ublXml } from "../test/helpers/einvoice.ts";
import { belgianNumber } from "../test/helpers/numbers.ts";
import { attachment, html, mail, multipart, text } from "../test/helpers/mime.ts";
import { buildPdf } from "../test/helpers/pdf.ts";
import { HUGE_PDF_BYTES, startConnector, workerdPids, writeBenchConfig } from "./harness.ts";

const MAILS = Number(process.env.LOAD_MAILS ?? 2000);
/** Accounts the mails are spread over: each account's mail rate limit (300 a minute) is not what is measured here. */
const ACCOUNTS = 25;
/** Mails handed to email() at once, as many SMTP sessions would. */
const CONCURRENCY = 16;
const ADMIN_TOKEN = "load-bench-admin-token-0123456789abcdefghij";
const MIB = 1024 * 1024;

/**
 * Cloudflare's published prices (Workers Paid), read 2026-11-30 from developers.cloudflare.com:
 * workers/platform/pricing, queues/platform/pricing, d1/platform/pricing, r2/pricing. Beyond
 * each product's included monthly usage; the included usage is left out (a cost per mail).
 */
const PRICES_USD = {
  date: "2026-11-30",
  workerRequestsPerMillion: 0.3,
  cpuMsPerMillion: 0.02,
  /** Per 64 KB written, read or deleted: a message delivered once is 3 operations. */
  queueOperationsPerMillion: 0.4,
  d1RowsReadPerMillion: 0.001,
  d1RowsWrittenPerMillion: 1.0,
  r2ClassAPerMillion: 4.5,
  r2ClassBPerMillion: 0.36,
  r2StoragePerGbMonth: 0.015,
};

// --- The Worker, counted: the connector's wrangler.toml with the counting entry point -------------
const configPath = writeBenchConfig("load", "bench/worker/counting.ts", (toml) =>
  toml
    // The burst comes from a few hundred senders per account: the per-sender limit is for floods, not this.
    .replace(/(name = "MAIL_SENDER_RATE_LIMITER"[\s\S]*?simple = \{ limit = )\d+/, "$110000")
    .replace(/(name = "MAIL_ACCOUNT_RATE_LIMITER"[\s\S]*?simple = \{ limit = )\d+/, "$110000"),
);

// --- Memory: the workerd processes started under this one ----------------------------------------
const statusKb = (pid: number, field: "VmRSS" | "VmHWM") => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
const rssMiB = () => workerdPids().reduce((n, pid) => n + statusKb(pid, "VmRSS"), 0) / 1024;
let peakRssMiB = 0;
const sampler = setInterval(() => (peakRssMiB = Math.max(peakRssMiB, rssMiB())), 100);

// --- The mix ----------------------------------------------------------------------------------------
type Kind = "typical" | "einvoice" | "hybrid" | "flagged" | "no attachment" | "duplicate" | "10 MB" | "25 MiB";
const OUTCOME: Record<Kind, string> = {
  typical: "imported",
  einvoice: "imported",
  hybrid: "imported",
  flagged: "flagged",
  "no attachment": "ignored",
  duplicate: "duplicate",
  "10 MB": "imported",
  "25 MiB": "imported",
};
/** Of every 100 mails; the rest are typical PDF invoices. A few large ones come on top. */
const SHARE: Partial<Record<Kind, number>> = { einvoice: 10, hybrid: 5, flagged: 3, "no attachment": 4, duplicate: 3 };
const LARGE: Partial<Record<Kind, number>> = { "10 MB": 3, "25 MiB": 2 };

const logo = await makePng(160, 48);
const typicalPdf = makeLargePdf(150_000);
const bigPdf = makeLargePdf(10_000_000);
const hugePdf = makeLargePdf(HUGE_PDF_BYTES);
const cii = new TextEncoder().encode(serialise(ciiInvoice()));
const exe = makeExe();

/** A file of its own per mail (digits in a PDF's padding comment), so that only the duplicates are duplicates. */
function unique(pdf: Uint8Array, n: number): Uint8Array {
  const copy = pdf.slice();
  new TextEncoder().encodeInto(String(n).padStart(8, "0"), copy.subarray(2000, 2008));
  return copy;
}

function body(kind: Kind, n: number) {
  const intro = multipart("alternative", text("Please find our invoice attached."), html('<p>Please find our invoice attached.</p><img src="cid:logo">'));
  const withLogo = (...parts: ReturnType<typeof attachment>[]) =>
    multipart("mixed", multipart("related", intro, attachment("logo.png", "image/png", logo, { disposition: "inline", contentId: "logo" })), ...parts);
  switch (kind) {
    case "einvoice":
      return withLogo(attachment(`INV-${n}.xml`, "application/xml", ublXml(`INV-${n}`)));
    case "hybrid":
      return withLogo(attachment(`invoice-${n}.pdf`, "application/pdf", buildPdf({ attachments: [{ name: "factur-x.xml", data: cii }], xmpInvoiceName: "factur-x.xml", fileId: new TextEncoder().encode(String(n).padStart(16, "0")) })));
    case "flagged":
      return withLogo(attachment(`invoice-${n}.exe`, "application/octet-stream", exe));
    case "no attachment":
      return text("The invoice follows tomorrow.");
    case "10 MB":
      return withLogo(attachment(`scan-${n}.pdf`, "application/pdf", unique(bigPdf, n)));
    case "25 MiB":
      return withLogo(attachment(`scan-${n}.pdf`, "application/pdf", unique(hugePdf, n)));
    default:
      return withLogo(attachment(`invoice-${n}.pdf`, "application/pdf", unique(typicalPdf, n)));
  }
}

interface Planned {
  n: number;
  kind: Kind;
  account: number;
  raw: Uint8Array;
}

function plan(count: number, accounts: string[]): Planned[] {
  const kinds: Kind[] = [];
  for (let i = 0; i < count; i++) {
    const slot = i % 100;
    let offset = 0;
    let kind: Kind = "typical";
    for (const [k, share] of Object.entries(SHARE) as [Kind, number][]) {
      if (slot >= offset && slot < offset + share) kind = k;
      offset += share;
    }
    kinds.push(kind);
  }
  for (const [kind, many] of Object.entries(LARGE) as [Kind, number][]) for (let i = 0; i < many; i++) kinds.splice(Math.floor(((i + 1) * kinds.length) / (many + 1)), 0, kind);
  const planned: Planned[] = [];
  kinds.forEach((kind, n) => {
    const account = n % accounts.length;
    if (kind === "duplicate") {
      // The same mail again, byte for byte (same Message-ID): an earlier typical one of the same account.
      const original = planned.findLast((p) => p.kind === "typical" && p.account === account);
      if (original) return planned.push({ n, kind, account, raw: original.raw });
      kind = "typical";
    }
    planned.push({ n, kind, account, raw: mail(body(kind, n), { to: accounts[account], from: `Supplier ${n} <billing@supplier${n}.example>`, subject: `Invoice ${n}` }) });
  });
  return planned;
}

// --- The run ------------------------------------------------------------------------------------------
// Every mail is written before the Worker starts (the large ones take a while in Node), to each
// account's VAT import address (src/inbound/addresses.ts), checked against the API's below.
const numbers = Array.from({ length: ACCOUNTS }, () => belgianNumber());
const addresses = numbers.map((n) => `be${n}@invoices.example.com`);
const mails = plan(MAILS, addresses);
const TYPICAL = 200;
const typical = Array.from({ length: TYPICAL }, (_, i): Planned => ({ n: 800_000 + i, kind: "typical", account: 1, raw: mail(body("typical", 800_000 + i), { to: addresses[1], subject: `Typical ${i}` }) }));

const { server, worker, env, api } = await startConnector(configPath, ADMIN_TOKEN);
const counts = async () => (await (await server.fetch("http://localhost/__counts")).json()) as any;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let failed = false;
try {
  const accounts: { id: string; apiKey: string; address: string }[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const number = numbers[i]!;
    const created = await api("POST", "/v1/admin/accounts", ADMIN_TOKEN, { name: `Load ${i} BV`, country: "BE", vatNumber: `BE${number}`, companyNumber: number });
    const connector = await api("POST", "/v1/connectors/email", created.apiKey);
    accounts.push({ id: created.account.id, apiKey: created.apiKey, address: connector.importAddresses[0].address });
    if (accounts[i]!.address !== addresses[i]) throw new Error(`the import address is ${accounts[i]!.address}, not ${addresses[i]}`);
  }

  /** Hands mails to email() CONCURRENCY at a time; a temporary refusal is tried again a second later, as a sender's server would. */
  async function deliverAll(mails: Planned[]) {
    let next = 0;
    let deferred = 0;
    const lane = async () => {
      while (next < mails.length) {
        const m = mails[next++]!;
        for (;;) {
          const result = (await worker.email({ from: `billing@supplier${m.n}.example`, to: accounts[m.account]!.address, raw: new TextDecoder("latin1").decode(m.raw) })) as { outcome?: string };
          if (result.outcome === "ok") break;
          deferred++;
          await sleep(1000);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    return deferred;
  }

  async function waitTerminal(accountIds: string[], timeoutMs: number) {
    const deadline = performance.now() + timeoutMs;
    const placeholders = accountIds.map(() => "?").join(",");
    for (;;) {
      const { n } = await env.DB.prepare(`SELECT count(*) AS n FROM inbound_messages WHERE outcome = 'processing' AND account_id IN (${placeholders})`).bind(...accountIds).first();
      if (n === 0 || performance.now() > deadline) return n as number;
      await sleep(250);
    }
  }

  // 1. The burst.
  const bytes = mails.reduce((n, m) => n + m.raw.length, 0);
  const before = await counts();
  // The exact duplicates come once their originals are done: a copy sent while the original is
  // still processing is taken for the sender's retry of it (no second row), which the fault tests cover.
  const firsts = mails.filter((m) => m.kind !== "duplicate");
  const started = performance.now();
  let deferred = await deliverAll(firsts);
  const acceptedAt = performance.now();
  await waitTerminal(accounts.map((a) => a.id), 7 * 60_000 - (acceptedAt - started));
  deferred += await deliverAll(mails.filter((m) => m.kind === "duplicate"));
  const stillProcessing = await waitTerminal(accounts.map((a) => a.id), 60_000);
  const completedAt = performance.now();
  const after = await counts();

  // What the mix implies, against what the Worker recorded.
  const ids = accounts.map((a) => a.id);
  const inList = ids.map(() => "?").join(",");
  const { results: outcomes } = await env.DB.prepare(`SELECT outcome, count(*) AS n FROM inbound_messages WHERE account_id IN (${inList}) GROUP BY outcome`).bind(...ids).all();
  const got = Object.fromEntries(outcomes.map((r: any) => [r.outcome, r.n]));
  const want: Record<string, number> = {};
  for (const m of mails) want[OUTCOME[m.kind]] = (want[OUTCOME[m.kind]] ?? 0) + 1;
  const invoices = (await env.DB.prepare(`SELECT count(*) AS n FROM purchase_invoices WHERE account_id IN (${inList})`).bind(...ids).first()).n as number;
  const wantInvoices = mails.filter((m) => OUTCOME[m.kind] === "imported").length;
  const { results: latencyRows } = await env.DB.prepare(
    `SELECT (julianday(completed_at) - julianday(received_at)) * 86400000.0 AS ms FROM inbound_messages WHERE account_id IN (${inList}) AND duplicate_of IS NULL AND completed_at IS NOT NULL ORDER BY ms`,
  )
    .bind(...ids)
    .all();
  const latencies = latencyRows.map((r: any) => r.ms as number);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? NaN;

  // 2. The cost of typical invoice mails alone, counted at the bindings.
  const typicalAccount = accounts[1]!;
  const beforeTypical = await counts();
  await deliverAll(typical);
  await waitTerminal([typicalAccount.id], 120_000);
  await sleep(2000);
  const afterTypical = await counts();
  const per1000 = (pick: (c: any) => number) => ((pick(afterTypical) - pick(beforeTypical)) * 1000) / TYPICAL;
  const ops = {
    workerInvocations: per1000((c) => c.invocations.email + c.invocations.queue + c.invocations.fetch + c.invocations.scheduled),
    wallMsUpperBoundOfCpu: per1000((c) => c.wallMs),
    queueMessages: per1000((c) => c.queues.sent),
    // Each message written, read and deleted once (64 KB each at most: ours are ids).
    queueOperations: per1000((c) => c.queues.sent) * 3,
    d1Requests: per1000((c) => c.d1.requests),
    d1RowsRead: per1000((c) => c.d1.rowsRead),
    d1RowsWritten: per1000((c) => c.d1.rowsWritten),
    r2ClassA: per1000((c) => c.r2.classA),
    r2ClassB: per1000((c) => c.r2.classB),
    r2BytesStored: per1000((c) => c.r2.bytesPut),
  };
  const cost = {
    workers: (ops.workerInvocations / 1e6) * PRICES_USD.workerRequestsPerMillion + (ops.wallMsUpperBoundOfCpu / 1e6) * PRICES_USD.cpuMsPerMillion,
    queues: (ops.queueOperations / 1e6) * PRICES_USD.queueOperationsPerMillion,
    d1: (ops.d1RowsRead / 1e6) * PRICES_USD.d1RowsReadPerMillion + (ops.d1RowsWritten / 1e6) * PRICES_USD.d1RowsWrittenPerMillion,
    r2Operations: (ops.r2ClassA / 1e6) * PRICES_USD.r2ClassAPerMillion + (ops.r2ClassB / 1e6) * PRICES_USD.r2ClassBPerMillion,
    r2StoragePerMonth: (ops.r2BytesStored / 1e9) * PRICES_USD.r2StoragePerGbMonth,
  };
  const total = Object.values(cost).reduce((a, b) => a + b, 0);

  clearInterval(sampler);
  const seconds = (ms: number) => ms / 1000;
  const result = {
    mails: mails.length,
    mix: Object.fromEntries([...new Set(mails.map((m) => m.kind))].map((k) => [k, mails.filter((m) => m.kind === k).length])),
    rawMiB: bytes / MIB,
    deferredAndRetried: deferred,
    acceptSeconds: seconds(acceptedAt - started),
    acceptedPerSecond: firsts.length / seconds(acceptedAt - started),
    completeSeconds: seconds(completedAt - started),
    completedPerSecond: mails.length / seconds(completedAt - started),
    endToEndMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: latencies.at(-1) },
    peakWorkerdRssMiB: peakRssMiB,
    outcomes: { got, want },
    purchaseInvoices: { got: invoices, want: wantInvoices },
    stillProcessing,
    invocationsDuringBurst: Object.fromEntries(Object.keys(after.invocations).map((k) => [k, after.invocations[k] - before.invocations[k]])),
    per1000TypicalMails: { operations: ops, costUsd: { ...cost, total }, prices: PRICES_USD },
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `\n${mails.length} mails (${(bytes / MIB).toFixed(0)} MiB): accepted in ${result.acceptSeconds.toFixed(1)} s (${result.acceptedPerSecond.toFixed(1)}/s), all terminal after ${result.completeSeconds.toFixed(1)} s (${result.completedPerSecond.toFixed(1)}/s)` +
      `\nend to end p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms; peak workerd RSS ${peakRssMiB.toFixed(0)} MiB` +
      `\nper 1,000 typical invoice mails: $${total.toFixed(4)} (prices of ${PRICES_USD.date})`,
  );
  const problems = [
    stillProcessing > 0 && `${stillProcessing} mails still processing`,
    JSON.stringify(Object.entries(got).sort()) !== JSON.stringify(Object.entries(want).sort()) && `outcomes ${JSON.stringify(got)} differ from the mix's ${JSON.stringify(want)}`,
    invoices !== wantInvoices && `${invoices} purchase invoices where the mix implies ${wantInvoices}`,
  ].filter(Boolean);
  mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, date: new Date().toISOString() };
  writeFileSync(path.join(import.meta.dirname, "results", "load.json"), JSON.stringify({ machine, ...result, problems }, null, 2));
  if (problems.length > 0) {
    failed = true;
    console.error(`\nFAILED: ${problems.join("; ")}`);
  } else console.log("\nNo mail lost, none duplicated. Written to bench/results/load.json.");
} finally {
  clearInterval(sampler);
  await server.close();
}
process.exit(failed ? 1 : 0);
