import { defineConfig } from "drizzle-kit";

// Migrations are generated offline into migrations/ and applied by
// `wrangler d1 migrations apply` (and by the test setup), never by drizzle-kit.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema/index.ts",
  out: "./migrations",
});
