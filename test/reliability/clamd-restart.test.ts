import { env } from "cloudflare:workers";
import { afterEach, expect, it, vi } from "vitest";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";
import { describeWithClamd } from "../helpers/clamav.ts";
import { Pipeline, withVirtualClock } from "../helpers/pipeline.ts";
import { scenarioMails } from "./scenarios.ts";
import { finalState } from "./state.ts";

afterEach(() => vi.useRealTimers());

const MAILS = 8;

/** Mails from MAILS suppliers at once to one account, all through the pipeline; the account's final state. */
async function burst(pipeline: Pipeline, account: Awaited<ReturnType<typeof createAccountWithConnector>>) {
  for (let i = 0; i < MAILS; i++) {
    const { invoices } = scenarioMails(`${account.vatAddress!}`, `supplier-${i}`);
    expect((await pipeline.email(invoices, account.vatAddress!)).rejected).toBeNull();
  }
  await pipeline.drain(5_000);
  return finalState(account.id);
}

describeWithClamd("clamd restarting while mails arrive", () => {
  it("makes the files wait and then import; none is imported unscanned meanwhile", async () => {
    const expected = await withVirtualClock(async () => burst(new Pipeline(), await createAccountWithConnector()));
    const account = await createAccountWithConnector();
    const pipeline = new Pipeline();
    let importedWhileDown = 0;
    let waited = 0;
    pipeline.afterEachDelivery = async () => {
      const invoices = await env.DB.prepare("SELECT count(*) AS n FROM purchase_invoices WHERE account_id = ?").bind(account.id).first<number>("n");
      if (Date.now() < pipeline.clamdDownUntil) importedWhileDown += invoices!;
      const waiting = await env.DB.prepare("SELECT count(*) AS n FROM inbound_files WHERE account_id = ? AND verdict IS NULL AND scan_attempts > 0").bind(account.id).first<number>("n");
      waited = Math.max(waited, waiting!);
    };
    const state = await withVirtualClock(async () => {
      // Down for 20 minutes from the first mail: several retries of each scan (30 s doubling) fall in it.
      pipeline.clamdDownUntil = Date.now() + 20 * 60_000;
      return burst(pipeline, account);
    });
    expect(waited, "files waited for clamd").toBeGreaterThan(0);
    expect(importedWhileDown).toBe(0);
    expect(state).toEqual(expected);
  }, 60_000);

  it("leaves files scan_failed, never imported, when clamd stays down past every retry; a rescan imports them", async () => {
    const account = await createAccountWithConnector();
    const pipeline = new Pipeline();
    await withVirtualClock(async () => {
      pipeline.clamdDownUntil = Number.MAX_SAFE_INTEGER;
      const { invoices } = scenarioMails(account.vatAddress!);
      expect((await pipeline.email(invoices, account.vatAddress!)).rejected).toBeNull();
      await pipeline.drain();
    });
    expect(pipeline.deadLettered.filter((q) => q === "email-connector-scan").length).toBeGreaterThan(0);
    const down = await finalState(account.id);
    expect(down.invoices).toEqual([]);
    const failed = down.inbox.map((i) => JSON.parse(i)).filter((i) => i.kind === "scan_failed");
    expect(failed.length).toBeGreaterThan(0);
    // clamd is back: the account rescans what failed, and the files import.
    pipeline.clamdDownUntil = 0;
    const items = (await call("GET", "/v1/inbox?kind=scan_failed", { token: account.apiKey, env: pipeline.env() })).body.items as { id: string }[];
    await withVirtualClock(async () => {
      for (const item of items) expect((await call("POST", `/v1/inbox/${item.id}/rescan`, { token: account.apiKey, env: pipeline.env() })).status).toBe(202);
      await pipeline.drain();
    });
    const after = await finalState(account.id);
    expect(after.invoices.length).toBeGreaterThan(0);
    expect(after.files.map((f) => JSON.parse(f).verdict)).not.toContain("scan_failed");
  }, 60_000);
});
