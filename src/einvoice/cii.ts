import type { EInvoiceSyntax, InvoiceParty, InvoiceXmlReading } from "./types.ts";
import { currencyCode, decimalAmount, isCreditNoteTypeCode, isoDate, missingFields } from "./values.ts";
import { pathFinder, qualifiedName, textOf, type XmlElement } from "./xml.ts";

/**
 * The two CII vocabularies: CrossIndustryInvoice D16B (Factur-X, ZUGFeRD 2.x,
 * XRechnung CII, plain EN 16931 CII) and ZUGFeRD 1.0's CrossIndustryDocument,
 * which carries the same facts under older element names.
 */
const VOCABULARIES = [
  {
    syntax: "cii",
    root: { ns: "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100", name: "CrossIndustryInvoice" },
    ram: "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    udt: "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    context: "rsm:ExchangedDocumentContext",
    document: "rsm:ExchangedDocument",
    agreement: "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement",
    settlement: "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement",
    totals: "ram:SpecifiedTradeSettlementHeaderMonetarySummation",
  },
  {
    syntax: "zugferd1",
    root: { ns: "urn:ferd:CrossIndustryDocument:invoice:1p0", name: "CrossIndustryDocument" },
    ram: "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12",
    udt: "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15",
    context: "rsm:SpecifiedExchangedDocumentContext",
    document: "rsm:HeaderExchangedDocument",
    agreement: "rsm:SpecifiedSupplyChainTradeTransaction/ram:ApplicableSupplyChainTradeAgreement",
    settlement: "rsm:SpecifiedSupplyChainTradeTransaction/ram:ApplicableSupplyChainTradeSettlement",
    totals: "ram:SpecifiedTradeSettlementMonetarySummation",
  },
] as const satisfies readonly { syntax: EInvoiceSyntax; [key: string]: unknown }[];

type Vocabulary = (typeof VOCABULARIES)[number];

const finders = new Map(VOCABULARIES.map((v) => [v, pathFinder({ rsm: v.root.ns, ram: v.ram, udt: v.udt })]));

/** Trade line items: never read, and most of a large invoice. */
export const CII_SKIPPED = VOCABULARIES.map((v) => qualifiedName(v.ram, "IncludedSupplyChainTradeLineItem"));

function vocabularyOf(root: XmlElement): Vocabulary | undefined {
  return VOCABULARIES.find((v) => v.root.ns === root.ns && v.root.name === root.name);
}

/** Whether the root is a CII CrossIndustryInvoice or a ZUGFeRD 1.0 CrossIndustryDocument. */
export function isCiiInvoice(root: XmlElement): boolean {
  return vocabularyOf(root) !== undefined;
}

/** Reads a CII invoice (any Factur-X/ZUGFeRD profile from MINIMUM to EXTENDED, XRechnung CII) or a ZUGFeRD 1.0 invoice. */
export function readCii(root: XmlElement): InvoiceXmlReading {
  const vocabulary = vocabularyOf(root)!;
  const { first, all, text } = finders.get(vocabulary)!;
  const context = first(root, vocabulary.context);
  const document = first(root, vocabulary.document);
  const agreement = first(root, vocabulary.agreement);
  const settlement = first(root, vocabulary.settlement);
  const totals = first(settlement, vocabulary.totals);

  const date = (element: XmlElement | undefined): string | null => {
    const value = first(element, "udt:DateTimeString");
    const format = value?.attributes.format;
    // 102 is yyyymmdd; 610 (a month) and 616 (a week) are no day.
    return format === undefined || format === "102" ? isoDate(textOf(value)) : null;
  };
  const party = (element: XmlElement | undefined): InvoiceParty => ({
    name: text(element, "ram:Name"),
    vatNumber: text(all(element, "ram:SpecifiedTaxRegistration").find((r) => first(r, "ram:ID")?.attributes.schemeID === "VA"), "ram:ID"),
  });

  const typeCode = text(document, "ram:TypeCode");
  const invoice = {
    documentType: isCreditNoteTypeCode(typeCode) ? ("credit_note" as const) : ("invoice" as const),
    number: text(document, "ram:ID"),
    issueDate: date(first(document, "ram:IssueDateTime")),
    // Terms may come one block per part (a discount, then the due date): the first block that has a due date gives it.
    dueDate: all(settlement, "ram:SpecifiedTradePaymentTerms").map((terms) => date(first(terms, "ram:DueDateDateTime"))).find((due) => due !== null) ?? null,
    currency: currencyCode(text(settlement, "ram:InvoiceCurrencyCode")),
    totalAmount: decimalAmount(text(totals, "ram:DuePayableAmount")),
    taxExclusiveAmount: decimalAmount(text(totals, "ram:TaxBasisTotalAmount")),
    seller: party(first(agreement, "ram:SellerTradeParty")),
    buyer: party(first(agreement, "ram:BuyerTradeParty")),
  };
  return {
    syntax: vocabulary.syntax,
    typeCode,
    customizationId: text(context, "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"),
    profileId: text(context, "ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"),
    invoice,
    missing: missingFields(invoice, typeCode !== null),
  };
}
