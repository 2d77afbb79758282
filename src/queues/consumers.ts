import { z } from "zod";
import { createContext, type Ctx } from "../context.ts";
import { giveUpIngest, giveUpScan } from "../inbound/give-up.ts";
import { ingestMessage } from "../inbound/ingest.ts";
import { IngestJob, OutboundJob, ScanJob, SendingEvent } from "../jobs/messages.ts";
import { backoffSeconds, type JobResult } from "../jobs/result.ts";
import { deliverEmail, giveUpDelivery } from "../outbound/deliver-email.ts";
import { recordSendingEvent } from "../outbound/sending-events.ts";
import { scanFile } from "../scan/scan-file.ts";

/**
 * The queue() entry point: which stage consumes which queue (names as in
 * wrangler.toml), each message parsed with its schema and run the same way.
 * The stages know nothing of queues: they take a parsed job and return a
 * JobResult.
 */
type Consumer = (body: unknown) => ((ctx: Ctx) => Promise<JobResult>) | null;

/** A stage behind its schema: the job to run, or null for a body that does not parse. */
function consumer<T>(schema: z.ZodType<T>, run: (ctx: Ctx, job: T) => Promise<JobResult>): Consumer {
  return (body) => {
    const parsed = schema.safeParse(body);
    return parsed.success ? (ctx) => run(ctx, parsed.data) : null;
  };
}

const consumers: Record<string, Consumer> = {
  "email-connector-ingest": consumer(IngestJob, (ctx, job) => ingestMessage(ctx, job.inboundMessageId)),
  "email-connector-ingest-dlq": consumer(IngestJob, (ctx, job) => giveUpIngest(ctx, job.inboundMessageId)),
  "email-connector-scan": consumer(ScanJob, (ctx, job) => scanFile(ctx, job.fileId)),
  "email-connector-scan-dlq": consumer(ScanJob, (ctx, job) => giveUpScan(ctx, job.fileId)),
  "email-connector-outbound": consumer(OutboundJob, (ctx, job) => deliverEmail(ctx, job.accountId, job.deliveryId)),
  "email-connector-outbound-dlq": consumer(OutboundJob, (ctx, job) => giveUpDelivery(ctx, job.accountId, job.deliveryId)),
  // Filled by Cloudflare Email Service through an event subscription, not by this Worker.
  "email-connector-email-events": consumer(SendingEvent, recordSendingEvent),
  // What could not be recorded after its retries is logged whole (unparsed: every field), for an operator to look into.
  "email-connector-email-events-dlq": consumer(z.unknown(), async (_ctx, body) => {
    console.error(JSON.stringify({ msg: "an Email Sending event could not be recorded after its retries", body }));
  }),
};

/** The queue() entry point. */
export async function consumeQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const found = consumers[batch.queue];
  if (!found) {
    console.error(JSON.stringify({ msg: "a batch from a queue this Worker does not consume", queue: batch.queue }));
    batch.retryAll();
    return;
  }
  await consumeEach(batch, found, createContext(env));
}

/**
 * Runs each message of a batch on its own: one message's failure never acks
 * or retries another. A body that does not parse is logged and acked (no
 * retry can fix it); a thrown error retries with backoff, and after the
 * consumer's max_retries the queue moves the message to its dead-letter
 * queue, whose consumer records the failure.
 */
async function consumeEach(batch: MessageBatch<unknown>, consume: Consumer, ctx: Ctx): Promise<void> {
  for (const message of batch.messages) {
    const job = consume(message.body);
    if (!job) {
      console.error(JSON.stringify({ msg: "dropping a malformed queue message", queue: batch.queue, id: message.id, body: message.body }));
      message.ack();
      continue;
    }
    try {
      const result = await job(ctx);
      if (result) message.retry({ delaySeconds: result.retryAfterSeconds });
      else message.ack();
    } catch (error) {
      const delaySeconds = backoffSeconds(message.attempts);
      console.error(
        JSON.stringify({
          msg: "queue job failed; retrying",
          queue: batch.queue,
          id: message.id,
          attempts: message.attempts,
          delaySeconds,
          error: String(error),
          // drizzle wraps D1's own message ("D1_ERROR: ...") as the cause of "Failed query".
          cause: (error as Error)?.cause === undefined ? undefined : String((error as Error).cause),
          stack: (error as Error)?.stack,
        }),
      );
      message.retry({ delaySeconds });
    }
  }
}
