import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../../src/context.ts";
import { importLocalPart, resolveRecipient } from "../../src/inbound/addresses.ts";
import { createAccount, createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";

const DOMAIN = "invoices.example.com";

describe("importLocalPart", () => {
  it.each([
    ["be0123456749@invoices.example.com", "be0123456749"],
    ["BE0123456749@INVOICES.EXAMPLE.COM", "be0123456749"],
    ["Be.0123456749@Invoices.Example.Com", "be.0123456749"],
    ["be0123456749+acme@invoices.example.com", "be0123456749"],
    ["be.0123456749+2026+q4@invoices.example.com", "be.0123456749"],
    ["be0123456749+@invoices.example.com", "be0123456749"],
    ["<be0123456749@invoices.example.com>", "be0123456749"],
    ["  be0123456749@invoices.example.com  ", "be0123456749"],
    ["be0123456749@invoices.example.com.", "be0123456749"],
    ["nl004495445b01@invoices.example.com", "nl004495445b01"],
  ])("reads %s as %s", (rcptTo, localPart) => {
    expect(importLocalPart(rcptTo, DOMAIN)).toBe(localPart);
  });

  it.each([
    ["be0123456749@other.example.com", "another domain"],
    ["be0123456749@sub.invoices.example.com", "a subdomain"],
    ["be0123456749@example.com", "a parent domain"],
    ["be0123456749", "no domain"],
    ["@invoices.example.com", "no local part"],
    ["+tag@invoices.example.com", "only a tag"],
    ['"be0123456749"@invoices.example.com', "a quoted local part"],
    ["be..0123456749@invoices.example.com", "two dots"],
    ["be.01.23@invoices.example.com", "more than one dot"],
    ["be 0123456749@invoices.example.com", "a space"],
    ["be0123456749@invoices.example.com@evil.example", "a second @"],
  ])("refuses %s (%s)", (rcptTo) => {
    expect(importLocalPart(rcptTo, DOMAIN)).toBeNull();
  });
});

describe("resolveRecipient", () => {
  const ctx = createContext(env);
  let account: Awaited<ReturnType<typeof createAccountWithConnector>>;
  beforeAll(async () => {
    account = await createAccountWithConnector();
  });

  it("resolves both import addresses, in any case and with a tag, to the account with an active connector", async () => {
    for (const [rcptTo, kind] of [
      [account.vatAddress!, "vat"],
      [account.vatAddress!.toUpperCase(), "vat"],
      [account.vatAddress!.replace("@", "+supplier-x@"), "vat"],
      [account.companyAddress!, "company"],
      [account.companyAddress!.replace("@", "+Q4@").toUpperCase(), "company"],
    ] as const) {
      expect(await resolveRecipient(ctx, rcptTo)).toEqual({
        accountId: account.id,
        address: kind === "vat" ? account.vatAddress : account.companyAddress,
        kind,
        connectorStatus: "active",
      });
    }
  });

  it("reports an inactive connector, so that the mail can be refused with that reason", async () => {
    const other = await createAccountWithConnector();
    await call("DELETE", "/v1/connectors/email", { token: other.apiKey });
    expect(await resolveRecipient(ctx, other.vatAddress!)).toMatchObject({ accountId: other.id, connectorStatus: "inactive" });
    await call("POST", "/v1/connectors/email", { token: other.apiKey });
    expect(await resolveRecipient(ctx, other.vatAddress!)).toMatchObject({ accountId: other.id, connectorStatus: "active" });
  });

  it("knows nothing of an account that never installed the connector", async () => {
    const uninstalled = await createAccount();
    expect(await resolveRecipient(ctx, `${uninstalled.vatNumber!.toLowerCase()}@${DOMAIN}`)).toBeNull();
    expect(await resolveRecipient(ctx, `be.${uninstalled.companyNumber}@${DOMAIN}`)).toBeNull();
  });

  it.each([
    ["an unknown number", "be0000000097@invoices.example.com"],
    ["the right number on another domain", () => account.vatAddress!.replace(DOMAIN, "other.example.com")],
    ["a company address without the country", () => account.companyAddress!.replace("be.", "")],
    ["a company address under another country", () => account.companyAddress!.replace("be.", "nl.")],
  ])("resolves %s to nothing", async (_what, rcptTo) => {
    expect(await resolveRecipient(ctx, typeof rcptTo === "function" ? rcptTo() : rcptTo)).toBeNull();
  });
});
