import type { z } from "zod";

/** A job that cannot finish yet asks to be retried after a delay of its choosing; otherwise it is done (acked). */
export type JobResult = void | { retryAfterSeconds: number; reason: string };

/** Exponential backoff for a message's next attempt: 10 s, 20 s, 40 s... capped at 15 minutes. */
export function backoffSeconds(attempts: number, baseSeconds = 10, maxSeconds = 15 * 60): number {
  return Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, attempts - 1));
}

/**
 * Runs `handle` for each message of a batch on its own: one message's
 * failure never acks or retries another. A body that does not parse is
 * logged and acked (no retry can fix it); a thrown error retries with
 * backoff, and after the consumer's max_retries the queue moves the message
 * to its dead-letter queue, whose consumer records the failure.
 */
export async function consumeEach<T>(
  batch: MessageBatch<unknown>,
  schema: z.ZodType<T>,
  handle: (job: T, message: Message<unknown>) => Promise<JobResult>,
): Promise<void> {
  for (const message of batch.messages) {
    const parsed = schema.safeParse(message.body);
    if (!parsed.success) {
      console.error(JSON.stringify({ msg: "dropping a malformed queue message", queue: batch.queue, id: message.id, body: message.body }));
      message.ack();
      continue;
    }
    try {
      const result = await handle(parsed.data, message);
      if (result) message.retry({ delaySeconds: result.retryAfterSeconds });
      else message.ack();
    } catch (error) {
      const delaySeconds = backoffSeconds(message.attempts);
      console.error(
        JSON.stringify({ msg: "queue job failed; retrying", queue: batch.queue, id: message.id, attempts: message.attempts, delaySeconds, error: String(error), stack: (error as Error)?.stack }),
      );
      message.retry({ delaySeconds });
    }
  }
}
