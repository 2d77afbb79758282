import { expect, it } from "vitest";
import { readPdfObjects } from "../../src/pdf/objects.ts";
import { attachment } from "../helpers/mime.ts";
import { receive } from "../helpers/received.ts";
import { describeWithSamples, listSamples, readSample, readSampleJson } from "../helpers/samples.ts";

/**
 * Real e-invoices of other people's tools (Factur-X, ZUGFeRD, XRechnung,
 * Peppol, EN 16931): no rule may fire on them. The expected facts come from
 * poppler's pdfdetach and pdfinfo (SOURCES.md of the samples).
 */
interface Expected {
  readable?: boolean;
  encrypted?: string | null;
  embedded_files?: string[] | null;
}

/** What no real invoice may be called; whether it is an invoice at all (Order-X is not) is the e-invoice reader's call. */
const FLAGGED = ["malicious", "invalid", "scan_failed"];

describeWithSamples("the rules on real e-invoices", () => {
  it("finds the files each PDF embeds, as pdfdetach does", async () => {
    const expected = await readSampleJson<Record<string, Expected>>("einvoice/expected.json");
    for (const path of await listSamples("einvoice/pdf")) {
      const facts = expected[path.replace(/^einvoice\//, "")]!;
      if (!facts.readable || facts.encrypted) continue;
      const { embeddedFiles, unreadable } = await readPdfObjects(await readSample(path));
      expect(embeddedFiles.map((f) => f.name).sort(), path).toEqual([...(facts.embedded_files ?? [])].sort());
      expect(unreadable, path).toEqual([]);
    }
  });

  it("flags no readable PDF, the one with an owner password included, and calls the cut-off one damaged", { timeout: 60_000 }, async () => {
    const expected = await readSampleJson<Record<string, Expected>>("einvoice/expected.json");
    const paths = await listSamples("einvoice/pdf");
    const received = await receive(...(await Promise.all(paths.map(async (path) => attachment(path.split("/").pop()!, "application/pdf", await readSample(path))))));
    for (const path of paths) {
      const file = received.file(path.split("/").pop()!);
      const facts = expected[path.replace(/^einvoice\//, "")]!;
      if (facts.readable) expect({ path, flagged: FLAGGED.includes(file.verdict) }).toEqual({ path, flagged: false });
      else expect({ path, verdict: file.verdict, reasonCode: file.reasonCode }).toEqual({ path, verdict: "invalid", reasonCode: "PDF_DAMAGED" });
    }
  });

  it("flags no e-invoice XML", { timeout: 60_000 }, async () => {
    const paths = [...(await listSamples("einvoice/ubl")), ...(await listSamples("einvoice/cii"))];
    const received = await receive(...(await Promise.all(paths.map(async (path) => attachment(path.split("/").pop()!, "application/xml", await readSample(path))))));
    for (const path of paths) expect({ path, flagged: FLAGGED.includes(received.file(path.split("/").pop()!).verdict) }).toEqual({ path, flagged: false });
  });
});
