import { describe, expect, it } from "vitest";
import { buyerVatMismatch, readEInvoice, sameInvoice, sameVatNumber, type InvoiceData } from "../../src/einvoice/index.ts";
import { bytesOf, FACTS, serialise, ublInvoice } from "../helpers/einvoice.ts";
import { describeWithSamples, readSample } from "../helpers/samples.ts";

function invoiceOf(bytes: Uint8Array): InvoiceData {
  const result = readEInvoice(bytes);
  if (result.kind !== "einvoice") throw new Error(`expected an e-invoice, got ${JSON.stringify(result)}`);
  return result.reading.invoice;
}

const fixture = (facts = {}) => invoiceOf(bytesOf(serialise(ublInvoice({ ...FACTS, ...facts }))));

describe("comparing VAT numbers", () => {
  it("sees through separators, case, a missing prefix, Greece's EL/GR and Belgium's old 9 digits", () => {
    expect(sameVatNumber("BE 0123.456.749", "be0123456749")).toBe(true);
    expect(sameVatNumber("0123456749", "BE0123456749")).toBe(true);
    expect(sameVatNumber("BE123456749", "BE0123456749")).toBe(true);
    expect(sameVatNumber("EL094259216", "GR 094 259 216")).toBe(true);
    expect(sameVatNumber("NL8200.98.395.B.01", "nl820098395b01")).toBe(true);
  });

  it("tells different numbers apart", () => {
    expect(sameVatNumber("DE123456789", "AT123456789")).toBe(false);
    expect(sameVatNumber("BE0123456749", "BE0123456748")).toBe(false);
    expect(sameVatNumber("", "")).toBe(false);
    expect(sameVatNumber(null, "BE0123456749")).toBe(false);
  });
});

describe("the buyer's VAT number against the account's", () => {
  it("flags an e-invoice addressed to another company", () => {
    expect(buyerVatMismatch(fixture({ buyer: { name: "Someone Else BV", vat: "NL999999999B01" } }), "BE0123456749")).toBe(true);
  });

  it("does not flag the account's own number however it is written", () => {
    expect(FACTS.buyer.vat).toBe("BE 0123.456.749");
    expect(buyerVatMismatch(fixture(), "BE0123456749")).toBe(false);
  });

  it("claims no mismatch when either number is unknown", () => {
    expect(buyerVatMismatch(fixture({ buyer: { name: "Demo Trading BV" } }), "BE0123456749")).toBe(false);
    expect(buyerVatMismatch(fixture(), null)).toBe(false);
  });
});

describe("telling whether two readings are the same invoice", () => {
  it("matches the same number from the same seller, by VAT number or else by name", () => {
    expect(sameInvoice(fixture(), fixture({ number: ` ${FACTS.number}\n`, seller: { name: "Other name", vat: "nl 1234.56789.b01" } }))).toBe(true);
    expect(sameInvoice(fixture({ seller: { name: "Supplier & Sons NV" } }), fixture({ seller: { name: "SUPPLIER  & sons nv" } }))).toBe(true);
  });

  it("keeps apart other numbers, other sellers and unreadable numbers", () => {
    expect(sameInvoice(fixture(), fixture({ number: "INV-2026-0043" }))).toBe(false);
    expect(sameInvoice(fixture(), fixture({ seller: { name: FACTS.seller.name, vat: "NL999999999B01" } }))).toBe(false);
    expect(sameInvoice(fixture({ number: undefined }), fixture({ number: undefined }))).toBe(false);
  });
});

describeWithSamples("pairing the samples", () => {
  it("pairs a Factur-X PDF with its own XML, and the UBL and CII twins of one invoice", async () => {
    const result = readEInvoice(await readSample("einvoice/pdf/fx-en16931_zugferd_2p1_EN16931_Einfach.pdf"));
    if (result.kind !== "einvoice") throw new Error("the sample is a Factur-X PDF");
    expect(sameInvoice(result.reading.invoice, invoiceOf(result.reading.embeddedXml!.bytes))).toBe(true);

    const ubl = invoiceOf(await readSample("einvoice/ubl/en16931_ubl-tc434-example1.xml"));
    const cii = invoiceOf(await readSample("einvoice/cii/en16931_CII_example1.xml"));
    expect(sameInvoice(ubl, cii)).toBe(true);
    expect(sameInvoice(ubl, invoiceOf(await readSample("einvoice/ubl/peppol-bis3_Invoice-Max_content.xml")))).toBe(false);
  });
});
