import { createContext, type Ctx } from "../context.ts";
import { giveUpIngest, giveUpScan } from "../inbound/give-up.ts";
import { ingestMessage } from "../inbound/ingest.ts";
import { consumeOutbound, consumeOutboundDeadLetters } from "../outbound/consumer.ts";
import { consumeSendingEventDeadLetters, consumeSendingEvents } from "../outbound/sending-events.ts";
import { scanFile } from "../scan/scan-job.ts";
import { consumeEach } from "./consume.ts";
import { IngestJob, ScanJob } from "./messages.ts";

/** Each queue's consumer, by queue name (wrangler.toml). */
const consumers: Record<string, (batch: MessageBatch<unknown>, ctx: Ctx) => Promise<void>> = {
  "email-connector-ingest": (batch, ctx) => consumeEach(batch, IngestJob, (job) => ingestMessage(ctx, job.inboundMessageId)),
  "email-connector-ingest-dlq": (batch, ctx) => consumeEach(batch, IngestJob, (job) => giveUpIngest(ctx, job.inboundMessageId)),
  "email-connector-scan": (batch, ctx) => consumeEach(batch, ScanJob, (job) => scanFile(ctx, job.fileId)),
  "email-connector-scan-dlq": (batch, ctx) => consumeEach(batch, ScanJob, (job) => giveUpScan(ctx, job.fileId)),
  "email-connector-outbound": consumeOutbound,
  "email-connector-outbound-dlq": consumeOutboundDeadLetters,
  // Filled by Cloudflare Email Service through an event subscription, not by this Worker.
  "email-connector-email-events": consumeSendingEvents,
  "email-connector-email-events-dlq": consumeSendingEventDeadLetters,
};

/** The queue() entry point. */
export async function consumeQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const consume = consumers[batch.queue];
  if (!consume) {
    console.error(JSON.stringify({ msg: "a batch from a queue this Worker does not consume", queue: batch.queue }));
    batch.retryAll();
    return;
  }
  await consume(batch, createContext(env));
}
