import { adminToken, call } from "./api.ts";
import { belgianNumber } from "./numbers.ts";

export { belgianNumber };

export interface TestAccount {
  id: string;
  apiKey: string;
  vatNumber: string | null;
  companyNumber: string | null;
  account: Record<string, unknown>;
}

export async function createAccount(overrides: Record<string, unknown> = {}): Promise<TestAccount> {
  const number = belgianNumber();
  const response = await call("POST", "/v1/admin/accounts", {
    token: adminToken(),
    body: { name: "Acme Trading BV", country: "BE", vatNumber: `BE${number}`, companyNumber: number, contactEmail: "ap@acme.example", ...overrides },
  });
  if (response.status !== 201) throw new Error(`account creation failed: ${response.status} ${JSON.stringify(response.body)}`);
  const { account, apiKey } = response.body;
  return { id: account.id, apiKey, vatNumber: account.vatNumber, companyNumber: account.companyNumber, account };
}

/** An account with the email connector installed, and its two import addresses. */
export async function createAccountWithConnector(overrides: Record<string, unknown> = {}) {
  const account = await createAccount(overrides);
  const installed = await call("POST", "/v1/connectors/email", { token: account.apiKey });
  if (installed.status !== 201) throw new Error(`connector installation failed: ${installed.status} ${JSON.stringify(installed.body)}`);
  const addresses = installed.body.importAddresses as { address: string; kind: "vat" | "company" }[];
  return {
    ...account,
    vatAddress: addresses.find((a) => a.kind === "vat")?.address,
    companyAddress: addresses.find((a) => a.kind === "company")?.address,
  };
}
