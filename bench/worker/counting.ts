import worker from "../../src/index.ts";

/**
 * The connector's Worker behind counters of what Cloudflare bills, for
 * `npm run load` (bench/load.ts): every handler runs unchanged with bindings
 * that count their calls on the way to the real local ones. GET /__counts
 * answers the totals; nothing else is added.
 *
 * - invocations per handler, and their wall time (an upper bound of CPU
 *   time: local workerd has no CPU clock per invocation, and the wall time
 *   includes waiting for D1, R2 and the queues);
 * - D1: requests, rows read and written as D1 reports them in each
 *   result's meta; a statement read through raw() (drizzle's selects and
 *   RETURNING) has no meta, and counts its rows returned as read;
 * - R2: class A (put, delete, list) and class B (get, head) operations,
 *   bytes stored;
 * - queues: messages sent, and messages delivered to each consumer.
 */
const counts = {
  invocations: { fetch: 0, email: 0, queue: 0, scheduled: 0 },
  wallMs: 0,
  d1: { requests: 0, rowsRead: 0, rowsWritten: 0 },
  r2: { classA: 0, classB: 0, bytesPut: 0 },
  queues: { sent: 0, delivered: 0, bytesSent: 0 },
};

type Meta = { rows_read?: number; rows_written?: number };

function addMeta(meta: Meta | undefined, returned = 0): void {
  counts.d1.rowsRead += meta?.rows_read ?? returned;
  counts.d1.rowsWritten += meta?.rows_written ?? 0;
}

class CountedStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    private readonly sql: string,
  ) {}
  bind(...values: unknown[]) {
    return new CountedStatement(this.inner.bind(...values), this.sql);
  }
  async first(column?: string) {
    counts.d1.requests++;
    const result = await this.inner.all();
    addMeta(result.meta as Meta);
    const row = result.results[0] as Record<string, unknown> | undefined;
    return row === undefined ? null : column === undefined ? row : row[column];
  }
  async run() {
    counts.d1.requests++;
    const result = await this.inner.run();
    addMeta(result.meta as Meta);
    return result;
  }
  async all() {
    counts.d1.requests++;
    const result = await this.inner.all();
    addMeta(result.meta as Meta);
    return result;
  }
  async raw(options?: { columnNames?: boolean }) {
    counts.d1.requests++;
    const rows = await this.inner.raw(options as { columnNames?: false });
    const returned = rows.length - (options?.columnNames ? 1 : 0);
    // No meta on raw(): a statement that writes (RETURNING) counts a row written per row returned.
    if (/^\s*(insert|update|delete)/i.test(this.sql)) counts.d1.rowsWritten += returned;
    else counts.d1.rowsRead += returned;
    return rows;
  }
}

function countedD1(real: D1Database): D1Database {
  return {
    prepare: (sql: string) => new CountedStatement(real.prepare(sql), sql),
    batch: async (statements: CountedStatement[]) => {
      counts.d1.requests++;
      const results = await real.batch(statements.map((s) => s.inner));
      for (const result of results) addMeta(result.meta as Meta);
      return results;
    },
  } as unknown as D1Database;
}

function countedR2(real: R2Bucket): R2Bucket {
  return Object.assign(Object.create(real), {
    get: (key: string, options?: R2GetOptions) => (counts.r2.classB++, real.get(key, options)),
    head: (key: string) => (counts.r2.classB++, real.head(key)),
    put: async (key: string, value: Parameters<R2Bucket["put"]>[1], options?: R2PutOptions) => {
      counts.r2.classA++;
      // The object's size as stored: a streamed put (the raw mail) has no length before it.
      const stored = await real.put(key, value, options);
      counts.r2.bytesPut += stored?.size ?? 0;
      return stored;
    },
    delete: (keys: string | string[]) => (counts.r2.classA++, real.delete(keys)),
    list: (options?: R2ListOptions) => (counts.r2.classA++, real.list(options)),
  }) as R2Bucket;
}

function countedQueue(real: Queue): Queue {
  return {
    send: (body: unknown, options?: QueueSendOptions) => {
      counts.queues.sent++;
      counts.queues.bytesSent += JSON.stringify(body).length;
      return real.send(body, options);
    },
    sendBatch: (messages: Iterable<MessageSendRequest>, options?: QueueSendBatchOptions) => {
      const all = [...messages];
      counts.queues.sent += all.length;
      counts.queues.bytesSent += all.reduce((n, m) => n + JSON.stringify(m.body).length, 0);
      return real.sendBatch(all, options);
    },
  } as Queue;
}

const wrapped = new WeakMap<Env, Env>();
function counted(env: Env): Env {
  let found = wrapped.get(env);
  if (!found) {
    found = {
      ...env,
      DB: countedD1(env.DB),
      FILES: countedR2(env.FILES),
      INGEST_QUEUE: countedQueue(env.INGEST_QUEUE),
      SCAN_QUEUE: countedQueue(env.SCAN_QUEUE),
      OUTBOUND_QUEUE: countedQueue(env.OUTBOUND_QUEUE),
    };
    wrapped.set(env, found);
  }
  return found;
}

async function timed<T>(handler: keyof typeof counts.invocations, run: () => T | Promise<T>): Promise<T> {
  counts.invocations[handler]++;
  const started = performance.now();
  try {
    return await run();
  } finally {
    counts.wallMs += performance.now() - started;
  }
}


export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/__counts") return Response.json(counts);
    return timed("fetch", () => worker.fetch(request, counted(env), ctx));
  },
  email: (message, env) => timed("email", () => worker.email(message, counted(env))),
  queue: (batch, env) => {
    counts.queues.delivered += batch.messages.length;
    return timed("queue", () => worker.queue(batch, counted(env)));
  },
  scheduled: (controller, env) => timed("scheduled", () => worker.scheduled(controller, counted(env))),
} satisfies ExportedHandler<Env>;
