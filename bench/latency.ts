// `npm run bench:latency`: end to end, from email() accepting a mail to its
// purchase invoice being listed by the API, through the local queues with the
// consumer settings that ship in wrangler.toml. 100 typical invoice mails
// arrive at a steady pace; p50/p95 go to bench/results/latency.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeLargePdf, makePng } from "../test/helpers/documents.ts";
import { attachment, html, mail, multipart, text } from "../test/helpers/mime.ts";
import { startConnector } from "./harness.ts";

const root = path.resolve(import.meta.dirname, "..");
const MAILS = 100;
/** Senders the mails come from, each well under the per-sender mail rate limit. */
const SUPPLIERS = 10;
/** One mail every 200 ms: a busy account's morning, five mails a second. */
const INTERVAL_MS = 200;
const POLL_MS = 25;
const ADMIN_TOKEN = "latency-bench-admin-token-0123456789abcdef";

const { server, worker, api } = await startConnector(path.join(root, "wrangler.toml"), ADMIN_TOKEN);
try {
  const { apiKey } = await api("POST", "/v1/admin/accounts", ADMIN_TOKEN, { name: "Latency BV", country: "BE", vatNumber: "BE0123456749" });
  const connector = await api("POST", "/v1/connectors/email", apiKey);
  const to = connector.importAddresses[0].address;

  const logo = await makePng(160, 48);
  const pdf = makeLargePdf(300_000);
  const sent = new Map<string, number>();
  const done = new Map<string, number>();

  // One poller for all mails: the purchase invoices listed by the API, newest first.
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const listed = await api("GET", "/v1/purchase-invoices?limit=200", apiKey);
      const at = performance.now();
      if (!listed.items) throw new Error(`listing failed: ${JSON.stringify(listed)}`);
      for (const invoice of listed.items) {
        const subject = invoice.source.subject as string;
        if (sent.has(subject) && !done.has(subject)) done.set(subject, at);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();

  for (let i = 0; i < MAILS; i++) {
    const subject = `Invoice ${i}`;
    // A different PDF per mail (two bytes of its padding comment), so that none is a duplicate of another.
    const file = pdf.slice();
    file[2000] = 48 + (i % 10);
    file[2001] = 48 + Math.floor(i / 10);
    const raw = mail(
      multipart(
        "mixed",
        multipart("related", multipart("alternative", text("Invoice attached."), html('<p>Invoice attached.</p><img src="cid:logo">')), attachment("logo.png", "image/png", logo, { disposition: "inline", contentId: "logo" })),
        attachment(`invoice-${i}.pdf`, "application/pdf", file),
      ),
      { to, subject },
    );
    const started = performance.now();
    // Mail from many suppliers, as an account gets it: one sender's 100 mails in a minute would meet its rate limit.
    const result = await worker.email({ from: `billing@supplier-${i % SUPPLIERS}.example`, to, raw: new TextDecoder("latin1").decode(raw) });
    if ((result as { outcome?: string }).outcome !== "ok") throw new Error(`email() did not accept mail ${i}: ${JSON.stringify(result)}`);
    sent.set(subject, started);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, INTERVAL_MS - (performance.now() - started))));
  }
  const deadline = performance.now() + 60_000;
  while (done.size < MAILS && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  polling = false;
  await poller;
  if (done.size < MAILS) {
    const messages = await api("GET", "/v1/inbound-messages?limit=5", apiKey);
    throw new Error(`only ${done.size} of ${MAILS} mails were imported within a minute of the last; the latest: ${JSON.stringify(messages.items.map((m: any) => [m.outcome, m.files]))}`);
  }

  const latencies = [...sent].map(([subject, start]) => done.get(subject)! - start).sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;
  const consumers = Object.fromEntries(
    readFileSync(path.join(root, "wrangler.toml"), "utf8")
      .split("[[queues.consumers]]")
      .slice(1)
      .map((block) => [/queue = "([^"]+)"/.exec(block)![1], Number(/max_batch_timeout = ([\d.]+)/.exec(block)?.[1] ?? 5)]),
  );
  const result = { mails: MAILS, intervalMs: INTERVAL_MS, pollMs: POLL_MS, p50Ms: pct(50), p95Ms: pct(95), maxMs: latencies.at(-1), maxBatchTimeoutSeconds: consumers };
  console.log(`\nEnd to end over ${MAILS} mails, one every ${INTERVAL_MS} ms (polled every ${POLL_MS} ms): p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`);
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, date: new Date().toISOString() };
  mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
  writeFileSync(path.join(import.meta.dirname, "results", "latency.json"), JSON.stringify({ machine, ...result }, null, 2));
  console.log("Written to bench/results/latency.json.");
} catch (error) {
  for (const log of server.getLogs().filter((l) => /error/i.test(JSON.stringify(l)))) console.error(JSON.stringify(log).slice(0, 2000));
  throw error;
} finally {
  await server.close();
}
