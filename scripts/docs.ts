/**
 * npm run docs: writes the generated tables into docs/ (the reasons into
 * docs/checks.md, the limits into docs/operating.md, the fault points of
 * test/reliability/fault-points.ts into docs/reliability.md). A test fails when the
 * docs differ from what this would write.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { faultPointsTable } from "../test/reliability/fault-points.ts";
import { GENERATED, LIMIT_FILES, limitsTable, rateLimitsTable, reasonsTable, withGenerated } from "./docs/tables.ts";

const root = path.resolve(import.meta.dirname, "..");

const limits = await Promise.all(
  LIMIT_FILES.map(async (file) => ({
    path: file,
    source: await readFile(path.join(root, file), "utf8"),
    values: (await import(path.join(root, file))) as Record<string, unknown>,
  })),
);

const tables = { reasons: reasonsTable(), limits: limitsTable(limits), "rate-limits": rateLimitsTable(), "fault-points": faultPointsTable() };
for (const [name, file] of Object.entries(GENERATED) as [keyof typeof tables, string][]) {
  const target = path.join(root, file);
  const before = await readFile(target, "utf8");
  const after = withGenerated(before, name, tables[name]);
  if (after !== before) await writeFile(target, after);
  console.log(`${file}: the ${name} table is ${after === before ? "current" : "written"}`);
}
