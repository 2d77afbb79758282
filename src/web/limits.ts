/** The limits of the web app's requests. */

/** A form of the web app is a few fields: anything larger is a mistake or an attack. */
export const MAX_FORM_BODY_BYTES = 64 * 1024;
/** Rows on one page of a list: enough to scan, few enough to render fast (bench/README.md). */
export const PAGE_SIZE = 50;
