import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";
import { makePdf } from "../helpers/documents.ts";
import { deliverAndSettle } from "../helpers/mail.ts";
import { createPartner } from "../helpers/partners.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";

/**
 * `q` is plain text of any length a person types: `%`, `_` and `\` are
 * characters, not wildcards or escapes, and a long query works on D1,
 * which refuses LIKE patterns over 50 bytes (these tests run on the
 * production-like D1, test/setup/production-d1.ts).
 */

/** 120 characters, 132 bytes in UTF-8: far over the 50 bytes D1 allows a LIKE pattern. */
const LONG = "Facture n° 2026-0042 de la Société Générale d'Électricité du Nord, livraison de décembre, réf. ÉLEC-77/2026, échéance 30";

describe("searching purchase invoices", () => {
  let account: Awaited<ReturnType<typeof createAccountWithConnector>>;
  const subjects: Record<string, string> = {
    underscores: "Invoice INV_2026_7",
    lookalike: "Invoice INVX2026X7",
    percent: "Discount 100% applied",
    backslash: "Scanned from C:\\Invoices\\2026",
    long: `Re: ${LONG}`,
  };
  const found = async (q: string) => {
    const response = await call("GET", `/v1/purchase-invoices?q=${encodeURIComponent(q)}`, { token: account.apiKey });
    expect(response.status).toBe(200);
    return response.body.items.map((i: any) => i.source.subject).sort();
  };

  beforeAll(async () => {
    account = await createAccountWithConnector();
    for (const [label, subject] of Object.entries(subjects)) {
      await deliverAndSettle(mail(multipart("mixed", text("x"), attachment(`${label}.pdf`, "application/pdf", makePdf(label))), { to: account.vatAddress, subject }), account);
    }
  });

  it.each([
    ["INV_2026_7", ["underscores"]],
    ["%", ["percent"]],
    ["_", ["underscores"]],
    ["\\", ["backslash"]],
    ["\\Invoices", ["backslash"]],
    [LONG.toUpperCase(), ["long"]],
    [`${LONG}!`, []],
  ])("finds %j as the characters it is", async (q, labels) => {
    expect(await found(q)).toEqual(labels.map((l) => subjects[l]).sort());
  });

  it("takes a query of up to 200 characters", async () => {
    expect(await found(`${LONG} ${"x".repeat(200 - LONG.length - 1)}`)).toEqual([]);
    expect((await call("GET", `/v1/purchase-invoices?q=${"x".repeat(201)}`, { token: account.apiKey })).status).toBe(400);
  });
});

describe("searching partners", () => {
  let apiKey: string;
  const names = ["INV_2026_7 Holding", "INVX2026X7 Trading", "100% Bio BV", "C\\D Consulting", LONG];
  const found = async (q: string) => {
    const response = await call("GET", `/v1/partners?q=${encodeURIComponent(q)}`, { token: apiKey });
    expect(response.status).toBe(200);
    return response.body.items.map((p: any) => p.name).sort();
  };

  beforeAll(async () => {
    ({ apiKey } = await createAccount());
    for (const name of names) await createPartner(apiKey, { name, email: null });
  });

  it.each([
    ["INV_2026_7", ["INV_2026_7 Holding"]],
    ["%", ["100% Bio BV"]],
    ["_", ["INV_2026_7 Holding"]],
    ["\\", ["C\\D Consulting"]],
    [LONG.toUpperCase(), [LONG]],
    [`${LONG}!`, []],
  ])("finds %j as the characters it is", async (q, expected) => {
    expect(await found(q)).toEqual(expected.sort());
  });

  it("finds a name in any case, accents included", async () => {
    await createPartner(apiKey, { name: "Ökotech Ärzte GmbH", email: "RECHNUNG@OKOTECH.EXAMPLE" });
    expect(await found("öKOTECH äRZTE")).toEqual(["Ökotech Ärzte GmbH"]);
    expect(await found("rechnung@oko")).toEqual(["Ökotech Ärzte GmbH"]);
  });
});
