import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { download } from "../helpers/api.ts";
import { makePdf, makeZip, rewriteZipName } from "../helpers/documents.ts";
import { attachment, forwarded, mail, multipart, text } from "../helpers/mime.ts";
import { expectFlagged, expectPassed, receive, type Received } from "../helpers/received.ts";

/**
 * The rules on the name as the sender wrote it, each with the dangerous and
 * the nearest harmless case. The bytes are an honest PDF each time: only
 * the name is at fault. The name stored and shown is always made safe.
 */
const named = (name: string, bytes = makePdf()) => attachment(name, "application/pdf", bytes);
/** A name in RFC 2231 form, which carries any character. */
const rfc2231 = (name: string, bytes = makePdf()) => attachment(null, "application/pdf", bytes, { params: `; filename*=UTF-8''${encodeURIComponent(name)}` });

const served = async (received: Received, path: string) => (await download(received.account.apiKey, path)).response;

describe("NAME_BIDI_OVERRIDE", () => {
  it("fires on a right-to-left override, and shows the name without it", async () => {
    const received = await receive(rfc2231("Invoice\u202Efdp.exe"));
    const item = expectFlagged(received, "Invoicefdp.exe", "NAME_BIDI_OVERRIDE");
    expect(item.reason).toContain('"Invoice[U+202E]fdp.exe"');
    expect(JSON.stringify(received.message)).not.toMatch(/\u202E/);
  });

  it("does not fire on names in right-to-left scripts", async () => {
    const received = await receive(rfc2231("فاتورة 2026.pdf"), rfc2231("חשבונית 42.pdf"));
    expectPassed(received, "فاتورة 2026.pdf");
    expectPassed(received, "חשבונית 42.pdf");
  });
});

describe("NAME_CONTROL_CHARACTERS", () => {
  it.each([
    ["a line break", "invoice\r\n.pdf", "invoice.pdf"],
    ["a NUL", "invoice.pdf\u0000.exe", "invoice.pdf.exe"],
    ["a zero-width space", "invoice\u200B.pdf", "invoice.pdf"],
  ])("fires on %s in the name", async (_what, name, shown) => {
    const received = await receive(rfc2231(name));
    expect(expectFlagged(received, shown, "NAME_CONTROL_CHARACTERS").reason).toMatch(/\[U\+[0-9A-F]{4}\]/);
  });

  it("fires on a control character in the name of an archive entry", async () => {
    const received = await receive(attachment("invoices.zip", "application/zip", makeZip({ "invoice\u0007.pdf": makePdf() })));
    expectFlagged(received, "invoice.pdf", "NAME_CONTROL_CHARACTERS");
  });

  it("does not fire on accents, spaces and punctuation, nor on CP437 names from Windows' own ZIPs", async () => {
    // In code page 437, 0x81 is ü; read as Latin-1 it would be a C1 control.
    const windowsZip = rewriteZipName(makeZip({ "M_ller.pdf": makePdf() }), "M_ller.pdf", [0x4d, 0x81, ...new TextEncoder().encode("ller.pdf")]);
    const received = await receive(rfc2231("Facture été 2026 (copie) – n°5.pdf"), attachment("scan.zip", "application/zip", windowsZip));
    expectPassed(received, "Facture été 2026 (copie) – n°5.pdf");
    expectPassed(received, "Müller.pdf");
  });
});

describe("NAME_PATH", () => {
  it("fires on an attachment name with a folder part", async () => {
    const received = await receive(named("../../Startup/invoice.pdf"));
    expect(expectFlagged(received, "invoice.pdf", "NAME_PATH").reason).toContain('"../../Startup/invoice.pdf"');
  });

  it.each([
    ["climbs out with ..", "../../../invoice.pdf"],
    ["is absolute", "/etc/cron.d/invoice.pdf"],
  ])("fires on an archive entry whose path %s", async (_what, path) => {
    const received = await receive(attachment("invoices.zip", "application/zip", makeZip({ [path]: makePdf() })));
    expectFlagged(received, "invoice.pdf", "NAME_PATH");
  });

  it("does not fire on folders inside an archive: the file is stored and served by its own name", async () => {
    const received = await receive(attachment("invoices.zip", "application/zip", makeZip({ "2026/11/invoice.pdf": makePdf() })));
    expectPassed(received, "invoice.pdf");
    expect(received.file("invoice.pdf").path).toBe("invoices.zip › invoice.pdf");
    const response = await served(received, `/v1/purchase-invoices/${received.invoices[0].id}/file`);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="invoice.pdf"; filename*=UTF-8''invoice.pdf`);
  });
});

describe("DOUBLE_EXTENSION", () => {
  it.each(["invoice.pdf.exe", "scan.jpg      .scr", "Rechnung.PDF.js"])("fires on %s", async (name) => {
    const received = await receive(named(name));
    expect(expectFlagged(received, name, "DOUBLE_EXTENSION").reason).toMatch(/poses as a \.\w+ document but ends in \.\w+/);
  });

  it("does not fire on dotted names that end as what they are", async () => {
    const received = await receive(named("invoice.2026.11.pdf"), named("report.exe.pdf"));
    expectPassed(received, "invoice.2026.11.pdf");
    expectPassed(received, "report.exe.pdf");
  });
});

describe("EXECUTABLE_NAME", () => {
  it("fires on the names of scripts, shortcuts and programs, whatever their bytes", async () => {
    const scripts = ["factuur.js", "invoice.vbs", "invoice.ps1", "invoice.bat", "invoice.cmd", "invoice.hta", "INVOICE.JS", "invoice.lnk", "setup.msi", "tool.jar"];
    const script = (name: string) => attachment(name, "text/plain", "var shell = new ActiveXObject('WScript.Shell');\n");
    // Two mails, so that each file has an inbox item of its own (one mail makes at most MAX_INBOX_ITEMS_PER_MAIL).
    for (const names of [scripts.slice(0, 5), scripts.slice(5)]) {
      const received = await receive(...names.map(script));
      for (const name of names) expectFlagged(received, name, "EXECUTABLE_NAME");
    }
    // Windows runs `invoice.exe.` as `invoice.exe`; the stored name loses the dot.
    const dotted = await receive(script("invoice.exe."));
    expect(expectFlagged(dotted, "invoice.exe", "EXECUTABLE_NAME").reason).toBe("Its name ends in .exe, a type that runs code when opened.");
  });

  it("does not fire on names that only start like one", async () => {
    const received = await receive(named("invoice.pdf"), attachment("invoice.json", "application/json", '{"total": "121.00"}'), attachment("js-notes.txt", "text/plain", "notes\n"));
    expectPassed(received, "invoice.json", "companion");
    expectPassed(received, "js-notes.txt", "companion");
  });
});

describe("safe names", () => {
  it("stores and shows no control or bidi characters in a forwarded mail's subject, which names the path", async () => {
    const a = await receive(forwarded(mail(multipart("mixed", text("x"), named("invoice.pdf")), { subject: "=?UTF-8?Q?Invoice_=E2=80=AE42=07?=" }), "fwd.eml"));
    expect(a.file("invoice.pdf").path).toBe("fwd.eml (Invoice 42) › invoice.pdf");
  });

  it("serves a safe Content-Disposition even for a stored name that is not", async () => {
    const received = await receive(named("invoice.pdf"));
    // A name stored before names were made safe, say: the download makes it safe again.
    await env.DB.prepare("UPDATE inbound_files SET name = ? WHERE id = ?").bind("../evil\u202Efdp.exe\r\n", received.file("invoice.pdf").id).run();
    const response = await served(received, `/v1/purchase-invoices/${received.invoices[0].id}/file`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="evilfdp.exe"; filename*=UTF-8''evilfdp.exe`);
  });
});
