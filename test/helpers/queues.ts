import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import worker from "../../src/index.ts";

/**
 * A queue producer that keeps what is sent instead of delivering it, so that
 * a test can hand the jobs to the consumer itself: twice, out of order, or
 * after a fault, as the platform's at-least-once delivery may.
 */
export function capturingQueue() {
  const sent: unknown[] = [];
  const binding = {
    send: async (body: unknown) => void sent.push(body),
    sendBatch: async (messages: Iterable<{ body: unknown }>) => {
      for (const m of messages) sent.push(m.body);
    },
  } as unknown as Queue;
  return { binding, sent };
}

let counter = 0;

/**
 * Runs the Worker's own queue() handler on a batch of bodies, as the named
 * queue would deliver them. `retryDelays` are the delaySeconds of the
 * messages retried (the test batch records that a message was retried, not
 * after how long).
 */
export async function runQueue(queue: string, bodies: unknown[], workerEnv: Env = env, attempts = 1) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body) => ({ id: `test-${++counter}`, timestamp: new Date(), attempts, body })),
  );
  const retries = batch.messages.map((message) => vi.spyOn(message, "retry"));
  const ctx = createExecutionContext();
  await (worker as ExportedHandler<Env>).queue!(batch as MessageBatch, workerEnv, ctx);
  const retryDelays = retries.flatMap((spy) => spy.mock.calls.map(([options]) => options?.delaySeconds));
  return { ...(await getQueueResult(batch, ctx)), retryDelays };
}
