/** What an account may upload as a sales invoice. */

/** Per file. A bigger PDF is a scan gone wrong: by email, far less goes out in all (MAX_MESSAGE_BYTES). */
export const MAX_SALES_INVOICE_FILE_BYTES = 10 * 1024 * 1024;

/** When ClamAV could not check an upload: the Retry-After a client waits before uploading again (clamd restarts in seconds). */
export const UPLOAD_SCAN_RETRY_AFTER_SECONDS = 60;
