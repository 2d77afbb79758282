/**
 * How long the scan step waits for clamd, and how long a file waits for
 * clamd to come back. A file is never imported unscanned: these bound the
 * wait, after which it is `scan_failed` and can be rescanned.
 */

/**
 * A reachable clamd accepts a connection within milliseconds, even across the
 * internet. A host behind a firewall that drops packets would otherwise hold
 * the scan until the overall timeout.
 */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * From connecting to the answer. Sending 25 MiB (the mail limit) and scanning
 * it with the full official database, archives included, takes seconds; a
 * minute means clamd is stuck or overloaded. The file is retried later rather
 * than holding the scan consumer (a batch of ten still fits its 15 minutes).
 */
export const SCAN_TIMEOUT_MS = 60_000;

/** clamd answers one short line; more than this is not clamd and is not buffered. */
export const MAX_CLAMD_REPLY_BYTES = 4 * 1024;

/**
 * When clamd gives no answer the file waits: the first retry after this
 * long (clamd restarting and loading its signatures takes about as much),
 * doubling each time...
 */
export const SCAN_RETRY_FIRST_DELAY_SECONDS = 30;
/**
 * ...up to this long between attempts. With the scan queue's max_retries
 * (wrangler.toml: 12), a file waits about three and a half hours for clamd
 * before it becomes `scan_failed`, which the account can rescan: well within
 * STALLED_MAIL_AFTER_MS, so the sweep never doubles a waiting scan.
 */
export const SCAN_RETRY_MAX_DELAY_SECONDS = 30 * 60;

/**
 * Files one invoice may carry that are checked and kept as appendices
 * (supporting documents embedded in a PDF); past this, the rest are not
 * kept. Bounds the rows and R2 objects one file can make.
 */
export const MAX_CARRIED_FILES = 20;
