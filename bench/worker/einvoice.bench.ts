import { env } from "cloudflare:workers";
import { SaxesParser } from "saxes";
import { expect, it } from "vitest";
import { readEInvoice, type EInvoiceFormat } from "../../src/einvoice/index.ts";
import { MAX_XML_BYTES } from "../../src/einvoice/limits.ts";
import { carriedFiles } from "../../src/scan/carried.ts";
import { decide } from "../../src/scan/decide.ts";
import { bytesOf, NS } from "../../test/helpers/einvoice.ts";
import { buildPdf } from "../../test/helpers/pdf.ts";
import { listSamples, readSample } from "../../test/helpers/samples.ts";

/**
 * Extraction time per document, per format, inside workerd. Each document is
 * timed against a baseline measured in the same run: a bare namespace-aware
 * parse (saxes, no handlers) of the same XML bytes (for a PDF: of the invoice
 * XML it embeds), the least any reader of that XML must spend.
 */

/** Each measurement repeats the work until this much time has passed, so the timer's resolution does not matter. */
const MEASURE_MS = 60;
/** Measurements per document; the median is kept. */
const ROUNDS = 5;

/**
 * Median time of one call of `work`, over ROUNDS rounds of MEASURE_MS each.
 * Asynchronous work (the checks sniff with file-type) is awaited; synchronous
 * work is not, so that a microtask per call does not weigh on a bare parse.
 */
async function perCall(work: () => unknown): Promise<number> {
  const once = async () => {
    const result = work();
    if (result instanceof Promise) await result;
  };
  for (let i = 0; i < 3; i++) await once();
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let calls = 0;
    const started = performance.now();
    let elapsed = 0;
    do {
      await once();
      calls++;
      elapsed = performance.now() - started;
    } while (elapsed < MEASURE_MS);
    rounds.push(elapsed / calls);
  }
  return rounds.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
}

function bareParse(xml: Uint8Array): void {
  new SaxesParser({ xmlns: true, position: false }).write(new TextDecoder().decode(xml)).close();
}

interface DocumentFigure {
  file: string;
  format: EInvoiceFormat;
  bytes: number;
  xmlBytes: number;
  ms: number;
  /** The whole scan decision without ClamAV (decide: every built-in rule, the PDF object sweep, the reading) and the files it carries. */
  checksMs: number;
  baselineMs: number;
  ratio: number;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

it("measures e-invoice extraction per format", async () => {
  const documents: DocumentFigure[] = [];
  for (const file of await listSamples("einvoice")) {
    if (file.endsWith(".json")) continue;
    const bytes = await readSample(file);
    const result = readEInvoice(bytes);
    if (result.kind !== "einvoice") continue;
    const xml = result.reading.embeddedXml?.bytes ?? bytes;
    const ms = await perCall(() => readEInvoice(bytes));
    const checksMs = await perCall(async () => {
      await decide({ bytes, originalName: file.split("/").at(-1)!, source: "attachment" });
      await carriedFiles(bytes);
    });
    const baselineMs = await perCall(() => bareParse(xml));
    documents.push({ file, format: result.reading.format, bytes: bytes.length, xmlBytes: xml.length, ms, checksMs, baselineMs, ratio: ms / baselineMs });
  }
  expect(documents.length).toBeGreaterThan(0);

  const formats = [...new Set(documents.map((d) => d.format))].sort().map((format) => {
    const group = documents.filter((d) => d.format === format);
    const mean = (pick: (d: DocumentFigure) => number) => group.reduce((sum, d) => sum + pick(d), 0) / group.length;
    return {
      format,
      documents: group.length,
      meanBytes: Math.round(mean((d) => d.bytes)),
      msPerDocument: round(mean((d) => d.ms)),
      maxMsPerDocument: round(Math.max(...group.map((d) => d.ms))),
      baselineMsPerDocument: round(mean((d) => d.baselineMs)),
      ratioToBaseline: round(mean((d) => d.ms) / mean((d) => d.baselineMs), 2),
      checksMsPerDocument: round(mean((d) => d.checksMs)),
      checksRatioToBaseline: round(mean((d) => d.checksMs) / mean((d) => d.baselineMs), 2),
    };
  });

  // What refusing hostile input costs: a billion-laughs DOCTYPE, and a PDF whose attachment inflates to 64 MiB.
  const laughs = bytesOf(
    `<!DOCTYPE Invoice [<!ENTITY a "${"x".repeat(1000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Invoice xmlns="${NS.ublInvoice}">&b;</Invoice>`,
  );
  const bomb = buildPdf({ attachments: [{ name: "factur-x.xml", data: new Uint8Array(4 * MAX_XML_BYTES) }] });
  const refusals = [
    { input: "XML with a DOCTYPE", bytes: laughs.length, msPerDocument: round(await perCall(() => readEInvoice(laughs))) },
    { input: "PDF attachment inflating to 64 MiB", bytes: bomb.length, msPerDocument: round(await perCall(() => readEInvoice(bomb))) },
  ];

  console.log(
    [
      "E-invoice extraction per document (workerd; baseline = bare saxes parse of the same invoice XML)",
      "format     docs  mean size   ms/doc   max ms   baseline ms   ratio   checks ms   checks ratio",
      ...formats.map(
        (f) =>
          `${f.format.padEnd(10)} ${String(f.documents).padStart(4)} ${`${(f.meanBytes / 1024).toFixed(0)} KiB`.padStart(10)} ${f.msPerDocument.toFixed(3).padStart(8)} ${f.maxMsPerDocument.toFixed(3).padStart(8)} ${f.baselineMsPerDocument.toFixed(3).padStart(13)} ${`${f.ratioToBaseline.toFixed(2)}x`.padStart(7)} ${f.checksMsPerDocument.toFixed(3).padStart(11)} ${`${f.checksRatioToBaseline.toFixed(2)}x`.padStart(14)}`,
      ),
      ...refusals.map((r) => `refusing ${r.input}: ${r.msPerDocument.toFixed(3)} ms`),
    ].join("\n"),
  );

  const report = {
    measuredAt: new Date().toISOString(),
    runtime: "workerd (vitest + @cloudflare/vitest-plugin)",
    method: `median of ${ROUNDS} rounds of at least ${MEASURE_MS} ms each, per document`,
    baseline: "bare namespace-aware parse (saxes, no handlers) of the same invoice XML bytes",
    formats,
    refusals,
    checks: "decide() (every built-in rule, the PDF object sweep, the e-invoice reading; no ClamAV) and carriedFiles() (supporting documents embedded or carried as base64)",
    documents: documents.map((d) => ({ ...d, ms: round(d.ms), checksMs: round(d.checksMs), baselineMs: round(d.baselineMs), ratio: round(d.ratio, 2) })),
  };
  const written = await env.BENCH_RESULTS.fetch("http://bench/einvoice.json", { method: "PUT", body: JSON.stringify(report, null, 2) });
  expect(written.ok).toBe(true);
}, 300_000);
