import { expect, vi } from "vitest";
import { createAccountWithConnector } from "./accounts.ts";
import { call } from "./api.ts";
import { deliverAndSettle, SETTLE_TIMEOUT_MS } from "./mail.ts";
import { mail, multipart, text, type Node } from "./mime.ts";

export type Account = Awaited<ReturnType<typeof createAccountWithConnector>>;

/**
 * Mails `parts` to a new account's import address through email() and
 * waits for the pipeline (ingest, scan, completion) to finish. Returns what
 * a user sees: the inbound message with its files, the inbox and the
 * purchase invoices.
 */
export async function receive(...parts: Node[]) {
  return receiveMail((to) => mail(multipart("mixed", text("Please find the invoice attached."), ...parts), { to }));
}

/**
 * Mails what `build` writes for a new account's import address through
 * email(), and returns what a user sees once the pipeline is done, as
 * receive() does.
 */
export async function receiveMail(build: (to: string) => Uint8Array, envelope: { from?: string } = {}) {
  const account = await createAccountWithConnector();
  const message = await deliverAndSettle(build(account.vatAddress!), account, envelope);
  const inbox = (await call("GET", "/v1/inbox", { token: account.apiKey })).body.items as any[];
  const invoices = (await call("GET", "/v1/purchase-invoices", { token: account.apiKey })).body.items as any[];
  const file = (name: string): any => {
    const found = message.files.find((f: any) => f.name === name);
    if (!found) throw new Error(`no file named ${JSON.stringify(name)} in ${JSON.stringify(message.files.map((f: any) => f.name))}`);
    return found;
  };
  /** The skipped parts as [path, why] pairs, in the mail's order. */
  const skipped = (): [string, string][] => message.skippedParts.map((p: any) => [p.path, p.why]);
  return { account, message, inbox, invoices, file, skipped, item: (name: string): any => inbox.find((i) => i.attachment?.name === name) };
}

export type Received = Awaited<ReturnType<typeof receive>>;

/** The file `name` is malicious by the rule `code`, and the inbox says so. */
export function expectFlagged(received: Received, name: string, code: string, scanner = "built-in rules") {
  expect(received.file(name)).toMatchObject({ verdict: "malicious", reasonCode: code, purchaseInvoiceId: null });
  const item = received.item(name);
  expect(item).toMatchObject({ kind: "malicious", reasonCode: code, scanner, resolved: false, attachment: { name } });
  expect(item.reason.length).toBeGreaterThan(20);
  return item;
}

/** No rule fired on the file `name`: it has the verdict given, and nothing calls it malicious. */
export function expectPassed(received: Received, name: string, verdict: "document" | "companion" | "unsupported" | "invalid" | "ignored" = "document") {
  expect(received.file(name)).toMatchObject({ verdict, reasonCode: verdict === "document" || verdict === "companion" ? null : expect.any(String) });
  expect(received.item(name)?.kind).not.toBe("malicious");
}

/** Waits for a rescan to finish: the item as it is once its file has a verdict again. */
export async function rescanned(apiKey: string, itemId: string, timeout = SETTLE_TIMEOUT_MS): Promise<any> {
  return vi.waitUntil(
    async () => {
      const item = (await call("GET", `/v1/inbox/${itemId}`, { token: apiKey })).body;
      return item.rescanning === false ? item : false;
    },
    { timeout, interval: 50 },
  );
}
