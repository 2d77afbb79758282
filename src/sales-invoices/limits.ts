/** What an account may upload as a sales invoice. */

/** Per file. A bigger PDF is a scan gone wrong: by email, far less goes out in all (MAX_MESSAGE_BYTES). */
export const MAX_SALES_INVOICE_FILE_BYTES = 10 * 1024 * 1024;
