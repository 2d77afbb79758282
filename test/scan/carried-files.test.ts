import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE_URL, call } from "../helpers/api.ts";
import { eicar } from "../helpers/clamav.ts";
import { makePdf, makePng, makeXlsx } from "../helpers/documents.ts";
import { bytesOf, ciiInvoice, FACTS, serialise, ublXml, withAttachedFiles } from "../helpers/einvoice.ts";
import { attachment } from "../helpers/mime.ts";
import { buildPdf } from "../helpers/pdf.ts";
import { expectFlagged, expectPassed, receive } from "../helpers/received.ts";

/**
 * Files an invoice carries (EN 16931 BG-24 supporting documents): embedded
 * in a Factur-X PDF, or as base64 in a UBL or CII XML. Each is checked as a
 * file of its own; clean ones become appendices of the purchase invoice,
 * one that is malicious keeps the invoice out.
 */
const encoder = new TextEncoder();
const xml = (name: string, bytes: Uint8Array) => attachment(name, "application/xml", bytes);
const cii = (number: string) => bytesOf(serialise(ciiInvoice({ ...FACTS, number })));

/** The purchase invoice's appendices as the API shows them: name and type, and the bytes its download serves. */
async function appendicesOf(received: Awaited<ReturnType<typeof receive>>) {
  expect(received.invoices).toHaveLength(1);
  const detail = (await call("GET", `/v1/purchase-invoices/${received.invoices[0].id}`, { token: received.account.apiKey })).body;
  const out: { name: string; contentType: string; bytes: Uint8Array }[] = [];
  for (const appendix of detail.appendices) {
    const download = await exports.default.fetch(
      new Request(`${BASE_URL}/v1/purchase-invoices/${detail.id}/appendices/${appendix.id}/file`, { headers: { Authorization: `Bearer ${received.account.apiKey}` } }),
    );
    expect(download.status).toBe(200);
    out.push({ name: appendix.name, contentType: appendix.contentType, bytes: new Uint8Array(await download.arrayBuffer()) });
  }
  return out;
}

describe("files an invoice carries", () => {
  it("makes the supporting documents a Factur-X PDF embeds appendices of its purchase invoice", async () => {
    const png = await makePng(400, 300);
    const csv = encoder.encode("date;hours\n2026-03-01;8\n");
    const appendix = makePdf("timesheet");
    const received = await receive(
      attachment("invoice.pdf", "application/pdf", buildPdf({ attachments: [{ name: "factur-x.xml", data: cii("INV-CARRY-PDF") }, { name: "delivery.png", data: png }, { name: "hours.csv", data: csv }, { name: "timesheet.pdf", data: appendix }] })),
    );
    expectPassed(received, "invoice.pdf");
    expect(received.message.outcome).toBe("imported");
    expect(received.file("delivery.png")).toMatchObject({ verdict: "document", path: "invoice.pdf › delivery.png", purchaseInvoiceId: received.invoices[0].id });
    const appendices = await appendicesOf(received);
    expect(appendices.map((a) => [a.name, a.contentType])).toEqual([
      ["delivery.png", "image/png"],
      ["hours.csv", "text/csv"],
      ["timesheet.pdf", "application/pdf"],
    ]);
    expect(appendices[0]!.bytes).toEqual(png);
    // The invoice XML is what the invoice was read from, not an appendix; the carried files are never invoices of their own.
    expect(received.invoices[0]).toMatchObject({ format: "facturx" });
  });

  it.each([
    ["UBL", (files: Parameters<typeof withAttachedFiles>[1]) => withAttachedFiles(ublXml("INV-CARRY-UBL"), files)],
    ["CII", (files: Parameters<typeof withAttachedFiles>[1]) => withAttachedFiles(cii("INV-CARRY-CII"), files)],
  ])("decodes the base64 files of a %s invoice and makes them appendices", async (_syntax, build) => {
    const png = await makePng(500, 500);
    const xlsx = makeXlsx();
    const received = await receive(xml("invoice.xml", build([{ name: "delivery.png", mime: "image/png", data: png }, { name: "figures.xlsx", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data: xlsx }])));
    expectPassed(received, "invoice.xml");
    const appendices = await appendicesOf(received);
    expect(appendices.map((a) => a.name)).toEqual(["delivery.png", "figures.xlsx"]);
    expect(appendices[0]!.bytes).toEqual(png);
    expect(appendices[1]!.bytes).toEqual(xlsx);
    expect(received.message.outcome).toBe("imported");
  });

  it("keeps out an invoice that carries the EICAR test file, naming the file and the check", async () => {
    const received = await receive(xml("invoice.xml", withAttachedFiles(ublXml("INV-CARRY-EICAR"), [{ name: "terms.txt", mime: "text/plain", data: eicar() }])));
    const item = expectFlagged(received, "invoice.xml", "CARRIED_FILE_REFUSED");
    expect(item.reason).toBe('The invoice carries "terms.txt", which the EICAR check refuses.');
    expect(received.invoices).toEqual([]);
    expect(received.message.files.map((f: any) => f.name)).toEqual(["invoice.xml"]);
  });

  it("keeps out an invoice whose carried file is not valid base64: it cannot be checked", async () => {
    const received = await receive(xml("invoice.xml", withAttachedFiles(ublXml("INV-CARRY-BAD"), [{ name: "delivery.png", mime: "image/png", base64: "iVBORw0K!!!not base64" }])));
    const item = expectFlagged(received, "invoice.xml", "CARRIED_FILE_REFUSED");
    expect(item.reason).toMatch(/cannot be checked: The file "delivery.png" is not valid base64/);
  });

  it("imports a Factur-X whose XML declares an encoding no reader knows, read as UTF-8, with a warning on the purchase invoice", async () => {
    const declared = new TextDecoder().decode(cii("INV-ENCODING")).replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-8-W/O-BOM"?>');
    const received = await receive(attachment("invoice.pdf", "application/pdf", buildPdf({ attachments: [{ name: "factur-x.xml", data: bytesOf(declared) }] })));
    expectPassed(received, "invoice.pdf");
    expect(received.invoices[0]).toMatchObject({ format: "facturx", invoice: { number: "INV-ENCODING" }, warnings: expect.arrayContaining(["XML_ENCODING_UNKNOWN"]) });
  });

  it("does not carry anything for an invoice without files", async () => {
    const received = await receive(xml("invoice.xml", ublXml("INV-CARRY-NONE")));
    expectPassed(received, "invoice.xml");
    expect(await appendicesOf(received)).toEqual([]);
  });
});
