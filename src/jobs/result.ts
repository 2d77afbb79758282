/**
 * What a stage (ingest, scan, sending, an event) returns for one job: done
 * (the message is acked), or a later attempt after a delay of its choosing.
 * A stage that throws is retried with backoff by the queue entry point.
 */
export type JobResult = void | { retryAfterSeconds: number; reason: string };

/** Exponential backoff for a message's next attempt: 10 s, 20 s, 40 s... capped at 15 minutes. */
export function backoffSeconds(attempts: number, baseSeconds = 10, maxSeconds = 15 * 60): number {
  return Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, attempts - 1));
}
