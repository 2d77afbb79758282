// `npm run bench:web`: the web app's pages with 1,000 rows of each kind in the account (mails,
// purchase invoices, business partners, sales invoices and their deliveries), inside workerd (wrangler's
// test harness running wrangler.toml), beside a bare JSON list of the same rows from the API; the
// bytes of CSS and JS each page loads; and the CPU cost of a password hash. Figures go to
// bench/results/web.json. Compare the ratios: these machines are shared and noisy.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { createTestHarness } from "wrangler";

const root = path.resolve(import.meta.dirname, "..");
const ROWS = 1000;
const RUNS = 60;
const WARMUP = 5;
const ADMIN_TOKEN = "web-bench-admin-token-0123456789abcdefghij";
const PASSWORD = "plum-harbour-violet-42";
const PBKDF2_ITERATIONS = 100_000;

// Both secrets wrangler.toml requires: without BOUNCE_SECRET the Worker refuses to start its pages.
const server = createTestHarness({ workers: [{ configPath: path.join(root, "wrangler.toml"), secrets: { ADMIN_TOKEN, BOUNCE_SECRET: "web-bench-bounce-secret-0123456789abcdefgh" } }] });
await server.listen();
const worker = server.getWorker<{ DB: { batch(s: unknown[]): Promise<unknown>; prepare(sql: string): { first(): Promise<any> } } }>();
const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;

try {
  const env = await worker.getEnv();
  for (const file of readdirSync(path.join(root, "migrations")).filter((f) => f.endsWith(".sql")).sort()) {
    const statements = readFileSync(path.join(root, "migrations", file), "utf8").split("--> statement-breakpoint").map((s) => s.trim()).filter(Boolean);
    await env.DB.batch(statements.map((s) => env.DB.prepare(s)));
  }

  // An owner signs up through the form, as a person would; the session cookie is kept.
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      cookies.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
    }
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const response = await server.fetch(`http://localhost${url}`, { headers: { Cookie: cookieHeader(), ...headers } });
    keep(response);
    return response;
  };
  const form = async (url: string, fields: Record<string, string>) => {
    const token = /name="_csrf" value="([^"]+)"/.exec(await (await get(url)).text())![1]!.replaceAll("&amp;", "&");
    const response = await server.fetch(`http://localhost${url}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookieHeader(), Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...fields, _csrf: token }),
    });
    keep(response);
    return response;
  };
  const signedUp = await form("/sign-up", { companyName: "Bench BV", country: "BE", vatNumber: "BE0123456749", companyNumber: "", name: "Bench", email: "bench@bench.example", password: PASSWORD });
  if (signedUp.status !== 303) throw new Error(`sign-up failed: ${signedUp.status}`);
  const { account_id: accountId } = await (env.DB.prepare("SELECT account_id FROM users WHERE email = 'bench@bench.example'") as any).first();
  const apiKey = await (await server.fetch("http://localhost/v1/admin/accounts/" + accountId + "/api-keys", { method: "POST", headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).json().then((b: any) => b.apiKey as string);

  // Statements with their values written in (the harness's proxy of D1 does not carry bound parameters).
  const literal = (v: unknown) => (v === null ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
  const sql = (text: string, ...values: unknown[]) => {
    let k = 0;
    return env.DB.prepare(text.replace(/\?/g, () => literal(values[k++])));
  };
  // 1,000 mails, each with an e-invoice PDF that became a purchase invoice, and every tenth with a flagged file.
  const statements: unknown[] = [];
  for (let i = 0; i < ROWS; i++) {
    const ulid = String(i).padStart(6, "0").padStart(26, "0");
    const at = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
    const msg = `msg_${ulid}`;
    const invoice = JSON.stringify({ documentType: "invoice", number: `INV-${i}`, issueDate: "2026-11-01", dueDate: null, currency: "EUR", totalAmount: `${100 + i}.00`, taxExclusiveAmount: `${i}.00`, seller: { name: `Supplier ${i} NV`, vatNumber: null }, buyer: { name: "Bench BV", vatNumber: null } });
    statements.push(
      sql("INSERT INTO inbound_messages (id, account_id, received_at, envelope_from, envelope_to, address, header_from, subject, message_id, size, raw_key, outcome, file_count, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1000, 'raw', ?, ?, ?)", 
        msg, accountId, at, "billing@supplier.example", "be0123456749@invoices.example.com", "be0123456749@invoices.example.com", `Supplier ${i} <billing@supplier.example>`, `Invoice INV-${i}`, `${msg}@supplier.example`, i % 10 === 0 ? "partially_imported" : "imported", i % 10 === 0 ? 2 : 1, at,
      ),
      sql("INSERT INTO inbound_files (id, account_id, inbound_message_id, position, name, original_name, declared_type, source, path, size, sha256, r2_key, verdict, detected_type, format, einvoice, decided_at, purchase_invoice_id) VALUES (?, ?, ?, 0, ?, ?, 'application/pdf', 'attachment', ?, 50000, ?, 'key', 'document', 'application/pdf', 'facturx', NULL, ?, ?)", 
        `fil_${ulid}`, accountId, msg, `INV-${i}.pdf`, `INV-${i}.pdf`, `INV-${i}.pdf`, `sha-${i}`, at, `pin_${ulid}`,
      ),
      sql("INSERT INTO purchase_invoices (id, account_id, inbound_message_id, file_id, sha256, status, format, received_at, invoice, warnings, search_text) VALUES (?, ?, ?, ?, ?, 'received', 'facturx', ?, ?, ?, ?)", 
        `pin_${ulid}`, accountId, msg, `fil_${ulid}`, `sha-${i}`, at, invoice, i % 7 === 0 ? '["BUYER_VAT_MISMATCH"]' : "[]", `inv-${i}.pdf supplier ${i}`,
      ),
    );
    if (i % 10 === 0) {
      const fileId = `fil_${String(i).padStart(6, "0").padStart(25, "0")}x`;
      statements.push(
        sql("INSERT INTO inbound_files (id, account_id, inbound_message_id, position, name, original_name, declared_type, source, path, size, sha256, r2_key, verdict, detected_type, reason_code, reason_params, reason, scanner, decided_at) VALUES (?, ?, ?, 1, 'tool.exe', 'tool.exe', 'application/octet-stream', 'attachment', 'tool.exe', 4, ?, 'key', 'malicious', 'application/x-msdownload', 'EXECUTABLE', ?, 'It is a program.', 'built-in rules', ?)", 
          fileId, accountId, msg, `exe-${i}`, JSON.stringify({ type: "EXE", mime: "application/x-msdownload" }), at,
        ),
        sql("INSERT INTO inbox_items (id, account_id, created_at, kind, reason_code, reason_params, reason, inbound_message_id, file_id) VALUES (?, ?, ?, 'malicious', 'EXECUTABLE', ?, 'It is a program.', ?, ?)", 
          `inb_${fileId.slice(4)}`, accountId, at, JSON.stringify({ type: "EXE", mime: "application/x-msdownload" }), msg, fileId,
        ),
      );
    }
  }
  // 1,000 business partners (every other with email delivery on) and 1,000 sales invoices, each sent
  // by email once: every twentieth delivery bounced, every thirtieth failed.
  for (let i = 0; i < ROWS; i++) {
    const ulid = String(i).padStart(6, "0").padStart(26, "0");
    const at = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
    const partner = `ptn_${ulid}`;
    const email = `ap@customer-${i}.example`;
    const vat = `BE0${String(100_000_000 + i * 97).slice(1, 9)}`;
    const status = i % 20 === 0 ? "bounced" : i % 30 === 0 ? "failed" : "sent";
    statements.push(
      sql("INSERT INTO partners (id, account_id, name, roles, vat_number, email, language, address, search_text, created_at, updated_at) VALUES (?, ?, ?, '[\"customer\"]', ?, ?, ?, NULL, ?, ?, ?)",
        partner, accountId, `Customer ${i} SA`, vat, email, ["en", "fr", "nl", "de"][i % 4], `customer ${i} sa\n${email}`, at, at,
      ),
      sql("INSERT INTO delivery_channels (partner_id, account_id, channel, enabled, recipients, participant_id, updated_at) VALUES (?, ?, 'email', ?, NULL, NULL, ?)", partner, accountId, i % 2, at),
      sql("INSERT INTO sales_invoices (id, account_id, customer_id, number, issue_date, currency, total_amount, file, created_at) VALUES (?, ?, ?, ?, '2026-11-01', 'EUR', ?, ?, ?)",
        `sin_${ulid}`, accountId, partner, `2026-${String(i).padStart(4, "0")}`, `${1000 + i}.00`, JSON.stringify({ key: "key", name: `2026-${i}.pdf`, contentType: "application/pdf", size: 50_000, sha256: `s${i}` }), at,
      ),
      sql("INSERT INTO deliveries (id, account_id, sales_invoice_id, partner_id, channel, recipients, status, reason, reason_params, attempts, last_error, sent_to, sent_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'email', ?, ?, ?, ?, 1, ?, '[]', ?, ?, ?)",
        `dlv_${ulid}`, accountId, `sin_${ulid}`, partner, JSON.stringify([email]), status,
        status === "sent" ? null : status === "bounced" ? "BOUNCED" : "DELIVERY_FAILED",
        null,
        status === "sent" ? null : `${email}: 550 5.1.1 User unknown`, at, at, at,
      ),
      sql("INSERT INTO delivery_events (id, delivery_id, account_id, at, type, status, message) VALUES (?, ?, ?, ?, 'queued', 'queued', 'Queued.')", `dev_${ulid}`, `dlv_${ulid}`, accountId, at),
    );
  }
  // The harness's proxy of D1 now and then closes the connection on a batch: a batch is all or
  // nothing (one transaction), so it is sent again.
  for (let i = 0; i < statements.length; i += 50) {
    for (let attempt = 1; ; attempt++) {
      try {
        await env.DB.batch(statements.slice(i, i + 50));
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  }

  const time = async (label: string, url: string, headers: Record<string, string> = {}) => {
    const samples: number[] = [];
    const server: number[] = [];
    const render: number[] = [];
    let bytes = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const started = performance.now();
      const response = await get(url, headers);
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
      const timing = response.headers.get("Server-Timing") ?? "";
      const metric = (name: string) => Number(new RegExp(`${name};(?:desc="[^"]*";)?dur=([\\d.]+)`).exec(timing)?.[1] ?? NaN);
      if (i >= WARMUP) {
        samples.push(performance.now() - started);
        server.push(metric("total"));
        render.push(metric("render"));
      }
      bytes = body.byteLength;
    }
    return { label, url, p50: pct(samples, 50), p95: pct(samples, 95), serverP50: pct(server, 50), serverP95: pct(server, 95), renderP50: pct(render, 50), renderP95: pct(render, 95), htmlBytes: bytes };
  };
  const api = { Authorization: `Bearer ${apiKey}` };
  const pages = [
    { page: await time("purchase invoices page (50 of 1,000)", "/purchase-invoices"), json: await time("bare JSON list", "/v1/purchase-invoices?limit=50", api) },
    { page: await time("purchase invoices page, searched", "/purchase-invoices?q=supplier%2099"), json: await time("bare JSON list, searched", "/v1/purchase-invoices?limit=50&q=supplier%2099", api) },
    { page: await time("inbox, all mail (50 of 1,000)", "/inbox?show=all"), json: await time("bare JSON list", "/v1/inbound-messages?limit=50", api) },
    { page: await time("inbox, needs attention (50 of 100)", "/inbox"), json: await time("bare JSON list", "/v1/inbox?limit=50&resolved=false", api) },
    { page: await time("business partners (50 of 1,000)", "/partners"), json: await time("bare JSON list", "/v1/partners?limit=50", api) },
    { page: await time("business partners, searched", "/partners?q=customer%2099"), json: await time("bare JSON list, searched", "/v1/partners?limit=50&q=customer%2099", api) },
    { page: await time("sales invoices (50 of 1,000)", "/sales-invoices"), json: await time("bare JSON list", "/v1/sales-invoices?limit=50", api) },
    { page: await time("deliveries to fix (50 of 83)", "/deliveries"), json: await time("bare JSON list", "/v1/deliveries?limit=50&status=bounced", api) },
  ];

  // What every page loads besides its HTML: one stylesheet and one script.
  const assets = ["app.css", "app.js"].map((name) => {
    const bytes = readFileSync(path.join(root, "public", name));
    return { name, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length };
  });

  // PBKDF2 at the production cap against one SHA-256 of the same input, in WebCrypto (workerd and Node share BoringSSL's primitives).
  const password = new TextEncoder().encode(PASSWORD);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
  const hashSamples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: PBKDF2_ITERATIONS }, key, 256);
    hashSamples.push(performance.now() - started);
  }
  const shaStarted = performance.now();
  for (let i = 0; i < 10_000; i++) await crypto.subtle.digest("SHA-256", password);
  const shaMs = (performance.now() - shaStarted) / 10_000;
  const signInSamples: number[] = [];
  for (let i = 0; i < 4; i++) {
    cookies.clear();
    const started = performance.now();
    const response = await form("/sign-in", { email: "bench@bench.example", password: PASSWORD });
    signInSamples.push(performance.now() - started);
    if (response.status !== 303) throw new Error(`sign-in failed: ${response.status}`);
  }
  const password_ = { iterations: PBKDF2_ITERATIONS, hashMsP50: pct(hashSamples, 50), sha256Ms: shaMs, ratio: pct(hashSamples, 50) / shaMs, signInRequestMsP50: pct(signInSamples, 50) };

  console.log(`\nWeb pages with ${ROWS} rows of each kind in the account, ${RUNS} requests each (wrangler's harness, local D1):`);
  console.log("| page | in the Worker p50 / p95 ms | of which rendering p50 / p95 ms | bare JSON list in the Worker p50 / p95 ms | page / JSON (p95) | seen by the client p95 ms | HTML KiB |");
  console.log("|---|---|---|---|---|---|---|");
  for (const { page, json } of pages) {
    console.log(
      `| ${page.label} | ${page.serverP50.toFixed(1)} / ${page.serverP95.toFixed(1)} | ${page.renderP50.toFixed(1)} / ${page.renderP95.toFixed(1)} | ${json.serverP50.toFixed(1)} / ${json.serverP95.toFixed(1)} | ${(page.serverP95 / json.serverP95).toFixed(2)}x | ${page.p95.toFixed(0)} | ${(page.htmlBytes / 1024).toFixed(0)} |`,
    );
  }
  console.log("\n| asset | bytes | gzip | brotli |\n|---|---|---|---|");
  for (const a of assets) console.log(`| ${a.name} | ${a.bytes} | ${a.gzip} | ${a.brotli} |`);
  console.log(`| every page: CSS + JS | ${assets.reduce((n, a) => n + a.bytes, 0)} | ${assets.reduce((n, a) => n + a.gzip, 0)} | ${assets.reduce((n, a) => n + a.brotli, 0)} |`);
  console.log(`\nPassword hash: PBKDF2-SHA256 x ${PBKDF2_ITERATIONS}: ${password_.hashMsP50.toFixed(1)} ms (p50), ${password_.ratio.toFixed(0)}x one SHA-256 of the same input (${(shaMs * 1000).toFixed(2)} µs); a whole sign-in request: ${password_.signInRequestMsP50.toFixed(0)} ms.`);
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, date: new Date().toISOString() };
  mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
  writeFileSync(path.join(import.meta.dirname, "results", "web.json"), JSON.stringify({ machine, rows: ROWS, runs: RUNS, pages, assets, password: password_ }, null, 2));
  console.log("Written to bench/results/web.json.");
} finally {
  await server.close();
}
