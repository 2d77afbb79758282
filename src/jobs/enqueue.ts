import type { IngestJob, OutboundJob, PeppolHandover, ScanJob } from "./messages.ts";

/** Every send to a queue goes through here, so that each body matches the schema its consumer parses. */

/** Cloudflare's limit on messages per sendBatch call. */
const MAX_BATCH_MESSAGES = 100;

export async function enqueueIngest(env: Env, inboundMessageId: string): Promise<void> {
  await env.INGEST_QUEUE.send({ inboundMessageId } satisfies IngestJob, { contentType: "json" });
}

export async function enqueueScans(env: Env, fileIds: string[], delaySeconds?: number): Promise<void> {
  for (let i = 0; i < fileIds.length; i += MAX_BATCH_MESSAGES) {
    await env.SCAN_QUEUE.sendBatch(
      fileIds.slice(i, i + MAX_BATCH_MESSAGES).map((fileId) => ({ body: { fileId } satisfies ScanJob, contentType: "json" as const, delaySeconds })),
    );
  }
}

export async function enqueueEmailDelivery(env: Env, delivery: { accountId: string; id: string }): Promise<void> {
  await env.OUTBOUND_QUEUE.send({ type: "send_email_delivery", accountId: delivery.accountId, deliveryId: delivery.id } satisfies OutboundJob, { contentType: "json" });
}

/** Hands a delivery to the Peppol connector's queue; the caller has checked that PEPPOL_QUEUE is bound. */
export async function handOverToPeppol(queue: Queue, handover: PeppolHandover): Promise<void> {
  await queue.send(handover, { contentType: "json" });
}
