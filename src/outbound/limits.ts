/**
 * Cloudflare Email Service's limits on one message. A delivery that would
 * break them is refused before anything is queued, with the reason, rather
 * than failing later at the provider.
 */

/** Recipients of one message, To, Cc and Bcc together. */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;

/** Total size of one message, headers and encoded attachments included (25 MiB only to verified addresses). */
export const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

/**
 * Headers, the text and HTML bodies and the MIME boundaries of an invoice
 * mail, with room to spare: the bodies are a few short paragraphs.
 */
const MESSAGE_OVERHEAD_BYTES = 32 * 1024;

/**
 * Characters of a delivery's last error: the provider's message, or the
 * diagnostics of the servers that bounced it, each bounce of the same send
 * added to the ones before.
 */
export const MAX_LAST_ERROR_CHARS = 4096;

/** First retry after 30 s, doubling: a rate limit clears within minutes. */
export const SEND_RETRY_FIRST_DELAY_SECONDS = 30;
/** Never wait longer than an hour between attempts, so a passing fault costs at most that. */
export const SEND_RETRY_MAX_DELAY_SECONDS = 3600;
/**
 * How long a consumer may hold a delivery in `sending`. Sending to 50
 * recipients takes well under a minute; a consumer that died holding one
 * releases it after this, and a duplicate message waits for it meanwhile.
 */
export const SEND_LEASE_SECONDS = 300;

/** Base64 in lines of 76 characters plus CRLF, as the composer writes attachments. */
function encodedSize(bytes: number): number {
  const base64 = Math.ceil(bytes / 3) * 4;
  return base64 + Math.ceil(base64 / 76) * 2;
}

/** What a mail carrying files of these sizes will weigh once composed. */
export function estimatedMessageBytes(attachmentSizes: number[]): number {
  return MESSAGE_OVERHEAD_BYTES + attachmentSizes.reduce((total, size) => total + encodedSize(size), 0);
}
