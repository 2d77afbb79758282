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

/*
 * What one field of a request may hold. A longer value is refused with
 * VALIDATION_FAILED, never cut: an integrator must learn that it did not
 * fit. Each is far above real values and keeps a row far below D1's 2 MB.
 */

/** An id in a path, a query or a body, and a page cursor: ours are 30 characters. */
export const MAX_ID_CHARS = 64;
/** An account's or a partner's name. */
export const MAX_NAME_CHARS = 200;
/** A VAT or company number as typed, with its separators, before it is checked and normalised. */
export const MAX_IDENTIFIER_CHARS = 40;
/** A Peppol participant id, `scheme:identifier`, before it is checked. */
export const MAX_PEPPOL_ID_CHARS = 200;
/** An address's street and number. */
export const MAX_STREET_CHARS = 200;
/** An address's postal code. */
export const MAX_POSTAL_CODE_CHARS = 20;
/** An address's city. */
export const MAX_CITY_CHARS = 100;
/** An email address (RFC 5321: a path of at most 256 octets, brackets included). */
export const MAX_EMAIL_CHARS = 254;
/** The part of an email address before the @ (RFC 5321). */
export const MAX_EMAIL_LOCAL_PART_CHARS = 64;
/** A sales invoice's number. */
export const MAX_INVOICE_NUMBER_CHARS = 100;
/** An Idempotency-Key header: a UUID is 36 characters. */
export const MAX_IDEMPOTENCY_KEY_CHARS = 255;
