/**
 * E-invoice fixtures of our own: UBL and CII documents built from a few
 * facts, serialisable with any namespace prefixes (or none), so that tests
 * can show that reading depends on namespace URIs only.
 */

export const NS = {
  ublInvoice: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
  ublCreditNote: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
  cbc: "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
  cac: "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
  rsm: "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
  ram: "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
  udt: "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
  orderX: "urn:un:unece:uncefact:data:SCRDMCCBDACIOMessageStructure:100",
  orderXRam: "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:128",
  orderXUdt: "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:128",
  ublOrder: "urn:oasis:names:specification:ubl:schema:xsd:Order-2",
} as const;

export interface XmlNode {
  ns: string;
  name: string;
  attributes?: Record<string, string>;
  children?: (XmlNode | undefined)[] | string;
}

function node(ns: string, name: string, children?: XmlNode["children"], attributes?: Record<string, string>): XmlNode {
  return { ns, name, children, attributes };
}

/** A leaf, or nothing when the value is undefined (so a fact can be left out). */
function leaf(ns: string, name: string, value: string | undefined, attributes?: Record<string, string>): XmlNode | undefined {
  return value === undefined ? undefined : node(ns, name, value, attributes);
}

/**
 * How prefixes are chosen when serialising: `conventional` (ubl/cbc/cac,
 * rsm/ram/udt), `unusual` (ns0, ns1, ... in order of appearance), or
 * `default` (no prefixes: each element redeclares the default namespace
 * where it changes).
 */
export type PrefixStyle = "conventional" | "unusual" | "default";

const CONVENTIONAL: Record<string, string> = {
  [NS.ublInvoice]: "ubl",
  [NS.ublCreditNote]: "ubl",
  [NS.cbc]: "cbc",
  [NS.cac]: "cac",
  [NS.rsm]: "rsm",
  [NS.ram]: "ram",
  [NS.udt]: "udt",
  [NS.orderX]: "rsm",
  [NS.orderXRam]: "ram",
  [NS.orderXUdt]: "udt",
  [NS.ublOrder]: "ubl",
};

export function serialise(root: XmlNode, style: PrefixStyle = "conventional"): string {
  const prefixes = new Map<string, string>();
  const collect = (n: XmlNode) => {
    if (!prefixes.has(n.ns)) prefixes.set(n.ns, style === "unusual" ? `ns${prefixes.size}` : (CONVENTIONAL[n.ns] ?? `p${prefixes.size}`));
    if (Array.isArray(n.children)) n.children.forEach((c) => c && collect(c));
  };
  collect(root);
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  const write = (n: XmlNode, parentNs: string | null): string => {
    const tag = style === "default" ? n.name : `${prefixes.get(n.ns)}:${n.name}`;
    let declarations = "";
    if (style === "default" && n.ns !== parentNs) declarations = ` xmlns="${n.ns}"`;
    if (style !== "default" && parentNs === null) {
      declarations = [...prefixes].map(([ns, prefix]) => ` xmlns:${prefix}="${ns}"`).join("");
    }
    const attributes = Object.entries(n.attributes ?? {})
      .map(([name, value]) => ` ${name}="${escape(value)}"`)
      .join("");
    const content = typeof n.children === "string" ? escape(n.children) : (n.children ?? []).map((c) => (c ? write(c, n.ns) : "")).join("");
    return `<${tag}${declarations}${attributes}>${content}</${tag}>`;
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${write(root, null)}`;
}

/** The facts a fixture invoice states; a fact left undefined is left out of the XML. */
export interface Facts {
  number?: string;
  issueDate?: string;
  dueDate?: string;
  typeCode?: string;
  currency?: string;
  payable?: string;
  taxExclusive?: string;
  customizationId?: string;
  /** `tradingName` is UBL's PartyName, which CII does not have. */
  seller?: { name?: string; tradingName?: string; vat?: string };
  buyer?: { name?: string; tradingName?: string; vat?: string };
}

export const FACTS = {
  number: "INV-2026-0042",
  issueDate: "2026-03-14",
  dueDate: "2026-04-13",
  typeCode: "380",
  currency: "EUR",
  payable: "121.00",
  taxExclusive: "100.00",
  customizationId: "urn:cen.eu:en16931:2017",
  seller: { name: "Supplier & Sons NV", tradingName: "Sons Shop", vat: "NL123456789B01" },
  buyer: { name: "Demo Trading BV", vat: "BE 0123.456.749" },
} as const satisfies Facts;

/** A UBL Invoice (or CreditNote) stating the facts, with one invoice line. */
export function ublInvoice(facts: Facts = FACTS, { creditNote = false } = {}): XmlNode {
  const { cbc, cac } = NS;
  const party = (p: Facts["seller"]) =>
    node(cac, "Party", [
      p?.tradingName === undefined ? undefined : node(cac, "PartyName", [leaf(cbc, "Name", p.tradingName)]),
      p?.vat === undefined ? undefined : node(cac, "PartyTaxScheme", [leaf(cbc, "CompanyID", p.vat), node(cac, "TaxScheme", [leaf(cbc, "ID", "VAT")])]),
      node(cac, "PartyTaxScheme", [leaf(cbc, "CompanyID", "not-a-vat-number"), node(cac, "TaxScheme", [leaf(cbc, "ID", "FC")])]),
      node(cac, "PartyLegalEntity", [leaf(cbc, "RegistrationName", p?.name)]),
    ]);
  const root = creditNote ? "CreditNote" : "Invoice";
  return node(creditNote ? NS.ublCreditNote : NS.ublInvoice, root, [
    leaf(cbc, "CustomizationID", facts.customizationId),
    leaf(cbc, "ID", facts.number),
    leaf(cbc, "IssueDate", facts.issueDate),
    creditNote ? undefined : leaf(cbc, "DueDate", facts.dueDate),
    leaf(cbc, creditNote ? "CreditNoteTypeCode" : "InvoiceTypeCode", facts.typeCode),
    leaf(cbc, "DocumentCurrencyCode", facts.currency),
    node(cac, "AccountingSupplierParty", [party(facts.seller)]),
    node(cac, "AccountingCustomerParty", [party(facts.buyer)]),
    creditNote ? node(cac, "PaymentMeans", [leaf(cbc, "PaymentMeansCode", "30"), leaf(cbc, "PaymentDueDate", facts.dueDate)]) : undefined,
    node(cac, "LegalMonetaryTotal", [
      leaf(cbc, "TaxExclusiveAmount", facts.taxExclusive, { currencyID: "EUR" }),
      leaf(cbc, "PayableAmount", facts.payable, { currencyID: "EUR" }),
    ]),
    node(cac, creditNote ? "CreditNoteLine" : "InvoiceLine", [leaf(cbc, "ID", "line-1"), leaf(cbc, "LineExtensionAmount", "100.00")]),
  ]);
}

/** A CII CrossIndustryInvoice stating the facts (type code 381 makes it a credit note), with one line item. */
export function ciiInvoice(facts: Facts = FACTS): XmlNode {
  const { rsm, ram, udt } = NS;
  const date = (name: string, value: string | undefined) =>
    value === undefined ? undefined : node(ram, name, [node(udt, "DateTimeString", value.replaceAll("-", ""), { format: "102" })]);
  const party = (name: string, p: Facts["seller"]) =>
    node(ram, name, [
      leaf(ram, "Name", p?.name),
      node(ram, "SpecifiedTaxRegistration", [leaf(ram, "ID", "201/113/40209", { schemeID: "FC" })]),
      p?.vat === undefined ? undefined : node(ram, "SpecifiedTaxRegistration", [leaf(ram, "ID", p.vat, { schemeID: "VA" })]),
    ]);
  return node(rsm, "CrossIndustryInvoice", [
    node(rsm, "ExchangedDocumentContext", [
      facts.customizationId === undefined ? undefined : node(ram, "GuidelineSpecifiedDocumentContextParameter", [leaf(ram, "ID", facts.customizationId)]),
    ]),
    node(rsm, "ExchangedDocument", [leaf(ram, "ID", facts.number), leaf(ram, "TypeCode", facts.typeCode), date("IssueDateTime", facts.issueDate)]),
    node(rsm, "SupplyChainTradeTransaction", [
      node(ram, "IncludedSupplyChainTradeLineItem", [node(ram, "AssociatedDocumentLineDocument", [leaf(ram, "LineID", "1")])]),
      node(ram, "ApplicableHeaderTradeAgreement", [party("SellerTradeParty", facts.seller), party("BuyerTradeParty", facts.buyer)]),
      node(ram, "ApplicableHeaderTradeSettlement", [
        leaf(ram, "InvoiceCurrencyCode", facts.currency),
        node(ram, "SpecifiedTradePaymentTerms", [date("DueDateDateTime", facts.dueDate)]),
        node(ram, "SpecifiedTradeSettlementHeaderMonetarySummation", [
          leaf(ram, "TaxBasisTotalAmount", facts.taxExclusive),
          leaf(ram, "DuePayableAmount", facts.payable),
        ]),
      ]),
    ]),
  ]);
}

/** An Order-X order (type code 220; 230 a change, 231 a response) between the fixture parties, with `lines` line items. */
export function orderX({ typeCode = "220", lines = 1 } = {}): XmlNode {
  const { orderX: rsm, orderXRam: ram, orderXUdt: udt } = NS;
  const party = (name: string, p: Facts["seller"]) => node(ram, name, [leaf(ram, "Name", p?.name)]);
  return node(rsm, "SCRDMCCBDACIOMessageStructure", [
    node(rsm, "ExchangedDocumentContext", [node(ram, "GuidelineSpecifiedDocumentContextParameter", [leaf(ram, "ID", "urn:order-x.eu:1p0:comfort")])]),
    node(rsm, "ExchangedDocument", [
      leaf(ram, "ID", "PO-2026-0007"),
      leaf(ram, "TypeCode", typeCode),
      node(ram, "IssueDateTime", [node(udt, "DateTimeString", "20260301", { format: "102" })]),
    ]),
    node(rsm, "SupplyChainTradeTransaction", [
      ...Array.from({ length: lines }, (_, i) => node(ram, "IncludedSupplyChainTradeLineItem", [node(ram, "AssociatedDocumentLineDocument", [leaf(ram, "LineID", String(i + 1))])])),
      node(ram, "ApplicableHeaderTradeAgreement", [party("SellerTradeParty", FACTS.seller), party("BuyerTradeParty", FACTS.buyer)]),
      node(ram, "ApplicableHeaderTradeSettlement", [leaf(ram, "OrderCurrencyCode", FACTS.currency)]),
    ]),
  ]);
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A UBL invoice's bytes: FACTS with the given invoice number (a fresh one by default), conventional prefixes. */
export function ublXml(number = `INV-${crypto.randomUUID().slice(0, 8)}`, facts: Facts = FACTS): Uint8Array {
  return bytesOf(serialise(ublInvoice({ ...facts, number })));
}

/**
 * An e-invoice XML (from ublXml or serialise(ciiInvoice)) carrying files as
 * base64, as EN 16931 BG-24 puts them: UBL cac:AdditionalDocumentReference
 * with cbc:EmbeddedDocumentBinaryObject, CII ram:AdditionalReferencedDocument
 * with ram:AttachmentBinaryObject. `base64` replaces the encoded data (to damage it).
 */
export function withAttachedFiles(xml: Uint8Array, files: { name: string; mime: string; data?: Uint8Array; base64?: string }[]): Uint8Array {
  const text = new TextDecoder().decode(xml);
  const encoded = (f: (typeof files)[number]) => f.base64 ?? f.data!.toBase64();
  if (text.includes("CrossIndustryInvoice")) {
    const references = files
      .map((f, i) => `<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>ATT-${i}</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode><ram:AttachmentBinaryObject mimeCode="${f.mime}" filename="${f.name}">${encoded(f)}</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument>`)
      .join("");
    return bytesOf(text.replace(/(<ram:ApplicableHeaderTradeAgreement>(?:(?!<\/ram:ApplicableHeaderTradeAgreement>).)*)(<\/ram:ApplicableHeaderTradeAgreement>)/s, `$1${references}$2`));
  }
  const references = files
    .map((f, i) => `<cac:AdditionalDocumentReference><cbc:ID>ATT-${i}</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="${f.mime}" filename="${f.name}">${encoded(f)}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>`)
    .join("");
  return bytesOf(text.replace("<cac:AccountingSupplierParty>", `${references}<cac:AccountingSupplierParty>`));
}
