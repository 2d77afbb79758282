import { describe, expect, it } from "vitest";
import { readPdfObjects } from "../../src/pdf/objects.ts";
import { flate, makePdf, objectStream } from "../helpers/documents.ts";
import { buildPdf } from "../helpers/pdf.ts";

/**
 * The PDF reader behind the PDF rules, on the tricks a file can play on a
 * reader that greps bytes, or trusts the last definition of an object.
 */
describe("readPdfObjects", () => {
  it("reads names as a PDF reader does: hex escapes decoded, strings and comments left out", async () => {
    const pdf = makePdf(undefined, { extraObjects: ["<< /J#61va#53cript true /Note (a /Launch in a string) >>\n% /JS in a comment"] });
    const { names } = await readPdfObjects(pdf);
    expect(names.has("JavaScript")).toBe(true);
    expect(names.has("Launch")).toBe(false);
    expect(names.has("JS")).toBe(false);
  });

  it("reads the objects of compressed object streams, also those the header does not list", async () => {
    const stream = objectStream([{ num: 7, body: "<< /Type /Action /S /GoTo >>" }], { data: flate("7 0 << /S /GoTo >>\n<< /Hidden /JS >>") });
    const contents = await readPdfObjects(makePdf(undefined, { extraObjects: [stream] }));
    expect(contents.unreadable).toEqual([]);
    expect(contents.objectStreams).toHaveLength(1);
    expect(contents.names.has("JS")).toBe(true);
  });

  it("finds every definition of an embedded file: a later harmless one does not hide an earlier one", async () => {
    const base = new TextDecoder("latin1").decode(buildPdf({ attachments: [{ name: "factur-x.xml", data: new TextEncoder().encode("<x/>"), compress: false }] }));
    // An incremental update that redefines the embedded stream (object 6) after the original.
    const update = `6 0 obj\n<< /Type /EmbeddedFile /Length 4 >>\nstream\n<y/>\nendstream\nendobj\n`;
    const doubled = Uint8Array.from(base.replace("xref", `${update}xref`), (c) => c.charCodeAt(0));
    const { embeddedFiles } = await readPdfObjects(doubled);
    expect(embeddedFiles.map((f) => [f.name, new TextDecoder().decode(f.bytes!)])).toEqual([
      ["factur-x.xml", "<x/>"],
      ["factur-x.xml", "<y/>"],
    ]);
  });

  it("takes a stream's length from /Length, so an embedded PDF's own objects stay inside it", async () => {
    const inner = makePdf(undefined, { extraCatalog: "/OpenAction 6 0 R", extraObjects: ["<< /S /Launch /F (calc.exe) >>"] });
    const outer = buildPdf({ attachments: [{ name: "appendix.pdf", data: inner, compress: false }] });
    const contents = await readPdfObjects(outer);
    expect(contents.embeddedFiles).toHaveLength(1);
    expect(contents.embeddedFiles[0]!.bytes).toEqual(inner);
    // The outer file's own objects name no launch action: the embedded PDF's are its own business.
    expect(contents.names.has("Launch")).toBe(false);
  });

  it.each(["table", "streams"] as const)(
    "steps over a stream by its indirect /Length (cross-reference %s), so an embedded PDF's object never shadows the outer one of the same number",
    async (xref) => {
      const xml = new TextEncoder().encode("<rsm:CrossIndustryInvoice/>");
      // The outer XML stream is object 6; the inner PDF's object 6 is a binary stream, and its own streams end with `endstream` long before it does.
      const inner = makePdf(undefined, { extraObjects: [{ dict: "<< /Type /XObject /Subtype /Image >>", stream: crypto.getRandomValues(new Uint8Array(64)) }] });
      const outer = buildPdf({ xref, lengths: "indirect", attachments: [{ name: "factur-x.xml", data: xml, compress: false }, { name: "appendix.pdf", data: inner, compress: false }] });
      const contents = await readPdfObjects(outer);
      expect(contents.embeddedFiles.map((f) => [f.name, f.bytes?.length])).toEqual([
        ["factur-x.xml", xml.length],
        ["appendix.pdf", inner.length],
      ]);
      expect(contents.embeddedFiles[1]!.bytes).toEqual(inner);
    },
  );

  it("falls back to `endstream` when an indirect /Length names no number", async () => {
    const xml = new TextEncoder().encode("<x/>");
    const text = new TextDecoder("latin1").decode(buildPdf({ lengths: "indirect", attachments: [{ name: "factur-x.xml", data: xml, compress: false }] }));
    const broken = Uint8Array.from(text.replace(/(\d+ 0 obj\n)4(\nendobj)/, "$1/NotANumber$2"), (c) => c.charCodeAt(0));
    const { embeddedFiles } = await readPdfObjects(broken);
    expect(embeddedFiles.map((f) => new TextDecoder().decode(f.bytes!))).toEqual(["<x/>"]);
  });

  it.each([
    ["an array left open", "<< /Producer (x) /Junk [1 2"],
    ["a dictionary left open", "<< /Producer /x"],
    ["no value at all", ""],
  ])("finds the object after one with %s and no endobj, as a viewer following the cross-reference table does", async (_, broken) => {
    const pdf = makePdf(undefined, {
      extraCatalog: "/Names << /EmbeddedFiles << /Names [(tool.exe) 8 0 R] >> >>",
      extraObjects: ["BROKEN", { dict: "<< /Type /EmbeddedFile >>", stream: new TextEncoder().encode("MZ") }, "<< /Type /Filespec /F (tool.exe) /EF << /F 7 0 R >> >>"],
    });
    const text = new TextDecoder("latin1").decode(pdf).replace("BROKEN\nendobj", broken);
    const { embeddedFiles } = await readPdfObjects(Uint8Array.from(text, (c) => c.charCodeAt(0)));
    expect(embeddedFiles.map((f) => f.name)).toEqual(["tool.exe"]);
  });

  it("names an embedded file as the e-invoice reader does: /F when /UF is empty, references followed", async () => {
    const stream = { dict: "<< /Type /EmbeddedFile >>", stream: new TextEncoder().encode("MZ") };
    const pdf = makePdf(undefined, {
      extraObjects: ["<< /Type /Filespec /UF () /F (tool.exe) /EF << /F 7 0 R >> >>", stream, "<< /Type /Filespec /UF 10 0 R /EF << /F 9 0 R >> >>", stream, "(notes.txt)"],
    });
    const { embeddedFiles } = await readPdfObjects(pdf);
    expect(embeddedFiles.map((f) => f.name)).toEqual(["tool.exe", "notes.txt"]);
  });

  it("stops decoding at its budget", async () => {
    const bomb = objectStream([{ num: 7, body: "<< >>" }], { data: flate(new Uint8Array(2 * 1024 * 1024)) });
    const contents = await readPdfObjects(makePdf(undefined, { extraObjects: [bomb] }), 1024 * 1024);
    expect(contents.unreadable).toEqual(["object stream 6: a compressed PDF stream inflates to more than 1048576 bytes"]);
  });
});
