import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { unstable_readConfig } from "wrangler";
import type { TestClamd } from "./test/global-setup.ts";

// The operator token of the tests. wrangler reads required secrets from the
// environment when there is no .dev.vars; a real token is a Worker secret.
process.env.ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";
process.env.BOUNCE_SECRET = "test-bounce-secret-0123456789abcdefghijklmn";

/**
 * Third-party samples are never copied into the repository: the tests read
 * them from SAMPLES_DIR through the SAMPLES service binding, which runs here
 * in Node. Without the folder those tests skip, except in CI.
 */
export const samplesDir = path.resolve(process.env.SAMPLES_DIR ?? path.join(import.meta.dirname, "../shared/samples"));
export const samplesAvailable = existsSync(samplesDir);
if (!samplesAvailable && process.env.CI === "true") {
  throw new Error(`The third-party samples are missing at ${samplesDir} (set SAMPLES_DIR): CI must run the sample tests.`);
}

/** GET /<dir>/ lists the files under a folder (recursively); GET /<file> returns its bytes. */
export async function serveSample(request: Request): Promise<Response> {
  const relative = decodeURIComponent(new URL(request.url).pathname);
  const target = path.resolve(samplesDir, `.${relative}`);
  if (target !== samplesDir && !target.startsWith(samplesDir + path.sep)) return new Response("outside the samples", { status: 403 });
  try {
    if (relative.endsWith("/")) {
      const entries = await readdir(target, { recursive: true, withFileTypes: true });
      const files = entries.filter((e) => e.isFile()).map((e) => path.relative(samplesDir, path.join(e.parentPath, e.name)));
      return Response.json(files.sort());
    }
    return new Response(await readFile(target));
  } catch {
    return new Response("no such sample", { status: 404 });
  }
}

const wranglerConfig = unstable_readConfig({ config: path.join(import.meta.dirname, "wrangler.toml") });
const consumers: { queue: string; max_batch_size?: number; max_retries?: number; retry_delay?: number; dead_letter_queue?: string }[] = wranglerConfig.queues.consumers ?? [];

/** Each consumer's max_batch_size (Cloudflare's default is 10), for the test that counts the queries of the largest batch. */
const queueBatchSizes = Object.fromEntries(consumers.map((consumer) => [consumer.queue, consumer.max_batch_size ?? 10]));

/** Each consumer's max_retries (Cloudflare's default is 3) and dead-letter queue, for the fault tests' pipeline (test/helpers/pipeline.ts). */
const queueRetries = Object.fromEntries(
  consumers.map((consumer) => [consumer.queue, { maxRetries: consumer.max_retries ?? 3, retryDelay: consumer.retry_delay ?? 0, deadLetterQueue: consumer.dead_letter_queue ?? null }]),
);

/**
 * The queue consumers exactly as wrangler.toml sets them (retries, dead-letter
 * queues), except for the batch timeout: tests should not wait a second per
 * step. A miniflare override replaces the whole consumer entry, hence the copy.
 */
const TEST_BATCH_TIMEOUT_SECONDS = 0.05;
const queueConsumers = Object.fromEntries(
  consumers.map((consumer) => [
    consumer.queue,
    {
      maxBatchSize: consumer.max_batch_size,
      maxBatchTimeout: TEST_BATCH_TIMEOUT_SECONDS,
      maxRetries: consumer.max_retries,
      retryDelay: consumer.retry_delay,
      deadLetterQueue: consumer.dead_letter_queue,
    },
  ]),
);

/**
 * The rate limits of wrangler.toml, raised for the suite, which calls the
 * Worker thousands of times a minute with one operator token; the limits
 * themselves are tested (test/security/rate-limits.test.ts) by handing the
 * Worker the small test limiter below in their place.
 */
const ratelimits = {
  ...Object.fromEntries(
    (wranglerConfig.ratelimits ?? [])
      // The web app's sign-in limits stay as configured: each test signs in as a person of its own, and test/web tests them as they are.
      .filter((limiter: { name: string }) => !limiter.name.startsWith("AUTH_"))
      .map((limiter: { name: string; namespace_id: string }) => [limiter.name, { namespace_id: limiter.namespace_id, simple: { limit: 1_000_000, period: 60 as const } }]),
  ),
  TEST_SMALL_RATE_LIMITER: { namespace_id: "9001", simple: { limit: 3, period: 10 as const } },
};

/**
 * The clamd that test/global-setup.ts started, if any. The Worker gets
 * CLAMD_HOST/CLAMD_PORT only when it runs (always in CI): without clamd the
 * Worker scans with its built-in rules only, as in production without clamd,
 * and the tests that need clamd skip.
 */
function clamdBindings(clamd: TestClamd) {
  return {
    ...(clamd.available ? { CLAMD_HOST: "127.0.0.1", CLAMD_PORT: String(clamd.port) } : {}),
    TEST_CLAMD_AVAILABLE: clamd.available,
    TEST_CLAMD_STREAM_MAX_LENGTH: clamd.streamMaxLength,
    TEST_SILENT_PORT: clamd.silentPort,
    TEST_WEB_PORT: clamd.webPort,
    TEST_UNUSED_PORT: clamd.unusedPort,
  };
}

export default defineConfig({
  test: {
    // The Worker's JSON log lines are for operators; show them only for failing tests.
    silent: "passed-only" as const,
    projects: [
      {
        // Everything but the browser tests: inside workerd, through the Worker's own handlers.
        extends: true,
        plugins: [
          cloudflareTest(async ({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations(path.join(import.meta.dirname, "migrations")),
                TEST_QUEUE_BATCH_SIZES: queueBatchSizes,
                TEST_QUEUE_RETRIES: queueRetries,
                SAMPLES_AVAILABLE: samplesAvailable,
                ...clamdBindings(inject("clamd")),
              },
              serviceBindings: { SAMPLES: serveSample },
              queueConsumers,
              ratelimits,
              // The Peppol connector's queue is optional in production; tests bind it (nothing consumes it here)
              // and check the unbound case with an env that lacks it.
              queueProducers: { PEPPOL_QUEUE: { queueName: "peppol-connector-test" } },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/**/*.test.ts"],
          exclude: ["test/browser/**"],
          globalSetup: ["./test/global-setup.ts"],
          setupFiles: ["./test/setup/apply-migrations.ts", "./test/setup/production-d1.ts"],
          // A timeout only catches a test that hangs. CI has two cores; a mail of a hundred files that
          // takes 3 s alone takes 15 s while the other worker runs a heavy file beside it.
          testTimeout: 60_000,
        },
      },
      {
        // The web app in a real browser (Debian's chromium through playwright-core), in Node,
        // against the Worker under `wrangler dev` that test/browser/global-setup.ts starts.
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          globalSetup: ["./test/browser/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // expect.poll waits 1 s by default: a navigation takes longer while the workers project fills both cores.
          expect: { poll: { timeout: 15_000 } },
          // One browser and one wrangler dev: the flows run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
