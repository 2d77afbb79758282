import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Bound by vitest.config.ts: the migrations the setup file applies. */
      TEST_MIGRATIONS: D1Migration[];
      /** Bound by vitest.config.ts: each queue consumer's max_batch_size, as wrangler.toml sets it. */
      TEST_QUEUE_BATCH_SIZES: Record<string, number>;
      /** Bound by vitest.config.ts: each queue consumer's max_retries, retry_delay and dead-letter queue, as wrangler.toml sets them. */
      TEST_QUEUE_RETRIES: Record<string, { maxRetries: number; retryDelay: number; deadLetterQueue: string | null }>;
      /** Bound by vitest.config.ts: whether SAMPLES_DIR exists. */
      SAMPLES_AVAILABLE: boolean;
      /** Bound by vitest.config.ts: serves files from SAMPLES_DIR. */
      SAMPLES: Fetcher;
      /** Bound by vitest.config.ts: whether a test clamd runs (then CLAMD_HOST and CLAMD_PORT point at it). */
      TEST_CLAMD_AVAILABLE: boolean;
      /** Bound by vitest.config.ts: the test clamd's StreamMaxLength in bytes. */
      TEST_CLAMD_STREAM_MAX_LENGTH: number;
      /** Bound by vitest.config.ts: a port on 127.0.0.1 that accepts connections and never answers. */
      TEST_SILENT_PORT: number;
      /** Bound by vitest.config.ts: a port on 127.0.0.1 where a web server answers instead of clamd. */
      TEST_WEB_PORT: number;
      /** Bound by vitest.config.ts: a port on 127.0.0.1 where nothing listens. */
      TEST_UNUSED_PORT: number;
    }
  }
}

declare global {
  interface ImportMeta {
    /** Vite's glob import, for tests that read sources and docs as text (`query: "?raw"`) or load modules by pattern. */
    glob<T = unknown>(pattern: string | string[], options: { query?: "?raw"; import?: "default"; eager: true }): Record<string, T>;
  }
}

declare global {
  namespace Cloudflare {
    interface Env {
      /** Bound by vitest.config.ts: a rate limiter of 3 per 10 seconds, handed to the Worker in place of a real one to test the limits. */
      TEST_SMALL_RATE_LIMITER: RateLimit;
    }
  }
}
