import { MANDATORY_FIELDS, type InvoiceData, type MandatoryField } from "./types.ts";

/**
 * UNTDID 1001 codes of credit notes that EN 16931 allows (the Peppol BIS
 * credit note code list). 384 (corrected invoice) and 389 (self-billed
 * invoice, the German "Gutschrift") are invoices.
 */
const CREDIT_NOTE_TYPE_CODES = new Set(["81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"]);

export function isCreditNoteTypeCode(code: string | null): boolean {
  return code !== null && CREDIT_NOTE_TYPE_CODES.has(code);
}

/**
 * An xsd:decimal as a decimal string: kept as written when already plain
 * (`336.9`, `-8.79`, `12500`), otherwise only its sign and dot tidied
 * (`+5` -> `5`, `.5` -> `0.5`, `5.` -> `5`). Anything else is no amount.
 */
export function decimalAmount(text: string | null): string | null {
  if (text === null) return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return text;
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === "" && !match[3])) return null;
  const [, sign, whole, fraction] = match;
  return `${sign === "-" ? "-" : ""}${whole || "0"}${fraction ? `.${fraction}` : ""}`;
}

/** A calendar date as yyyy-mm-dd, from yyyy-mm-dd (an xsd:date, maybe with a zone) or CII's format 102 (yyyymmdd). */
export function isoDate(text: string | null): string | null {
  if (text === null) return null;
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/.exec(text);
  if (!match) return null;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** An ISO 4217 alphabetic code. */
export function currencyCode(text: string | null): string | null {
  return text !== null && /^[A-Za-z]{3}$/.test(text) ? text.toUpperCase() : null;
}

/** The mandatory fields that could not be read. `typeCodeRead` is false when the document type was only assumed. */
export function missingFields(invoice: InvoiceData, typeCodeRead: boolean): MandatoryField[] {
  const present: Record<MandatoryField, boolean> = {
    documentType: typeCodeRead,
    number: invoice.number !== null,
    issueDate: invoice.issueDate !== null,
    currency: invoice.currency !== null,
    totalAmount: invoice.totalAmount !== null,
    taxExclusiveAmount: invoice.taxExclusiveAmount !== null,
    "seller.name": invoice.seller.name !== null,
    "buyer.name": invoice.buyer.name !== null,
  };
  return MANDATORY_FIELDS.filter((field) => !present[field]);
}
