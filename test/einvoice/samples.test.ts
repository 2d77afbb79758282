import { beforeAll, expect, it } from "vitest";
import { readEInvoice, type EInvoiceResult } from "../../src/einvoice/index.ts";
import { FORMATS, SYNTAXES, type ExpectedFacts } from "../helpers/einvoice-samples.ts";
import { describeWithSamples, listSamples, readSample, readSampleJson } from "../helpers/samples.ts";

/** What the samples without an e-invoice must give. */
const NEGATIVE: Record<string, Partial<Extract<EInvoiceResult, { kind: "not_einvoice" | "unreadable" }>>> = {
  "pdf/corrupt_corrupt-factur-x-waytoosmall.pdf": { kind: "unreadable", reason: "malformed" },
  "pdf/encrypted_PDFWithPassword.pdf": { kind: "unreadable", reason: "encrypted", opensWithoutPassword: true },
  "pdf/not-invoice_ORDER-X_EX01_ORDER_FULL_DATA-COMFORT.pdf": { kind: "not_einvoice", documentKind: "order" },
  "pdf/plain_MustangGnuaccountingBeispielRE-20170509_505blanko.pdf": { kind: "not_einvoice" },
  "pdf/plain_pdf_plain.pdf": { kind: "not_einvoice" },
};

/**
 * Facts expected.json does not list (buyer VAT id, tax-exclusive total, due
 * date), read by hand from the sample files.
 */
const MORE_FACTS: Record<string, { buyerVat: string | null; taxExclusive: string; dueDate: string | null }> = {
  "ubl/peppol-bis3_Invoice-Max_content.xml": { buyerVat: "SE123451234501", taxExclusive: "10000", dueDate: "2018-03-07" },
  "ubl/xrechnung3_CreditNote_ns0-prefix.xml": { buyerVat: "ATU13585627", taxExclusive: "7900.00", dueDate: null },
  "cii/en16931_CII_example1.xml": { buyerVat: null, taxExclusive: "229.6", dueDate: "2015-01-09" },
  "cii/en16931_CII_business_example_01.xml": { buyerVat: "NO987654321MVA", taxExclusive: "1436.5", dueDate: "2013-07-20" },
  "pdf/fx-en16931-fr_Facture_F20180027.pdf": { buyerVat: "FR 05 987 654 321", taxExclusive: "100.00", dueDate: "2019-01-30" },
  "pdf/zf1-comfort_ZUGFeRD_1p0_COMFORT_Einfach.pdf": { buyerVat: null, taxExclusive: "473.00", dueDate: "2013-04-04" },
};

describeWithSamples("reading the e-invoice samples", () => {
  let expected: Record<string, ExpectedFacts>;
  let files: string[];
  beforeAll(async () => {
    expected = await readSampleJson("einvoice/expected.json");
    files = (await listSamples("einvoice")).map((file) => file.replace(/^einvoice\//, "")).filter((file) => file !== "expected.json");
  });

  it("covers every sample with an expectation", () => {
    expect(files).toHaveLength(37);
    expect(new Set(files)).toEqual(new Set(Object.keys(expected)));
    expect(new Set([...Object.keys(FORMATS), ...Object.keys(NEGATIVE)])).toEqual(new Set(files));
  });

  it("reads every e-invoice field by field as expected.json says", async () => {
    for (const file of Object.keys(FORMATS)) {
      const facts = expected[file]!;
      const result = readEInvoice(await readSample(`einvoice/${file}`));
      expect(result.kind, file).toBe("einvoice");
      if (result.kind !== "einvoice") continue;
      const { reading } = result;
      expect(
        {
          format: reading.format,
          syntax: reading.syntax,
          typeCode: reading.typeCode,
          customizationId: reading.customizationId,
          profileId: reading.profileId,
          documentType: reading.invoice.documentType,
          number: reading.invoice.number,
          issueDate: reading.invoice.issueDate,
          currency: reading.invoice.currency,
          seller: reading.invoice.seller,
          buyerName: reading.invoice.buyer.name,
          totalAmount: reading.invoice.totalAmount,
          missing: reading.missing,
          embeddedXml: reading.embeddedXml?.name,
        },
        file,
      ).toEqual({
        format: FORMATS[file],
        syntax: SYNTAXES[facts.syntax!],
        typeCode: facts.type_code,
        customizationId: facts.customization_id,
        profileId: facts.profile_id,
        documentType: facts.document_type,
        number: facts.invoice_number,
        issueDate: facts.issue_date,
        currency: facts.currency,
        seller: { name: facts.seller_name, vatNumber: facts.seller_vat_id ?? null },
        buyerName: facts.buyer_name,
        totalAmount: facts.payable_amount,
        missing: [],
        embeddedXml: facts.invoice_xml_attachment,
      });
      expect(reading.invoice.taxExclusiveAmount, file).toMatch(/^-?\d+(\.\d+)?$/);
      if (reading.embeddedXml) expect(new TextDecoder().decode(reading.embeddedXml.bytes), file).toContain(facts.invoice_number);
    }
  });

  it("reads the buyer's VAT number, the tax-exclusive total and the due date", async () => {
    for (const [file, facts] of Object.entries(MORE_FACTS)) {
      const result = readEInvoice(await readSample(`einvoice/${file}`));
      expect(result.kind === "einvoice" && result.reading.invoice, file).toMatchObject({
        buyer: { vatNumber: facts.buyerVat },
        taxExclusiveAmount: facts.taxExclusive,
        dueDate: facts.dueDate,
      });
    }
  });

  it("gives the documented outcome for the samples without an e-invoice", async () => {
    for (const [file, outcome] of Object.entries(NEGATIVE)) {
      const result = readEInvoice(await readSample(`einvoice/${file}`));
      expect(result, file).toMatchObject(outcome);
      expect(result.kind === "einvoice" ? "" : result.message, file).toMatch(/\w/);
    }
  });

  it("says why the Order-X PDF is no invoice", async () => {
    const result = readEInvoice(await readSample("einvoice/pdf/not-invoice_ORDER-X_EX01_ORDER_FULL_DATA-COMFORT.pdf"));
    expect(result).toEqual({
      kind: "not_einvoice",
      documentKind: "order",
      document: { description: "Order-X order", attachment: "order-x.xml" },
      message: "The PDF embeds order-x.xml, an Order-X order, not an invoice.",
    });
  });

  it("takes the XML the PDF's metadata designates when it embeds two", async () => {
    const result = readEInvoice(await readSample("einvoice/pdf/fx-dual-xml_validV2PDF.pdf"));
    expect(result.kind === "einvoice" && [result.reading.embeddedXml?.name, result.reading.syntax]).toEqual(["factur-x.xml", "cii"]);
  });
});
