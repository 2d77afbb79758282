import { MAX_SALES_INVOICE_FILE_BYTES } from "../sales-invoices/limits.ts";

/** What one request may weigh. */

/** JSON bodies of this API are small; anything larger is a mistake or an attack. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;
/** A sales invoice upload (multipart): its PDF and e-invoice, and the form around them. */
export const MAX_UPLOAD_BODY_BYTES = 2 * MAX_SALES_INVOICE_FILE_BYTES + 64 * 1024;

/**
 * Characters of a search (`q`): what a person types or pastes, a name, an
 * address, an invoice number. Searches match with instr(), which has no
 * limit of its own, unlike LIKE patterns (D1_MAX_LIKE_PATTERN_BYTES).
 */
export const MAX_SEARCH_QUERY_CHARS = 200;
