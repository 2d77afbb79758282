import PostalMime from "postal-mime";
import { createContext } from "../../src/context.ts";
import { accounts, inboundMessages } from "../../src/db/schema/index.ts";
import { newId, now } from "../../src/ids.ts";
import { ingestMessage } from "../../src/inbound/ingest.ts";
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
    if (pathname === "/ingest" || pathname === "/ingest-own") {
      // The whole ingest step (read, parse, pick files, hash, store in R2, record, queue scans), timed.
      // "own": R2 answered from this isolate's memory, so that what is timed and
      // measured is the Worker's own work, not the local R2 emulation's (in
      // production, R2 is network I/O outside the isolate).
      const ctx = createContext(pathname === "/ingest-own" ? { ...env, FILES: await inMemoryBucket(env.FILES, rawKey) } : env);
      const started = performance.now();
      await ingestMessage(ctx, messageId);
      const ms = performance.now() - started;
      const files = await ctx.db.query.inboundFiles.findMany({ where: (f, { eq }) => eq(f.inboundMessageId, messageId) });
      return Response.json({ ms, files: files.length, bytes: files.reduce((n, f) => n + f.size, 0) });
    }
    return new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;

/** An R2 bucket holding one raw mail in memory, whose writes are counted and dropped. */
async function inMemoryBucket(real: R2Bucket, rawKey: string): Promise<R2Bucket> {
  const raw = await (await real.get(rawKey))!.arrayBuffer();
  return {
    // Like R2, every read gives a fresh copy of the bytes.
    get: async (key: string) => (key === rawKey ? { arrayBuffer: async () => raw.slice(0) } : null),
    put: async () => ({}),
    head: async () => null,
  } as unknown as R2Bucket;
}
