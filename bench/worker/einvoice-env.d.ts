declare global {
  namespace Cloudflare {
    interface Env {
      /** Bound by bench/einvoice.config.ts: PUT /<name> writes bench/results/<name>. */
      BENCH_RESULTS: Fetcher;
    }
  }
}

export {};
