/**
 * A fault plan at the bindings: wraps the real local bindings the Worker
 * writes through (R2, D1, the queue producers, SEND_EMAIL) so that a chosen
 * call fails once, N times, or until healed, and then works again. Nothing
 * inside the Worker's code is touched: the Worker's own handlers run with an
 * env whose bindings are wrapped, exactly as they run with the real ones.
 *
 * A fault strikes `before` the call (it never happens: a refused write, a
 * network error on the way there) or `after` it (it happened, but the answer
 * was lost: the write is in D1 or R2, the message on the queue, the mail
 * sent, and still the caller sees an error). The second is the one that
 * tests idempotency.
 */

import type { Call, Fault } from "./fault-types.ts";

export type { Call, Fault };

interface Armed extends Required<Omit<Fault, "match" | "probability">> {
  match?: RegExp;
  probability?: number;
  fired: number;
}

/** Numbers in [0, 1) from a small LCG: the same on every run for the same seed, so a failing run can be run again. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** The error a fault raises, as a binding's network error would look to the Worker. */
export class InjectedFault extends Error {
  override name = "InjectedFault";
}

export class FaultPlan {
  private faults: Armed[] = [];
  /** Every wrapped call made, in order, with what it was about. */
  readonly calls: { call: Call; detail: string }[] = [];
  /** The same faults on every run. */
  private random = seededRandom(17);

  fail(fault: Fault): this {
    this.faults.push({ times: 1, skip: 0, when: "before", ...fault, fired: 0 });
    return this;
  }

  /** Every fault stops: the bindings work again. */
  heal(): void {
    this.faults = [];
  }

  /** How many times the faults planned have struck. */
  get fired(): number {
    return this.faults.reduce((n, f) => n + f.fired, 0);
  }

  /** Runs `real` unless a fault strikes before it; throws after it when one strikes after. */
  async around<T>(call: Call, detail: string, real: () => Promise<T>): Promise<T> {
    this.calls.push({ call, detail });
    const fault = this.faults.find(
      (f) => f.call === call && f.fired < f.times && (!f.match || f.match.test(detail)) && f.skip-- <= 0 && (f.probability === undefined || this.random() < f.probability),
    );
    if (fault) fault.fired++;
    if (fault?.when === "before") throw new InjectedFault(`injected fault before ${call} (${detail.slice(0, 80)})`);
    const result = await real();
    if (fault) throw new InjectedFault(`injected fault after ${call} (${detail.slice(0, 80)}): the call was made, its answer lost`);
    return result;
  }

  bucket(real: R2Bucket): R2Bucket {
    const keysOf = (keys: string | string[]) => (Array.isArray(keys) ? keys.join(" ") : keys);
    return Object.assign(Object.create(real), {
      get: (key: string, options?: R2GetOptions) => this.around("FILES.get", key, () => real.get(key, options)),
      put: (key: string, value: Parameters<R2Bucket["put"]>[1], options?: R2PutOptions) => this.around("FILES.put", key, () => real.put(key, value, options)),
      head: (key: string) => this.around("FILES.head", key, () => real.head(key)),
      delete: (keys: string | string[]) => this.around("FILES.delete", keysOf(keys), () => real.delete(keys)),
    }) as R2Bucket;
  }

  database(real: D1Database): D1Database {
    return new FaultyDatabase(real, this) as unknown as D1Database;
  }

  /** A queue producer: `send` and `sendBatch` pass through the plan to `real`. */
  queue(name: "INGEST_QUEUE" | "SCAN_QUEUE" | "OUTBOUND_QUEUE", real: Queue): Queue {
    return {
      send: (body: unknown, options?: QueueSendOptions) => this.around(`${name}.send` as Call, JSON.stringify(body), () => real.send(body, options)),
      sendBatch: (messages: Iterable<MessageSendRequest>, options?: QueueSendBatchOptions) => {
        const all = [...messages];
        return this.around(`${name}.sendBatch` as Call, JSON.stringify(all.map((m) => m.body)), () => real.sendBatch(all, options));
      },
    } as Queue;
  }

  sendEmail(real: SendEmail): SendEmail {
    return { send: (message: EmailMessage) => this.around("SEND_EMAIL.send", message.to, () => real.send(message)) } as SendEmail;
  }
}

class FaultyStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    readonly sql: string,
    private readonly plan: FaultPlan,
  ) {}

  bind(...values: unknown[]): FaultyStatement {
    return new FaultyStatement(this.inner.bind(...values), this.sql, this.plan);
  }
  first(column?: string) {
    return this.plan.around("DB.first", this.sql, () => (column === undefined ? this.inner.first() : this.inner.first(column)));
  }
  run() {
    return this.plan.around("DB.run", this.sql, () => this.inner.run());
  }
  all() {
    return this.plan.around("DB.all", this.sql, () => this.inner.all());
  }
  raw(options?: { columnNames?: boolean }) {
    return this.plan.around("DB.raw", this.sql, () => this.inner.raw(options as { columnNames?: false }));
  }
}

class FaultyDatabase {
  constructor(
    private readonly real: D1Database,
    private readonly plan: FaultPlan,
  ) {}

  prepare(sql: string): FaultyStatement {
    return new FaultyStatement(this.real.prepare(sql), sql, this.plan);
  }

  batch<T>(statements: FaultyStatement[]): Promise<D1Result<T>[]> {
    return this.plan.around("DB.batch", statements.map((s) => s.sql).join(";\n"), () => this.real.batch<T>(statements.map((s) => s.inner)));
  }
}
