import type { UnreadableReason } from "../formats/unreadable.ts";

/** A purchase invoice's `format` (API.md) when it carries an e-invoice. How it is chosen: `chooseFormat` in read.ts. */
export type EInvoiceFormat = "ubl" | "cii" | "facturx" | "zugferd" | "xrechnung";

/**
 * The XML vocabulary: UBL 2.1 Invoice/CreditNote, UN/CEFACT CII
 * CrossIndustryInvoice (D16B, Factur-X and ZUGFeRD 2.x), or the ZUGFeRD 1.0
 * CrossIndustryDocument.
 */
export type EInvoiceSyntax = "ubl" | "cii" | "zugferd1";

export interface InvoiceParty {
  /** Legal name (UBL RegistrationName, else PartyName; CII Name), whitespace collapsed. */
  name: string | null;
  /** VAT identifier exactly as written (BT-31/BT-48): compare with `sameVatNumber`, never with ===. */
  vatNumber: string | null;
}

/** The purchase invoice's `invoice` object of API.md. Amounts are decimal strings as written; dates yyyy-mm-dd. */
export interface InvoiceData {
  /** `credit_note` for a UBL CreditNote or a credit note type code (381, 396, ...), else `invoice`. */
  documentType: "invoice" | "credit_note";
  /** BT-1 */
  number: string | null;
  /** BT-2 */
  issueDate: string | null;
  /** BT-9 */
  dueDate: string | null;
  /** BT-5 */
  currency: string | null;
  /** The amount due for payment (BT-115: UBL PayableAmount, CII DuePayableAmount). */
  totalAmount: string | null;
  /** BT-109: UBL TaxExclusiveAmount, CII TaxBasisTotalAmount. */
  taxExclusiveAmount: string | null;
  seller: InvoiceParty;
  buyer: InvoiceParty;
}

/** The `InvoiceData` fields that EN 16931 makes mandatory, named by their path in `invoice`. */
export const MANDATORY_FIELDS = [
  "documentType",
  "number",
  "issueDate",
  "currency",
  "totalAmount",
  "taxExclusiveAmount",
  "seller.name",
  "buyer.name",
] as const;
export type MandatoryField = (typeof MANDATORY_FIELDS)[number];

/** What an e-invoice XML says, whatever the container. */
export interface InvoiceXmlReading {
  syntax: EInvoiceSyntax;
  /** BT-3 as written (380, 381, 384, 389, ...). */
  typeCode: string | null;
  /** BT-24: UBL CustomizationID, CII GuidelineSpecifiedDocumentContextParameter/ID. */
  customizationId: string | null;
  /** BT-23: UBL ProfileID, CII BusinessProcessSpecifiedDocumentContextParameter/ID. */
  profileId: string | null;
  invoice: InvoiceData;
  /** Mandatory fields that are absent or not in a readable form (a date that is no date, an amount that is no number). */
  missing: MandatoryField[];
  /** The character encoding its XML declaration names that no reader knows (it was read as UTF-8, which its bytes are); absent otherwise. */
  unknownEncoding?: string;
}

export interface EInvoiceReading extends InvoiceXmlReading {
  format: EInvoiceFormat;
  /** For a PDF: the embedded invoice XML the reading comes from. */
  embeddedXml?: { name: string; bytes: Uint8Array };
}

/** What is kept of an e-invoice reading once the file is decided: everything but the embedded XML's bytes. */
export type StoredEInvoice = Omit<EInvoiceReading, "embeddedXml">;

/**
 * A readable document that is no invoice but another business document, told
 * by its root element's namespace URI: `order` for Order-X (an order, order
 * change or order response) and the UBL ordering documents (Order,
 * OrderChange, OrderCancellation, OrderResponse, OrderResponseSimple).
 */
export type BusinessDocumentKind = "order";

/**
 * What readEInvoice found:
 * - `einvoice`: an e-invoice, read (possibly with `missing` fields);
 * - `not_einvoice`: a readable PDF or XML that is no e-invoice (a plain PDF, an Order-X order, other XML) or
 *   bytes that are neither PDF nor XML; `documentKind` says when the XML (stand-alone or embedded in the PDF)
 *   is another known business document; `message` says which, in a sentence for a person;
 * - `unreadable`: the file could not be read safely; `message` is a sentence for a person. For an encrypted PDF
 *   (`reason: "encrypted"`), `opensWithoutPassword` tells a PDF that people open without a password (only an
 *   owner password restricts printing or copying: a plain PDF for an import) from one that needs a user
 *   password or a certificate (no one without it can read it). `attachment` names the XML a readable PDF embeds
 *   as its invoice (or order) when that XML is what cannot be read: a hybrid PDF whose data is lost, not a
 *   damaged PDF.
 */
export type EInvoiceResult =
  | { kind: "einvoice"; reading: EInvoiceReading }
  | {
      kind: "not_einvoice";
      message: string;
      documentKind?: BusinessDocumentKind;
      /** The other business document it is (an order), and the PDF attachment that holds it. */
      document?: { description: string; attachment: string | null };
      /** For an XML that is no business document we know: its root element, `name (namespace)`. */
      root?: string;
    }
  | { kind: "unreadable"; reason: "encrypted"; opensWithoutPassword: boolean; message: string }
  | { kind: "unreadable"; reason: Exclude<UnreadableReason, "encrypted">; message: string; attachment?: string };
