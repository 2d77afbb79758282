import { z } from "zod";

/**
 * Bodies of the queue messages: ids only, never file contents (a message
 * holds at most 128 KB). Parsed at the consumer; a body that does not parse
 * can never succeed and is dropped with a log line.
 */
export const IngestJob = z.object({ inboundMessageId: z.string().min(1) });
export type IngestJob = z.infer<typeof IngestJob>;

export const ScanJob = z.object({ fileId: z.string().min(1) });
export type ScanJob = z.infer<typeof ScanJob>;
