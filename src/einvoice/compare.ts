import { withOldBelgianZero } from "../identifiers/belgian-number.ts";
import { stripSeparators } from "../identifiers/vat-number.ts";
import type { InvoiceData } from "./types.ts";

/**
 * A VAT number as compared: upper case, no separators, split into its
 * country prefix (null when written without one) and the rest; Greece's ISO
 * code GR read as its VAT prefix EL, Belgian numbers with their old leading
 * zero restored.
 */
function vatParts(raw: string): { country: string | null; rest: string } {
  const value = stripSeparators(raw);
  const match = /^([A-Z]{2})(.*)$/.exec(value);
  if (!match) return { country: null, rest: value };
  const country = match[1] === "GR" ? "EL" : match[1]!;
  return { country, rest: country === "BE" ? withOldBelgianZero(match[2]!) : match[2]! };
}

/**
 * Whether two VAT numbers are the same however they are written
 * (`BE 0123.456.749` = `be0123456749` = `0123456749`; `EL094259216` =
 * `GR094259216`). A number without a country prefix matches the same digits
 * with any prefix.
 */
export function sameVatNumber(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const x = vatParts(a);
  const y = vatParts(b);
  if (x.rest === "" || x.rest !== y.rest) return false;
  return x.country === null || y.country === null || x.country === y.country;
}

/**
 * Whether the e-invoice names a buyer VAT number that is not the account's
 * (the BUYER_VAT_MISMATCH warning). False when either is unknown: a
 * mismatch is only claimed when both numbers are there to compare.
 */
export function buyerVatMismatch(invoice: InvoiceData, accountVatNumber: string | null): boolean {
  const buyerVat = invoice.buyer.vatNumber;
  return buyerVat !== null && accountVatNumber !== null && !sameVatNumber(buyerVat, accountVatNumber);
}

function sameText(a: string | null, b: string | null): boolean {
  const normalise = (value: string) => value.replace(/\s+/g, " ").trim().toLowerCase();
  return a !== null && b !== null && normalise(a) === normalise(b);
}

/**
 * Whether two readings describe the same invoice (a Factur-X PDF and its XML
 * sent beside it): the same number from the same seller, the seller known by
 * VAT number when both readings have one, else by name.
 */
export function sameInvoice(a: InvoiceData, b: InvoiceData): boolean {
  if (!sameText(a.number, b.number)) return false;
  if (a.seller.vatNumber !== null && b.seller.vatNumber !== null) return sameVatNumber(a.seller.vatNumber, b.seller.vatNumber);
  return sameText(a.seller.name, b.seller.name);
}
