import { call } from "./api.ts";

/** A partner of the account behind `apiKey`; a customer with an email unless overridden. */
export async function createPartner(apiKey: string, overrides: Record<string, unknown> = {}) {
  const response = await call("POST", "/v1/partners", {
    token: apiKey,
    body: { name: "Globex NV", email: "ap@globex.example", ...overrides },
  });
  if (response.status !== 201) throw new Error(`partner creation failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
