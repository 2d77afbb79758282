import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Bound by vitest.config.ts: the migrations the setup file applies. */
      TEST_MIGRATIONS: D1Migration[];
      /** Bound by vitest.config.ts: whether SAMPLES_DIR exists. */
      SAMPLES_AVAILABLE: boolean;
      /** Bound by vitest.config.ts: serves files from SAMPLES_DIR. */
      SAMPLES: Fetcher;
    }
  }
}
