import { describe, expect, it } from "vitest";
import { createAccount } from "../helpers/accounts.ts";
import { call, expectError } from "../helpers/api.ts";
import { partnerCsv } from "../helpers/partner-csv.ts";
import { MAX_IMPORT_ROWS } from "../../src/partners/limits.ts";

const importCsv = (apiKey: string, csv: string, type = "text/csv; charset=utf-8") => call("POST", "/v1/partners/import", { token: apiKey, body: csv, headers: { "Content-Type": type } });

describe("POST /v1/partners/import", () => {
  it("saves the rows that pass, with email delivery on, and lists the others with their line and why", async () => {
    const { apiKey } = await createAccount();
    const { csv, badLines, names } = partnerCsv(20, [3, 9, 15]);
    const response = await importCsv(apiKey, csv);
    expect(response.status).toBe(200);
    expect(response.body.created.map((c: { name: string }) => c.name)).toEqual(names);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ row: badLines[0], field: "vatNumber", problem: "VAT_INVALID" }),
      expect.objectContaining({ row: badLines[1], field: "email", problem: "EMAIL_INVALID", value: "not-an-address" }),
      expect.objectContaining({ row: badLines[2], field: "name", problem: "NAME_REQUIRED" }),
    ]);
    const listed = await call("GET", "/v1/partners?limit=50", { token: apiKey });
    expect(listed.body.items).toHaveLength(17);
    expect(listed.body.items[0].deliveryChannels[0]).toMatchObject({ channel: "email", enabled: true });

    // The same file again: every VAT number is now taken, nothing is saved twice.
    const again = await importCsv(apiKey, csv);
    expect(again.body.created).toEqual([]);
    expect(again.body.errors.filter((e: { problem: string }) => e.problem === "VAT_TAKEN")).toHaveLength(17);
    expect((await call("GET", "/v1/partners?limit=50", { token: apiKey })).body.items).toHaveLength(17);
  });

  it("refuses a VAT number twice in one file, a file without the template's header, too many rows, and another media type", async () => {
    const { apiKey } = await createAccount();
    const { csv } = partnerCsv(1);
    const [header, row] = csv.trim().split("\r\n");
    const twice = await importCsv(apiKey, `${header}\n${row}\n${row!.replace("Partner 1", "Partner 1 again")}\n`);
    expect(twice.body.created).toHaveLength(1);
    expect(twice.body.errors).toEqual([expect.objectContaining({ row: 3, field: "vatNumber", problem: "VAT_TAKEN" })]);

    expectError(await importCsv(apiKey, "company,mail\nGlobex,ap@globex.example\n"), 422, "VALIDATION_FAILED");
    expectError(await importCsv(apiKey, "name;colour\nGlobex;blue\n"), 422, "VALIDATION_FAILED");
    const tooMany = await importCsv(apiKey, `name\n${Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `P${i}`).join("\n")}\n`);
    expectError(tooMany, 413, "PAYLOAD_TOO_LARGE");
    expect(tooMany.body.error.message).toContain(`at most ${MAX_IMPORT_ROWS}`);
    expectError(await importCsv(apiKey, csv, "application/json"), 415, "UNSUPPORTED_MEDIA_TYPE");
    expect((await call("GET", "/v1/partners", { token: apiKey })).body.items).toHaveLength(1);
  });

  it("takes exactly the limit, quoted fields and a comma-separated file", async () => {
    const { apiKey } = await createAccount();
    const rows = Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => `"Partner ${i}, ""the ${i}th"""`).join("\r\n");
    const response = await importCsv(apiKey, `\uFEFFname,city\r\n${rows}\r\n`);
    expect(response.body.created).toHaveLength(MAX_IMPORT_ROWS);
    expect(response.body.created[1].name).toBe('Partner 1, "the 1th"');
  });
});
