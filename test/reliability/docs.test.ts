import { expect, it } from "vitest";
import { GENERATED, withGenerated } from "../../scripts/docs/tables.ts";
import { faultPointsTable } from "./fault-points.ts";

const docs = import.meta.glob<string>("../../docs/*.md", { query: "?raw", import: "default", eager: true });

it("docs/reliability.md lists every fault point of the tests, as npm run docs writes them", () => {
  const reliability = docs[`../../${GENERATED["fault-points"]}`]!;
  expect(reliability, "run npm run docs").toBe(withGenerated(reliability, "fault-points", faultPointsTable()));
});
