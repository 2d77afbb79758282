import { describe, expect, it } from "vitest";
import { readEInvoice } from "../../src/einvoice/index.ts";
import { MAX_XML_BYTES } from "../../src/einvoice/limits.ts";
import { MAX_PDF_OBJECTS_RUNNING_TO_END } from "../../src/pdf/limits.ts";
import { bytesOf, ciiInvoice, FACTS, orderX, serialise, ublInvoice } from "../helpers/einvoice.ts";
import { buildPdf } from "../helpers/pdf.ts";
import { describeWithSamples, readSample } from "../helpers/samples.ts";

const CII = bytesOf(serialise(ciiInvoice()));

describe("invoice XML embedded in a PDF", () => {
  it.each([
    ["a cross-reference table", { xref: "table" }],
    ["object and cross-reference streams", { xref: "streams" }],
    ["a broken startxref (the index is rebuilt)", { brokenXref: true }],
    ["object streams and a broken startxref", { xref: "streams", brokenXref: true }],
    ["only the EmbeddedFiles name tree", { listedIn: "names" }],
    ["only the catalog's /AF", { listedIn: "af" }],
    ["an uncompressed attachment", { attachments: [{ name: "factur-x.xml", data: CII, compress: false }] }],
  ] as const)("reads factur-x.xml from a PDF with %s", (_, options) => {
    const result = readEInvoice(buildPdf({ attachments: [{ name: "factur-x.xml", data: CII }], ...options }));
    expect(result).toMatchObject({
      kind: "einvoice",
      reading: { format: "facturx", syntax: "cii", invoice: { number: FACTS.number, totalAmount: FACTS.payable }, missing: [] },
    });
    expect(result.kind === "einvoice" && result.reading.embeddedXml).toEqual({ name: "factur-x.xml", bytes: CII });
  });

  it("names the format by the attachment: zugferd-invoice.xml in any case is zugferd", () => {
    for (const name of ["zugferd-invoice.xml", "ZUGFeRD-invoice.xml"]) {
      expect(readEInvoice(buildPdf({ attachments: [{ name, data: CII }] }))).toMatchObject({ kind: "einvoice", reading: { format: "zugferd" } });
    }
    const xrechnung = bytesOf(serialise(ciiInvoice({ ...FACTS, customizationId: "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0" })));
    expect(readEInvoice(buildPdf({ attachments: [{ name: "xrechnung.xml", data: xrechnung }] }))).toMatchObject({ reading: { format: "xrechnung" } });
    expect(readEInvoice(buildPdf({ attachments: [{ name: "factur-x.xml", data: bytesOf(serialise(ublInvoice())) }] }))).toMatchObject({
      reading: { format: "ubl" },
    });
  });

  it("prefers the attachment the XMP metadata designates, and reads an unusual name only when designated", () => {
    const other = bytesOf(serialise(ciiInvoice({ ...FACTS, number: "OTHER-1" })));
    const attachments = [
      { name: "factur-x.xml", data: other },
      { name: "invoice-42.xml", data: CII },
    ];
    expect(readEInvoice(buildPdf({ attachments, xmpInvoiceName: "invoice-42.xml" }))).toMatchObject({
      reading: { invoice: { number: FACTS.number }, embeddedXml: { name: "invoice-42.xml" } },
    });
    expect(readEInvoice(buildPdf({ attachments }))).toMatchObject({ reading: { invoice: { number: "OTHER-1" } } });
    expect(readEInvoice(buildPdf({ attachments: [{ name: "invoice-42.xml", data: CII }] }))).toEqual({
      kind: "not_einvoice",
      message: "The PDF embeds invoice-42.xml, which is not an invoice XML.",
    });
  });

  it("falls back to the next attachment when the first is damaged", () => {
    const attachments = [
      { name: "factur-x.xml", data: bytesOf("<rsm:CrossIndustryInvoice") },
      { name: "zugferd-invoice.xml", data: CII },
    ];
    expect(readEInvoice(buildPdf({ attachments }))).toMatchObject({ kind: "einvoice", reading: { embeddedXml: { name: "zugferd-invoice.xml" } } });
    expect(readEInvoice(buildPdf({ attachments: attachments.slice(0, 1) }))).toMatchObject({ kind: "unreadable", reason: "malformed", attachment: "factur-x.xml" });
  });

  it("says so when the named attachment is no invoice, and when there is none", () => {
    const rss = bytesOf("<rss version='2.0'/>");
    expect(readEInvoice(buildPdf({ attachments: [{ name: "factur-x.xml", data: rss }] }))).toEqual({
      kind: "not_einvoice",
      message: "The PDF embeds factur-x.xml, but it holds no invoice.",
    });
    expect(readEInvoice(buildPdf())).toEqual({ kind: "not_einvoice", message: "The PDF has no embedded invoice XML." });
  });
});

describe("orders embedded in a PDF", () => {
  const ORDER = bytesOf(serialise(orderX(), "unusual"));

  it("tells an Order-X PDF by its order-x.xml", () => {
    for (const xref of ["table", "streams"] as const) {
      expect(readEInvoice(buildPdf({ attachments: [{ name: "order-x.xml", data: ORDER }], xref }))).toEqual({
        kind: "not_einvoice",
        documentKind: "order",
        document: { description: "Order-X order", attachment: "order-x.xml" },
        message: "The PDF embeds order-x.xml, an Order-X order, not an invoice.",
      });
    }
  });

  it("tells an order under an invoice's name, and still prefers an invoice", () => {
    expect(readEInvoice(buildPdf({ attachments: [{ name: "factur-x.xml", data: ORDER }] }))).toEqual({
      kind: "not_einvoice",
      documentKind: "order",
      document: { description: "Order-X order", attachment: "factur-x.xml" },
      message: "The PDF embeds factur-x.xml, an Order-X order, not an invoice.",
    });
    const both = [
      { name: "order-x.xml", data: ORDER },
      { name: "factur-x.xml", data: CII },
    ];
    expect(readEInvoice(buildPdf({ attachments: both }))).toMatchObject({ kind: "einvoice", reading: { embeddedXml: { name: "factur-x.xml" } } });
  });

  it("leaves a PDF with a damaged order-x.xml a plain PDF, but refuses a hostile one", () => {
    expect(readEInvoice(buildPdf({ attachments: [{ name: "order-x.xml", data: bytesOf("<rsm:SCRDMCCBDACIOMessageStructure") }] }))).toEqual({
      kind: "not_einvoice",
      message: "The PDF embeds order-x.xml, which is not an invoice XML.",
    });
    const hostile = bytesOf(`<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>`);
    expect(readEInvoice(buildPdf({ attachments: [{ name: "order-x.xml", data: hostile }] }))).toMatchObject({ kind: "unreadable", reason: "unsafe", attachment: "order-x.xml" });
  });
});

describe("hostile and damaged PDFs", () => {
  it("refuses an attachment that inflates past the limit, stopping at the limit, and names it", () => {
    // 32 MiB of zeros deflate to about 32 KiB.
    const pdf = buildPdf({ attachments: [{ name: "factur-x.xml", data: new Uint8Array(2 * MAX_XML_BYTES) }] });
    expect(readEInvoice(pdf)).toEqual({
      kind: "unreadable",
      reason: "too_large",
      attachment: "factur-x.xml",
      message: `The PDF's factur-x.xml cannot be read. A compressed PDF stream inflates to more than ${MAX_XML_BYTES} bytes.`,
    });
  });

  it("refuses an attachment with a DOCTYPE even when another could be read", () => {
    const hostile = bytesOf(`<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>`);
    const attachments = [
      { name: "factur-x.xml", data: hostile },
      { name: "zugferd-invoice.xml", data: CII },
    ];
    expect(readEInvoice(buildPdf({ attachments }))).toMatchObject({ kind: "unreadable", reason: "unsafe", attachment: "factur-x.xml" });
  });

  it("gives malformed for a PDF header with nothing behind it: the PDF itself, no attachment, cannot be read", () => {
    expect(readEInvoice(bytesOf("%PDF-1.7\n%%EOF\n"))).toEqual({
      kind: "unreadable",
      reason: "malformed",
      message: "The PDF is damaged: its document catalog cannot be found.",
    });
  });

  it("stops early on a PDF forged with many streams and no endstream", () => {
    const forged = bytesOf(`%PDF-1.7\n${Array.from({ length: 20_000 }, (_, i) => `${i + 1} 0 obj << /Length 999999999 >> stream\nxx\n`).join("")}`);
    expect(readEInvoice(forged)).toMatchObject({ kind: "unreadable", reason: "malformed", message: expect.stringContaining(`more than ${MAX_PDF_OBJECTS_RUNNING_TO_END} of its objects run into the end`) });
  });

  /** A PDF without cross-reference data whose objects after the catalog are strings that never end. */
  const unterminated = (count: number) =>
    bytesOf(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n${Array.from({ length: count }, (_, i) => `${i + 2} 0 obj\n(never closed\nendobj\n`).join("")}trailer\n<< /Root 1 0 R >>\n%%EOF\n`);

  it("reads a damaged PDF with a few objects that run into its end as a plain PDF", () => {
    expect(readEInvoice(unterminated(3))).toEqual({ kind: "not_einvoice", message: "The PDF has no embedded invoice XML." });
  });

  it("refuses, as malformed, a PDF forged with thousands of them: each would cost a read of the rest of the file", () => {
    expect(readEInvoice(unterminated(20_000))).toEqual({
      kind: "unreadable",
      reason: "malformed",
      message: `The PDF is damaged: more than ${MAX_PDF_OBJECTS_RUNNING_TO_END} of its objects run into the end of the file (unterminated strings or streams).`,
    });
  });

  it("never throws on truncated or corrupted PDFs", () => {
    const pdf = buildPdf({ attachments: [{ name: "factur-x.xml", data: CII }], xref: "streams", xmpInvoiceName: "factur-x.xml" });
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const kinds = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const damaged = i % 2 === 0 ? pdf.slice(0, Math.floor(random() * pdf.length)) : pdf.slice();
      if (i % 2 === 1) for (let j = 0; j < 8; j++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      kinds.add(readEInvoice(damaged).kind);
    }
    expect([...kinds].every((kind) => ["einvoice", "not_einvoice", "unreadable"].includes(kind))).toBe(true);
  });
});

describeWithSamples("damaged copies of the sample PDFs", () => {
  it("never throws when a sample with object streams is truncated or corrupted", async () => {
    const pdf = await readSample("einvoice/pdf/zf1-extended_validV1WithAdditionalData.pdf");
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const kinds = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const damaged = i % 2 === 0 ? pdf.slice(0, Math.floor(random() * pdf.length)) : pdf.slice();
      if (i % 2 === 1) for (let j = 0; j < 32; j++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      const kind = readEInvoice(damaged).kind;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    // Truncation keeps most of the invoice readable: the index is rebuilt from the objects still there.
    expect(kinds.get("einvoice")).toBeGreaterThan(0);
  });
});
