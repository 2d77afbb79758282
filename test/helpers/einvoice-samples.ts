import type { EInvoiceFormat } from "../../src/einvoice/index.ts";

/**
 * What the tests expect of ../shared/samples/einvoice beside expected.json:
 * read by the module's tests (test/einvoice/samples.test.ts) and by the
 * pipeline's (test/inbound/einvoices.test.ts).
 */

/** The fields of einvoice/expected.json that these tests compare (SOURCES.md describes them all). */
export interface ExpectedFacts {
  container: "XML" | "PDF";
  readable?: boolean;
  encrypted?: string;
  has_embedded_invoice?: boolean;
  invoice_xml_attachment?: string;
  embedded_files?: string[];
  document_type?: "invoice" | "credit_note" | "order";
  type_code?: string;
  syntax?: string;
  customization_id?: string | null;
  profile_id?: string | null;
  invoice_number?: string;
  issue_date?: string;
  currency?: string;
  seller_name?: string;
  seller_vat_id?: string;
  buyer_name?: string;
  payable_amount?: string;
}

export const SYNTAXES: Record<string, string> = {
  "UBL 2.1": "ubl",
  "UN/CEFACT CII D16B (CrossIndustryInvoice)": "cii",
  "ZUGFeRD 1.0 (CrossIndustryDocument)": "zugferd1",
};

/** The format each sample must get, by the rules of chooseFormat (src/einvoice/read.ts). */
export const FORMATS: Record<string, EInvoiceFormat> = {
  "ubl/en16931_ubl-tc434-creditnote1.xml": "ubl",
  "ubl/en16931_ubl-tc434-example1.xml": "ubl",
  "ubl/peppol-bis3_CreditNote-Max_content.xml": "ubl",
  "ubl/peppol-bis3_Invoice-Max_content.xml": "ubl",
  "ubl/peppol-bis3_Kreditering_med_kreditnota.xml": "ubl",
  "ubl/peppol-bis3_Kreditering_med_negativ_faktura.xml": "ubl",
  "ubl/peppol-bis3_Valutor_i_faktura.xml": "ubl",
  "ubl/xrechnung3-extension_04.01a-INVOICE_ubl.xml": "xrechnung",
  "ubl/xrechnung3_01.01a-INVOICE_ubl.xml": "xrechnung",
  "ubl/xrechnung3_02.01a-INVOICE_ubl.xml": "xrechnung",
  "ubl/xrechnung3_CreditNote_ns0-prefix.xml": "xrechnung",
  "cii/en16931_CII_business_example_01.xml": "cii",
  "cii/en16931_CII_example1.xml": "cii",
  "cii/en16931_huf_example_cii.xml": "cii",
  "cii/xrechnung3_01.01a-INVOICE_uncefact.xml": "xrechnung",
  "cii/xrechnung3_cii-type381-mutation.xml": "xrechnung",
  "pdf/fx-basic_zugferd_2p1_BASIC_Einfach.pdf": "facturx",
  "pdf/fx-basicwl_BASIC-WL_Einfach_fx.pdf": "facturx",
  "pdf/fx-dual-xml_validV2PDF.pdf": "facturx",
  "pdf/fx-en16931-fr_Facture_F20180027.pdf": "facturx",
  "pdf/fx-en16931_zugferd_2p1_EN16931_Betriebskostenabrechnung.pdf": "facturx",
  "pdf/fx-en16931_zugferd_2p1_EN16931_Einfach.pdf": "facturx",
  "pdf/fx-en16931_zugferd_2p1_EN16931_Gutschrift.pdf": "facturx",
  "pdf/fx-en16931_zugferd_2p1_EN16931_Rechnungskorrektur.pdf": "facturx",
  "pdf/fx-extended-pdfa4_EXTENDED_Fremdwaehrung_wdis_fx-pdfa4.pdf": "facturx",
  "pdf/fx-extended_zugferd_2p1_EXTENDED_Warenrechnung.pdf": "facturx",
  "pdf/fx-minimum_zugferd_2p1_MINIMUM_Rechnung.pdf": "facturx",
  "pdf/fx-xrechnung_zugferd_2p1_XRECHNUNG_Einfach.pdf": "xrechnung",
  "pdf/zf1-basic_MustangGnuaccountingBeispielRE-20170509_505.pdf": "zugferd",
  "pdf/zf1-comfort_ZUGFeRD_1p0_COMFORT_Einfach.pdf": "zugferd",
  "pdf/zf1-extended_validV1WithAdditionalData.pdf": "zugferd",
  "pdf/zf2p0-en16931_zugferd_2p0_EN16931_Einfach.pdf": "zugferd",
};

