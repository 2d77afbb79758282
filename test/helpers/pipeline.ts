import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import PostalMime from "postal-mime";
import { vi } from "vitest";
import worker from "../../src/index.ts";
import { FaultPlan, seededRandom } from "./faults.ts";
import { deliver } from "./mail.ts";
import { runQueue } from "./queues.ts";

/**
 * The Worker's whole pipeline driven by hand, the way Cloudflare drives it,
 * so that faults and redeliveries can be placed exactly:
 *
 * - email() runs with an env whose bindings pass through a FaultPlan; a
 *   mail refused with a temporary error is sent again, as the sender's
 *   server does.
 * - The queue producers keep what is sent; drain() hands each message to
 *   the Worker's own queue() handler, retries it after the delay it asked
 *   for (a virtual clock moves on: leases and backoff run out as in
 *   production), and after the consumer's max_retries (wrangler.toml) hands
 *   it to the dead-letter queue's consumer.
 * - `twice` delivers every message two times; `reorder` takes them in a
 *   shuffled order instead of the order they were sent: Cloudflare Queues
 *   is at-least-once and does not promise order.
 * - SEND_EMAIL is the one test double (Cloudflare's side cannot run here):
 *   it records each mail handed to it, after the plan let it through.
 */

const PRODUCERS = { INGEST_QUEUE: "email-connector-ingest", SCAN_QUEUE: "email-connector-scan", OUTBOUND_QUEUE: "email-connector-outbound" } as const;

interface Pending {
  queue: string;
  body: unknown;
  attempts: number;
  /** Virtual time (ms) from which it may be delivered. */
  due: number;
}

export interface PipelineOptions {
  twice?: boolean;
  reorder?: boolean;
  /** The seed of the shuffle, so that a failing order can be run again. */
  seed?: number;
}

/** A mail SEND_EMAIL accepted. */
export interface SentMail {
  to: string;
  /** The Message-ID header the Worker wrote. */
  messageId: string;
  /** The id SEND_EMAIL answered with, which Email Sending events name. */
  providerId: string;
}

export class Pipeline {
  readonly plan = new FaultPlan();
  readonly sent: SentMail[] = [];
  /** Messages handed to a dead-letter queue, by queue. */
  readonly deadLettered: string[] = [];
  /** Until this virtual time (ms), clamd is down: the Worker's CLAMD_PORT points where nothing listens. */
  clamdDownUntil = 0;
  /** Runs after each queue delivery: a test's invariant, checked at every step. */
  afterEachDelivery?: () => Promise<void>;
  private pending: Pending[] = [];
  private random: () => number;

  constructor(private readonly options: PipelineOptions = {}) {
    this.random = seededRandom(options.seed ?? 17);
  }

  /** The Worker's env for one invocation: the real bindings, wrapped by the plan, with the queues kept here. */
  env(): Env {
    const producer = (queue: string) => ({
      send: async (body: unknown) => this.push(queue, body),
      sendBatch: async (messages: Iterable<MessageSendRequest>) => {
        for (const m of messages) this.push(queue, m.body, m.delaySeconds);
      },
    }) as unknown as Queue;
    const mailbox = {
      send: async (message: EmailMessage) => {
        const raw = (message as unknown as Record<string, string>)["EmailMessage::raw"]!;
        const parsed = await PostalMime.parse(raw);
        const providerId = `<${crypto.randomUUID()}@mail.example.com>`;
        this.sent.push({ to: message.to, messageId: parsed.messageId ?? "", providerId });
        return { messageId: providerId };
      },
    } as unknown as SendEmail;
    return {
      ...env,
      FILES: this.plan.bucket(env.FILES),
      DB: this.plan.database(env.DB),
      INGEST_QUEUE: this.plan.queue("INGEST_QUEUE", producer(PRODUCERS.INGEST_QUEUE)),
      SCAN_QUEUE: this.plan.queue("SCAN_QUEUE", producer(PRODUCERS.SCAN_QUEUE)),
      OUTBOUND_QUEUE: this.plan.queue("OUTBOUND_QUEUE", producer(PRODUCERS.OUTBOUND_QUEUE)),
      SEND_EMAIL: this.plan.sendEmail(mailbox),
      ...(Date.now() < this.clamdDownUntil ? { CLAMD_PORT: String(env.TEST_UNUSED_PORT) } : {}),
    } as Env;
  }

  /** Puts a message on a queue (as the Worker's producers do, or as Cloudflare fills the events queue). */
  push(queue: string, body: unknown, delaySeconds = 0): void {
    const copy = () => ({ queue, body: structuredClone(body), attempts: 1, due: Date.now() + delaySeconds * 1000 });
    this.pending.push(copy());
    if (this.options.twice) this.pending.push(copy());
  }

  /**
   * Hands a mail to email() as Email Routing does; a temporary error (the
   * handler threw) is retried as the sender's server would, a few minutes
   * later, up to `tries` times. Returns the errors seen and the refusal, if any.
   */
  async email(raw: Uint8Array, to: string, tries = 5): Promise<{ rejected: string | null; errors: string[] }> {
    const errors: string[] = [];
    for (let i = 0; i < tries; i++) {
      try {
        const { rejected } = await deliver(raw, { to }, this.env());
        return { rejected, errors };
      } catch (error) {
        errors.push(String(error));
        this.advance(5 * 60_000);
      }
    }
    return { rejected: null, errors };
  }

  /** Runs the Worker's fetch() with the pipeline's env (the API: sending an invoice, rescanning a file). */
  async fetch(request: Request): Promise<Response> {
    const ctx = createExecutionContext();
    const response = await (worker as ExportedHandler<Env>).fetch!(request as Request<unknown, IncomingRequestCfProperties>, this.env(), ctx);
    await waitOnExecutionContext(ctx);
    return response;
  }

  /** Runs the Worker's scheduled() handler (the sweep) at the virtual time. */
  async scheduled(): Promise<void> {
    const ctx = createExecutionContext();
    await (worker as ExportedHandler<Env>).scheduled!(createScheduledController({ cron: "*/15 * * * *", scheduledTime: Date.now() }), this.env(), ctx);
    await waitOnExecutionContext(ctx);
  }

  /** Moves the virtual clock on: leases, backoff and the sweep's age run out. */
  advance(ms: number): void {
    vi.setSystemTime(Date.now() + ms);
  }

  /**
   * Delivers every message until none is left, each on its own batch, with
   * retries and dead-lettering as the queue's consumer settings say. Throws
   * when it does not settle (a loop), rather than waiting for ever.
   */
  async drain(limit = 2_000): Promise<void> {
    for (let step = 0; this.pending.length > 0; step++) {
      if (step >= limit) throw new Error(`the pipeline did not settle after ${limit} deliveries: ${JSON.stringify(this.pending.slice(0, 5))}`);
      const earliest = Math.min(...this.pending.map((p) => p.due));
      if (earliest > Date.now()) vi.setSystemTime(earliest);
      const ready = this.pending.filter((p) => p.due <= Date.now());
      const next = this.options.reorder ? ready[Math.floor(this.random() * ready.length)]! : ready[0]!;
      this.pending.splice(this.pending.indexOf(next), 1);
      const result = await runQueue(next.queue, [next.body], this.env(), next.attempts);
      await this.afterEachDelivery?.();
      if (result.retryMessages.length === 0) continue;
      const settings = env.TEST_QUEUE_RETRIES[next.queue]!;
      if (next.attempts > settings.maxRetries) {
        if (!settings.deadLetterQueue) throw new Error(`a message of ${next.queue} exhausted its retries and has no dead-letter queue`);
        this.deadLettered.push(next.queue);
        this.pending.push({ queue: settings.deadLetterQueue, body: next.body, attempts: 1, due: Date.now() });
      } else {
        const delay = result.retryDelays[0] ?? settings.retryDelay;
        this.pending.push({ ...next, attempts: next.attempts + 1, due: Date.now() + delay * 1000 });
      }
    }
  }
}

/**
 * Runs `test` with the clock under the pipeline's control (only Date: the
 * Worker's timestamps, leases and the sweep's age), then gives it back.
 */
export async function withVirtualClock<T>(test: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  try {
    return await test();
  } finally {
    vi.useRealTimers();
  }
}
