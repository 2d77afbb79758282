import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { samplesAvailable, serveSample } from "../vitest.config.ts";

/**
 * The e-invoice extraction benchmark, run inside workerd like the tests:
 * `npm run bench:einvoice`. It reads the samples through the SAMPLES binding
 * and writes its figures through BENCH_RESULTS to bench/results/.
 */
const root = path.resolve(import.meta.dirname, "..");
const resultsDir = path.join(root, "bench/results");

async function writeResult(request: Request): Promise<Response> {
  const name = path.basename(new URL(request.url).pathname);
  if (!/^[\w.-]+\.json$/.test(name)) return new Response("a results file name ends in .json", { status: 400 });
  await mkdir(resultsDir, { recursive: true });
  await writeFile(path.join(resultsDir, name), await request.text());
  return new Response("written");
}

if (!samplesAvailable) throw new Error("The benchmark reads the third-party samples: set SAMPLES_DIR.");

export default defineConfig({
  root,
  plugins: [
    cloudflareTest({
      wrangler: { configPath: path.join(root, "wrangler.toml") },
      miniflare: {
        bindings: { SAMPLES_AVAILABLE: samplesAvailable },
        serviceBindings: { SAMPLES: serveSample, BENCH_RESULTS: writeResult },
      },
    }),
  ],
  test: {
    include: ["bench/worker/einvoice.bench.ts"],
    testTimeout: 300_000,
  },
});
