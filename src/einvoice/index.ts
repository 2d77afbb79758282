/**
 * E-invoices: recognition and reading of UBL, CII, Factur-X/ZUGFeRD and
 * XRechnung from a file's bytes, and the comparisons the import needs.
 */
export { readEInvoice } from "./read.ts";
export { xmlAttachments, type XmlAttachment } from "./attachments.ts";
export { buyerVatMismatch, sameInvoice, sameVatNumber } from "./compare.ts";
export type { BusinessDocumentKind, EInvoiceFormat, EInvoiceReading, EInvoiceResult, EInvoiceSyntax, InvoiceData, InvoiceParty, MandatoryField, StoredEInvoice } from "./types.ts";
export type { UnreadableReason } from "../formats/unreadable.ts";
