import type { InvoiceParty, InvoiceXmlReading } from "./types.ts";
import { currencyCode, decimalAmount, isCreditNoteTypeCode, isoDate, missingFields } from "./values.ts";
import { pathFinder, qualifiedName, type XmlElement } from "./xml.ts";

const INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
const CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
const CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

const { first, all, text } = pathFinder({ cbc: CBC, cac: CAC });

/** Invoice lines: never read, and most of a large invoice. */
export const UBL_SKIPPED = [qualifiedName(CAC, "InvoiceLine"), qualifiedName(CAC, "CreditNoteLine")];

/** Whether the root is a UBL 2.x Invoice or CreditNote. */
export function isUblInvoice(root: XmlElement): boolean {
  return (root.ns === INVOICE && root.name === "Invoice") || (root.ns === CREDIT_NOTE && root.name === "CreditNote");
}

/** Reads a UBL Invoice or CreditNote (the EN 16931 UBL binding: Peppol BIS Billing 3.0, XRechnung UBL). */
export function readUbl(root: XmlElement): InvoiceXmlReading {
  const isCreditNote = root.name === "CreditNote";
  const typeCode = text(root, isCreditNote ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode");
  const totals = first(root, "cac:LegalMonetaryTotal");
  const invoice = {
    documentType: isCreditNote || isCreditNoteTypeCode(typeCode) ? ("credit_note" as const) : ("invoice" as const),
    number: text(root, "cbc:ID"),
    issueDate: isoDate(text(root, "cbc:IssueDate")),
    // A CreditNote has no DueDate: EN 16931 puts its BT-9 in PaymentMeans.
    dueDate: isoDate(text(root, "cbc:DueDate") ?? text(root, "cac:PaymentMeans/cbc:PaymentDueDate")),
    currency: currencyCode(text(root, "cbc:DocumentCurrencyCode")),
    totalAmount: decimalAmount(text(totals, "cbc:PayableAmount")),
    taxExclusiveAmount: decimalAmount(text(totals, "cbc:TaxExclusiveAmount")),
    seller: party(first(root, "cac:AccountingSupplierParty/cac:Party")),
    buyer: party(first(root, "cac:AccountingCustomerParty/cac:Party")),
  };
  return {
    syntax: "ubl",
    typeCode,
    customizationId: text(root, "cbc:CustomizationID"),
    profileId: text(root, "cbc:ProfileID"),
    invoice,
    // The root element alone says invoice or credit note.
    missing: missingFields(invoice, true),
  };
}

function party(element: XmlElement | undefined): InvoiceParty {
  const vatScheme = all(element, "cac:PartyTaxScheme").find((scheme) => text(scheme, "cac:TaxScheme/cbc:ID")?.toUpperCase() === "VAT");
  return {
    name: text(element, "cac:PartyLegalEntity/cbc:RegistrationName") ?? text(element, "cac:PartyName/cbc:Name"),
    vatNumber: text(vatScheme, "cbc:CompanyID"),
  };
}
