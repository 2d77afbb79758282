import type { IngestJob, ScanJob } from "./messages.ts";

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
