import PostalMime from "postal-mime";
import { createContext } from "../../src/context.ts";
import { accounts, inboundMessages } from "../../src/db/schema/index.ts";
import { newId, now } from "../../src/ids.ts";
import { ingestMessage } from "../../src/inbound/ingest.ts";
import { ParsedMail } from "../../src/mail/parsed-mail.ts";
import { splitMail } from "../../src/inbound/split.ts";
import { MAX_MIME_HEADERS_BYTES, MAX_MIME_NESTING_DEPTH } from "../../src/limits.ts";

/**
 * Endpoints that time one step each, inside workerd: /prepare stores a mail
 * as email() would (untimed), then /bare-parse or /ingest works on it and
 * answers `{ ms }` measured around the step alone.
 */
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === "/migrate") {
      const statements = (await request.text()).split("--> statement-breakpoint").map((s) => s.trim()).filter(Boolean);
      await env.DB.batch(statements.map((s) => env.DB.prepare(s)));
      return Response.json({ ok: true });
    }
    if (pathname === "/ballast") {
      // Live memory that takes up the pages earlier requests freed, so that the step measured next
      // grows the process by what it needs rather than reusing garbage (see run.ts).
      const mebibytes = Number(new URL(request.url).searchParams.get("mib"));
      for (let i = 0; i < mebibytes; i++) ballast.push(new Uint8Array(1024 * 1024).fill(1));
      return Response.json({ ok: true });
    }
    if (pathname === "/prepare") {
      // Untimed: an account, the inbound row and the raw mail in R2, as email() leaves them.
      const raw = new Uint8Array(await request.arrayBuffer());
      const ctx = createContext(env);
      const accountId = newId("account");
      const messageId = newId("inboundMessage");
      const rawKey = `raw/${accountId}/${messageId}.eml`;
      await ctx.db.insert(accounts).values({ id: accountId, name: "Bench", country: "BE", language: "en", createdAt: now(), updatedAt: now() });
      await ctx.db.insert(inboundMessages).values({
        id: messageId,
        accountId,
        receivedAt: now(),
        envelopeFrom: "billing@supplier.example",
        envelopeTo: "bench@invoices.example.com",
        address: "bench@invoices.example.com",
        size: raw.length,
        rawKey,
        outcome: "processing",
      });
      await env.FILES.put(rawKey, raw);
      held.set(rawKey, raw.slice().buffer);
      return Response.json({ messageId, rawKey });
    }
    const { messageId, rawKey } = (await request.json()) as { messageId: string; rawKey: string };
    if (pathname === "/bare-parse") {
      // The baseline: the raw mail read from R2 as ingest reads it, then a bare parse (timed).
      const raw = new Uint8Array(await (await env.FILES.get(rawKey))!.arrayBuffer());
      const started = performance.now();
      const email = await PostalMime.parse(raw, { maxNestingDepth: MAX_MIME_NESTING_DEPTH, maxHeadersSize: MAX_MIME_HEADERS_BYTES });
      return Response.json({ ms: performance.now() - started, attachments: email.attachments.length });
    }
    if (pathname === "/compute") {
      // Ingest's computation alone, without its D1, R2 and queue calls: parse, pick and open the
      // files, hash each. What it takes in wall time inside workerd is CPU time: nothing in it waits.
      // Small mails are done several times over, since the clock ticks in whole milliseconds.
      const raw = new Uint8Array(held.get(rawKey)!.slice(0));
      const repeat = Math.max(1, Math.floor(COMPUTE_BYTES_PER_SAMPLE / raw.length));
      const started = performance.now();
      let files = 0;
      for (let i = 0; i < repeat; i++) {
        const mail = await ParsedMail.parse(raw);
        // splitMail hashes each file it takes (to find a part the mail holds twice).
        await splitMail(mail, {
          take: async () => {
            files++;
          },
          skip: () => {},
        });
      }
      return Response.json({ ms: (performance.now() - started) / repeat, files: files / repeat });
    }
    if (pathname === "/ingest" || pathname === "/ingest-own") {
      // The whole ingest step (read, parse, pick files, hash, store in R2, record, queue scans), timed.
      // "own": R2 answered from this isolate's memory, so that what is timed and
      // measured is the Worker's own work, not the local R2 emulation's (in
      // production, R2 is network I/O outside the isolate).
      const ctx = createContext(pathname === "/ingest-own" ? { ...env, FILES: inMemoryBucket(rawKey) } : env);
      const started = performance.now();
      await ingestMessage(ctx, messageId);
      const ms = performance.now() - started;
      const files = await ctx.db.query.inboundFiles.findMany({ where: (f, { eq }) => eq(f.inboundMessageId, messageId) });
      return Response.json({ ms, files: files.length, bytes: files.reduce((n, f) => n + f.size, 0) });
    }
    return new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;

/**
 * Raw mails kept in this isolate by /prepare, so that the "own work" step
 * reads them without the R2 emulation, and without counting their loading
 * in its peak memory.
 */
const held = new Map<string, ArrayBuffer>();
const ballast: Uint8Array[] = [];

/** How much mail /compute goes through per sample: enough whole milliseconds to time a small mail. */
const COMPUTE_BYTES_PER_SAMPLE = 20_000_000;

/** An R2 bucket serving one held raw mail, whose writes are dropped. */
function inMemoryBucket(rawKey: string): R2Bucket {
  const raw = held.get(rawKey)!;
  return {
    // Like R2, every read gives a fresh copy of the bytes.
    get: async (key: string) => (key === rawKey ? { arrayBuffer: async () => raw.slice(0) } : null),
    put: async () => ({}),
    head: async () => null,
  } as unknown as R2Bucket;
}
