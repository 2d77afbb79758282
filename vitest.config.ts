import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// The operator token of the tests. wrangler reads required secrets from the
// environment when there is no .dev.vars; a real token is a Worker secret.
process.env.ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";

export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(path.join(import.meta.dirname, "migrations")),
        },
      },
    }),
  ],
  test: {
    setupFiles: ["./test/setup/apply-migrations.ts"],
  },
}));
