import { describe, expect, it } from "vitest";
import { readEInvoice, type EInvoiceResult } from "../../src/einvoice/index.ts";
import { MAX_XML_BYTES, MAX_XML_DEPTH, MAX_XML_ELEMENTS } from "../../src/einvoice/limits.ts";
import { bytesOf, ciiInvoice, FACTS, NS, orderX, serialise, ublInvoice, type XmlNode } from "../helpers/einvoice.ts";

function read(xml: string | Uint8Array): EInvoiceResult {
  return readEInvoice(typeof xml === "string" ? bytesOf(xml) : xml);
}

function reading(xml: string) {
  const result = read(xml);
  if (result.kind !== "einvoice") throw new Error(`expected an e-invoice, got ${JSON.stringify(result)}`);
  return result.reading;
}

/** The fixture facts as the `invoice` object of API.md. */
const EXPECTED_INVOICE = {
  documentType: "invoice",
  number: FACTS.number,
  issueDate: FACTS.issueDate,
  dueDate: FACTS.dueDate,
  currency: FACTS.currency,
  totalAmount: FACTS.payable,
  taxExclusiveAmount: FACTS.taxExclusive,
  seller: { name: FACTS.seller.name, vatNumber: FACTS.seller.vat },
  buyer: { name: FACTS.buyer.name, vatNumber: FACTS.buyer.vat },
};

describe("recognising e-invoices by namespace, whatever the prefixes", () => {
  it.each(["conventional", "unusual", "default"] as const)("reads a UBL invoice written with %s prefixes", (style) => {
    expect(reading(serialise(ublInvoice(), style))).toEqual({
      format: "ubl",
      syntax: "ubl",
      typeCode: "380",
      customizationId: FACTS.customizationId,
      profileId: null,
      invoice: EXPECTED_INVOICE,
      missing: [],
    });
  });

  it.each(["conventional", "unusual", "default"] as const)("reads a CII invoice written with %s prefixes", (style) => {
    expect(reading(serialise(ciiInvoice(), style))).toMatchObject({ format: "cii", syntax: "cii", invoice: EXPECTED_INVOICE, missing: [] });
  });

  it("reads a UBL credit note, with its due date from PaymentMeans", () => {
    expect(reading(serialise(ublInvoice({ ...FACTS, typeCode: "381" }, { creditNote: true }), "unusual")).invoice).toEqual({
      ...EXPECTED_INVOICE,
      documentType: "credit_note",
    });
  });

  it("takes a CII due date from the first payment terms that have one, after terms that only give a discount", () => {
    const text = serialise(ciiInvoice(), "conventional");
    const discountFirst = text.replace(
      "<ram:SpecifiedTradePaymentTerms>",
      "<ram:SpecifiedTradePaymentTerms><ram:Description>2% discount within 10 days</ram:Description><ram:ApplicableTradePaymentDiscountTerms><ram:CalculationPercent>2</ram:CalculationPercent></ram:ApplicableTradePaymentDiscountTerms></ram:SpecifiedTradePaymentTerms><ram:SpecifiedTradePaymentTerms>",
    );
    expect(discountFirst).not.toBe(text);
    expect(reading(discountFirst).invoice.dueDate).toBe(FACTS.dueDate);
  });

  it("reads an XML whose declared encoding no reader knows as UTF-8 when its bytes are, and says so; refuses it when they are not", () => {
    const text = serialise(ciiInvoice({ ...FACTS, seller: { ...FACTS.seller, name: "Société Générale Brasserie" } }), "conventional");
    const declared = text.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-8-W/O-BOM"?>');
    expect(declared).toContain("UTF-8-W/O-BOM");
    expect(reading(declared)).toMatchObject({ unknownEncoding: "UTF-8-W/O-BOM", invoice: { seller: { name: "Société Générale Brasserie" } } });
    expect(reading(text).unknownEncoding).toBeUndefined();
    const latin1 = Uint8Array.from(declared, (c) => c.charCodeAt(0));
    expect(read(latin1)).toMatchObject({ kind: "unreadable", message: expect.stringContaining('declares the character encoding "UTF-8-W/O-BOM", which no reader knows, and its bytes are not UTF-8') });
  });

  it("reads a CII credit note from its type code", () => {
    const credit = reading(serialise(ciiInvoice({ ...FACTS, typeCode: "381" }), "default"));
    expect(credit).toMatchObject({ format: "cii", typeCode: "381", invoice: { ...EXPECTED_INVOICE, documentType: "credit_note" } });
    // 384 (corrected invoice) and 389 (self-billed invoice) are invoices.
    expect(reading(serialise(ciiInvoice({ ...FACTS, typeCode: "389" }))).invoice.documentType).toBe("invoice");
    expect(reading(serialise(ciiInvoice({ ...FACTS, typeCode: "396" }))).invoice.documentType).toBe("credit_note");
  });

  it("calls an XML with an XRechnung specification identifier xrechnung, in UBL and CII", () => {
    const customizationId = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0";
    expect(reading(serialise(ublInvoice({ ...FACTS, customizationId }))).format).toBe("xrechnung");
    expect(reading(serialise(ciiInvoice({ ...FACTS, customizationId }))).format).toBe("xrechnung");
  });

  it("does not take a well-known prefix bound to another namespace for UBL", () => {
    const xml = serialise(ublInvoice()).replace(`xmlns:cbc="${NS.cbc}"`, 'xmlns:cbc="urn:example:not-ubl"');
    const result = reading(xml);
    expect(result.invoice.number).toBeNull();
    expect(result.missing).toEqual(["number", "issueDate", "currency", "totalAmount", "taxExclusiveAmount", "seller.name", "buyer.name"]);
  });

  it("answers not_einvoice for a root named Invoice in a foreign namespace, and for other XML", () => {
    const foreign = serialise({ ...ublInvoice(), ns: "urn:example:invoice" });
    expect(read(foreign)).toEqual({ kind: "not_einvoice", root: "Invoice (urn:example:invoice)", message: "The XML is not an invoice: its root element is Invoice (urn:example:invoice)." });
    expect(read("<rss version='2.0'><channel/></rss>")).toEqual({ kind: "not_einvoice", root: "rss (no namespace)", message: "The XML is not an invoice: its root element is rss (no namespace)." });
  });

  it("answers not_einvoice for bytes that are neither PDF nor XML", () => {
    expect(read("Invoice 42: please pay 121.00 EUR")).toEqual({ kind: "not_einvoice", message: "The file is neither a PDF nor XML." });
    expect(read(new Uint8Array())).toMatchObject({ kind: "not_einvoice" });
  });
});

describe("orders, which are no invoices", () => {
  it.each(["conventional", "unusual", "default"] as const)("tells an Order-X order written with %s prefixes by its namespace", (style) => {
    expect(read(serialise(orderX(), style))).toEqual({
      kind: "not_einvoice",
      documentKind: "order",
      document: { description: "Order-X order", attachment: null },
      message: "The XML is an Order-X order, not an invoice.",
    });
  });

  it("names Order-X changes and responses by their type code", () => {
    expect(read(serialise(orderX({ typeCode: "230" }), "unusual"))).toMatchObject({ documentKind: "order", message: "The XML is an Order-X order change, not an invoice." });
    expect(read(serialise(orderX({ typeCode: "231" })))).toMatchObject({ documentKind: "order", message: "The XML is an Order-X order response, not an invoice." });
    expect(read(serialise(orderX({ typeCode: "999" })))).toMatchObject({ documentKind: "order", message: "The XML is an Order-X order document, not an invoice." });
  });

  it("tells a UBL order, and answers plain not_einvoice for the same root names in other namespaces", () => {
    const ublOrder: XmlNode = { ns: NS.ublOrder, name: "Order", children: [{ ns: NS.cbc, name: "ID", children: "PO-7" }] };
    expect(read(serialise(ublOrder, "unusual"))).toEqual({
      kind: "not_einvoice",
      documentKind: "order",
      document: { description: "UBL Order", attachment: null },
      message: "The XML is a UBL Order, not an invoice.",
    });
    // CII's data namespaces have a `standard:` segment; Order-X's root namespace has none.
    const lookalike = serialise({ ...orderX(), ns: "urn:un:unece:uncefact:data:standard:SCRDMCCBDACIOMessageStructure:100" });
    expect(read(lookalike)).not.toHaveProperty("documentKind");
    expect(read(serialise({ ...ublOrder, ns: NS.ublInvoice }))).not.toHaveProperty("documentKind");
  });

  it("skips an order's lines, so a long order is still told", () => {
    expect(read(serialise(orderX({ lines: MAX_XML_ELEMENTS }), "unusual"))).toMatchObject({ kind: "not_einvoice", documentKind: "order" });
  });
});

describe("mandatory fields", () => {
  it("lists what an invoice lacks and keeps what it has", () => {
    const { number: _number, ...withoutNumber } = FACTS;
    const result = reading(serialise(ublInvoice({ ...withoutNumber, buyer: { vat: FACTS.buyer.vat } })));
    expect(result.missing).toEqual(["number", "buyer.name"]);
    expect(result.invoice).toEqual({ ...EXPECTED_INVOICE, number: null, buyer: { name: null, vatNumber: FACTS.buyer.vat } });
  });

  it("takes UBL's trading name when a party has no legal name", () => {
    const result = reading(serialise(ublInvoice({ ...FACTS, seller: { tradingName: "Sons Shop" } })));
    expect(result.invoice.seller).toEqual({ name: "Sons Shop", vatNumber: null });
    expect(result.missing).toEqual([]);
  });

  it("counts a CII document type as missing when the type code is absent", () => {
    const { typeCode: _typeCode, ...facts } = FACTS;
    const result = reading(serialise(ciiInvoice(facts)));
    expect(result.missing).toEqual(["documentType"]);
    expect(result.invoice.documentType).toBe("invoice");
  });

  it("counts a value in no readable form as missing", () => {
    const result = reading(serialise(ublInvoice({ ...FACTS, issueDate: "2026-02-30", payable: "121,00", currency: "Euro" })));
    expect(result.missing).toEqual(["issueDate", "currency", "totalAmount"]);
  });

  it("keeps amounts exactly as written, tidying only sign and dot", () => {
    const amounts = (payable: string, taxExclusive: string) => {
      const { invoice } = reading(serialise(ublInvoice({ ...FACTS, payable, taxExclusive })));
      return [invoice.totalAmount, invoice.taxExclusiveAmount];
    };
    expect(amounts("1234567890123456789.123456789", "-0.10")).toEqual(["1234567890123456789.123456789", "-0.10"]);
    expect(amounts("+5", ".5")).toEqual(["5", "0.5"]);
    expect(amounts(" 12.50\n", "1e3")).toEqual(["12.50", null]);
  });

  it("collapses whitespace in names and reads dates with a time zone", () => {
    const result = reading(serialise(ublInvoice({ ...FACTS, issueDate: "2026-03-14+01:00", seller: { name: "  Supplier\n\t& Sons   NV " } })));
    expect([result.invoice.issueDate, result.invoice.seller.name]).toEqual(["2026-03-14", "Supplier & Sons NV"]);
  });
});

describe("encodings", () => {
  it("reads UTF-16 and a declared ISO-8859-1", () => {
    const xml = serialise(ublInvoice({ ...FACTS, seller: { name: "Müller GmbH" } }));
    const utf16 = new Uint8Array(2 + xml.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < xml.length; i++) utf16[2 + i * 2] = xml.charCodeAt(i);
    expect(reading(new TextDecoder("utf-16le").decode(utf16)).invoice.seller.name).toBe("Müller GmbH");
    expect(read(utf16)).toMatchObject({ kind: "einvoice", reading: { invoice: { seller: { name: "Müller GmbH" } } } });

    const latin1 = Uint8Array.from(xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), (c) => c.charCodeAt(0));
    expect(read(latin1)).toMatchObject({ kind: "einvoice", reading: { invoice: { seller: { name: "Müller GmbH" } } } });
  });
});

describe("hostile and damaged XML", () => {
  it("refuses a DOCTYPE, with internal entities (billion laughs) or external ones", () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Invoice xmlns="${NS.ublInvoice}"><ID xmlns="${NS.cbc}">&lol3;</ID></Invoice>`;
    expect(read(laughs)).toEqual({
      kind: "unreadable",
      reason: "unsafe",
      message: "The XML declares a DOCTYPE; documents with a DTD or entities are refused because entities can expand without bound or fetch outside content.",
    });
    const external = `<?xml version="1.0"?><!DOCTYPE Invoice SYSTEM "file:///etc/passwd"><Invoice xmlns="${NS.ublInvoice}"/>`;
    expect(read(external)).toMatchObject({ kind: "unreadable", reason: "unsafe" });
  });

  it("gives malformed for an undeclared entity, an unbound prefix or a missing end tag", () => {
    expect(read(`<Invoice xmlns="${NS.ublInvoice}">&secret;</Invoice>`)).toMatchObject({ kind: "unreadable", reason: "malformed" });
    expect(read(`<ubl:Invoice>x</ubl:Invoice>`)).toMatchObject({ kind: "unreadable", reason: "malformed" });
    expect(read(serialise(ublInvoice()).slice(0, -20))).toMatchObject({ kind: "unreadable", reason: "malformed" });
  });

  it("refuses nesting deeper than the limit and reads it just under", () => {
    const nested = (depth: number) => {
      // The root and cbc:Note count as two levels.
      const inner = "<x>".repeat(depth - 2) + "</x>".repeat(depth - 2);
      return serialise(ublInvoice()).replace("<cbc:ID>", `<cbc:Note>${inner}</cbc:Note><cbc:ID>`);
    };
    expect(read(nested(MAX_XML_DEPTH))).toMatchObject({ kind: "einvoice" });
    expect(read(nested(MAX_XML_DEPTH + 1))).toEqual({
      kind: "unreadable",
      reason: "too_large",
      message: `The XML nests elements deeper than ${MAX_XML_DEPTH} levels.`,
    });
  });

  it("refuses too many elements outside the lines, but not many lines", () => {
    const notes = "<cbc:Note/>".repeat(MAX_XML_ELEMENTS);
    expect(read(serialise(ublInvoice()).replace("<cbc:ID>", `${notes}<cbc:ID>`))).toMatchObject({ kind: "unreadable", reason: "too_large" });
    const lines = "<cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:Note/></cac:InvoiceLine>".repeat(MAX_XML_ELEMENTS);
    expect(read(serialise(ublInvoice()).replace("<cac:LegalMonetaryTotal>", `${lines}<cac:LegalMonetaryTotal>`))).toMatchObject({ kind: "einvoice" });
  });

  it("refuses an XML larger than the limit before parsing it", () => {
    const xml = new Uint8Array(MAX_XML_BYTES + 1).fill(0x20);
    xml.set(bytesOf(`<Invoice xmlns="${NS.ublInvoice}">`));
    expect(read(xml)).toEqual({ kind: "unreadable", reason: "too_large", message: "The XML is larger than 16 MiB." });
  });

  it("keeps no more than a bounded text per element", () => {
    const long = "A".repeat(5000);
    const result = reading(serialise(ublInvoice({ ...FACTS, seller: { name: long, vat: FACTS.seller.vat } })));
    expect(result.invoice.seller.name).toBeNull();
    expect(result.missing).toEqual(["seller.name"]);
  });
});
