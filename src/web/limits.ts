/** The limits of the web app's requests. */

import { MAX_SALES_INVOICE_FILE_BYTES } from "../sales-invoices/limits.ts";

/** A form of the web app is a few fields: anything larger is a mistake or an attack. */
export const MAX_FORM_BODY_BYTES = 64 * 1024;
/** Rows on one page of a list: enough to scan, few enough to render fast (bench/README.md). */
export const PAGE_SIZE = 50;
/** An upload form: a sales invoice's two files at their limit and its fields; more is a mistake or an attack. */
export const MAX_UPLOAD_BODY_BYTES = 2 * MAX_SALES_INVOICE_FILE_BYTES + MAX_FORM_BODY_BYTES;
/**
 * Customers offered in the upload's list: a select of more is slow to render
 * and to use; beyond it, the upload starts from the customer's page.
 */
export const CUSTOMER_CHOICES = 200;
