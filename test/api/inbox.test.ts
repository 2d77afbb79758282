import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call, download, expectError } from "../helpers/api.ts";
import { makeDocx, makePdf, makeProgram } from "../helpers/documents.ts";
import { deliver, deliverAndSettle, messageIdOf, settled } from "../helpers/mail.ts";
import { attachment, mail, multipart, text, type Leaf } from "../helpers/mime.ts";
import { capturingQueue, runQueue } from "../helpers/queues.ts";
import { rescanned } from "../helpers/received.ts";

type Account = Awaited<ReturnType<typeof createAccountWithConnector>>;

/**
 * Delivers a mail whose files named in `failing` exhausted their scan
 * retries (the dead-letter consumer made them scan_failed), while the
 * others were scanned as usual. Returns the settled inbound message.
 */
async function mailWithFailedScans(a: Account, parts: Leaf[], failing: string[]) {
  const ingest = capturingQueue();
  const scan = capturingQueue();
  const paused = { ...env, INGEST_QUEUE: ingest.binding, SCAN_QUEUE: scan.binding } as Env;
  const raw = mail(multipart("mixed", text("x"), ...parts), { to: a.vatAddress });
  expect((await deliver(raw, { to: a.vatAddress! }, paused)).rejected).toBeNull();
  await runQueue("email-connector-ingest", ingest.sent, paused);
  const files = (await call("GET", `/v1/inbound-messages?messageId=${encodeURIComponent(messageIdOf(raw))}`, { token: a.apiKey })).body.items[0].files as any[];
  const failingIds = new Set(files.filter((f) => failing.includes(f.name)).map((f) => f.id));
  const jobs = scan.sent as { fileId: string }[];
  await runQueue("email-connector-scan", jobs.filter((j) => !failingIds.has(j.fileId)), paused);
  await runQueue("email-connector-scan-dlq", jobs.filter((j) => failingIds.has(j.fileId)), paused);
  return settled(a.apiKey, messageIdOf(raw));
}

async function inbox(a: Account) {
  return (await call("GET", "/v1/inbox", { token: a.apiKey })).body.items as any[];
}

const scanFailedItem = async (a: Account, name = "invoice.pdf", parts: Leaf[] = [attachment(name, "application/pdf", makePdf())]) => {
  const message = await mailWithFailedScans(a, parts, [name]);
  const item = (await inbox(a)).find((i) => i.attachment?.name === name);
  expect(item).toMatchObject({ kind: "scan_failed", rescanning: false });
  return { message, item };
};

describe("GET /v1/inbox/{id}", () => {
  it("shows one item as the list does", async () => {
    const a = await createAccountWithConnector();
    await deliverAndSettle(mail(multipart("mixed", text("x"), attachment("setup.exe", "application/octet-stream", makeProgram("pe"))), { to: a.vatAddress }), a);
    const [listed] = await inbox(a);
    const one = await call("GET", `/v1/inbox/${listed.id}`, { token: a.apiKey });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(listed);
    expect(one.body).toMatchObject({ kind: "malicious", reasonCode: "EXECUTABLE", scanner: "built-in rules", signature: null, rescanning: false, attachment: { name: "setup.exe", detectedType: "application/x-msdownload" } });
  });

  it("answers 404 for an unknown id and for another account's item", async () => {
    const a = await createAccountWithConnector();
    const b = await createAccountWithConnector();
    const { item } = await scanFailedItem(a);
    expectError(await call("GET", "/v1/inbox/inb_00000000000000000000000000", { token: a.apiKey }), 404, "NOT_FOUND");
    expectError(await call("GET", `/v1/inbox/${item.id}`, { token: b.apiKey }), 404, "NOT_FOUND");
  });
});

describe("POST /v1/inbox/{id}/rescan", () => {
  it("rescans, and imports the file with the companion that waited for it: both items resolve", async () => {
    const a = await createAccountWithConnector();
    const message = await mailWithFailedScans(a, [attachment("invoice.pdf", "application/pdf", makePdf()), attachment("timesheet.docx", "application/octet-stream", makeDocx())], ["invoice.pdf"]);
    expect(message.outcome).toBe("flagged");
    const before = await inbox(a);
    expect(before.map((i) => [i.attachment.name, i.kind, i.reasonCode]).sort()).toEqual([
      ["invoice.pdf", "scan_failed", "SCAN_FAILED"],
      ["timesheet.docx", "unsupported", "NO_INVOICE_WITH_APPENDIX"],
    ]);
    const failed = before.find((i) => i.kind === "scan_failed");
    expect((await call("GET", "/v1/connectors/email", { token: a.apiKey })).body.stats).toMatchObject({ documentsImported: 0, documentsFlagged: 2 });

    const rescan = await call("POST", `/v1/inbox/${failed.id}/rescan`, { token: a.apiKey });
    expect(rescan.status).toBe(202);
    expect(rescan.body).toMatchObject({ id: failed.id, kind: "scan_failed", rescanning: true });
    // The mail keeps its outcome while the file waits: a rescan never makes it look stalled.
    const meanwhile = (await call("GET", `/v1/inbound-messages/${message.id}`, { token: a.apiKey })).body;
    expect(meanwhile.outcome).not.toBe("processing");
    await rescanned(a.apiKey, failed.id);
    const done = await settled(a.apiKey, message.messageId);
    expect(done).toMatchObject({ outcome: "imported", documents: [expect.any(String)] });

    const [invoice] = (await call("GET", "/v1/purchase-invoices", { token: a.apiKey })).body.items;
    expect(invoice).toMatchObject({ id: done.documents[0], file: { name: "invoice.pdf" }, appendices: [{ name: "timesheet.docx" }] });
    const after = await inbox(a);
    expect(after).toHaveLength(2);
    for (const item of after) {
      expect(item).toMatchObject({ resolved: true, rescanning: false });
      expect(item.reason).toContain(`Resolved by a rescan: the file is now part of purchase invoice ${invoice.id}.`);
    }
    const stats = (await call("GET", "/v1/connectors/email", { token: a.apiKey })).body.stats;
    expect(stats).toMatchObject({ documentsImported: 1, documentsFlagged: 0 });
  });

  it("says what the file is when the rescan finds it malicious, and reopens the item", async () => {
    const a = await createAccountWithConnector();
    const { message, item } = await scanFailedItem(a, "invoice.pdf", [attachment("invoice.pdf", "application/pdf", makeProgram("pe"))]);
    await call("POST", `/v1/inbox/${item.id}/resolve`, { token: a.apiKey });
    expect((await call("POST", `/v1/inbox/${item.id}/rescan`, { token: a.apiKey })).status).toBe(202);
    const after = await rescanned(a.apiKey, item.id);
    expect((await settled(a.apiKey, message.messageId)).outcome).toBe("flagged");
    expect(after).toMatchObject({ kind: "malicious", reasonCode: "EXECUTABLE", scanner: "built-in rules", resolved: false, rescanning: false });
    expect((await call("GET", "/v1/purchase-invoices", { token: a.apiKey })).body.items).toEqual([]);
  });

  it("is harmless when asked twice before the scan answers", async () => {
    const a = await createAccountWithConnector();
    const { message, item } = await scanFailedItem(a);
    const [first, second] = await Promise.all([call("POST", `/v1/inbox/${item.id}/rescan`, { token: a.apiKey }), call("POST", `/v1/inbox/${item.id}/rescan`, { token: a.apiKey })]);
    expect([first.status, second.status]).toEqual([202, 202]);
    await rescanned(a.apiKey, item.id);
    expect((await settled(a.apiKey, message.messageId)).outcome).toBe("imported");
    expect((await call("GET", "/v1/purchase-invoices", { token: a.apiKey })).body.items).toHaveLength(1);
  });

  it("refuses items that are not scan_failed with 409", async () => {
    const a = await createAccountWithConnector();
    await deliverAndSettle(mail(multipart("mixed", text("x"), attachment("setup.exe", "application/octet-stream", makeProgram("pe"))), { to: a.vatAddress }), a);
    await deliverAndSettle(mail(text("Did you get the invoice?"), { to: a.vatAddress }), a);
    const items = await inbox(a);
    const malicious = items.find((i) => i.kind === "malicious");
    const informational = items.find((i) => i.kind === "no_attachment");
    const refused = await call("POST", `/v1/inbox/${malicious.id}/rescan`, { token: a.apiKey });
    expectError(refused, 409, "CONFLICT");
    expect(refused.body.error.message).toBe("Only items of kind scan_failed (a file that could not be scanned) can be rescanned; this one is malicious.");
    expectError(await call("POST", `/v1/inbox/${informational.id}/rescan`, { token: a.apiKey }), 409, "CONFLICT");
  });

  it("refuses while the connector is inactive, and works once it is active again", async () => {
    const a = await createAccountWithConnector();
    const { message, item } = await scanFailedItem(a);
    await call("DELETE", "/v1/connectors/email", { token: a.apiKey });
    expectError(await call("POST", `/v1/inbox/${item.id}/rescan`, { token: a.apiKey }), 409, "CONNECTOR_INACTIVE");
    expect((await call("GET", `/v1/inbox/${item.id}`, { token: a.apiKey })).body).toMatchObject({ kind: "scan_failed", rescanning: false });
    await call("POST", "/v1/connectors/email", { token: a.apiKey });
    expect((await call("POST", `/v1/inbox/${item.id}/rescan`, { token: a.apiKey })).status).toBe(202);
    await rescanned(a.apiKey, item.id);
    expect((await settled(a.apiKey, message.messageId)).outcome).toBe("imported");
  });

  it("answers 404 for another account's item, and leaves it alone", async () => {
    const a = await createAccountWithConnector();
    const b = await createAccountWithConnector();
    const { item } = await scanFailedItem(a);
    expectError(await call("POST", `/v1/inbox/${item.id}/rescan`, { token: b.apiKey }), 404, "NOT_FOUND");
    expectError(await call("POST", "/v1/inbox/inb_00000000000000000000000000/rescan", { token: a.apiKey }), 404, "NOT_FOUND");
    expect((await call("GET", `/v1/inbox/${item.id}`, { token: a.apiKey })).body).toMatchObject({ kind: "scan_failed", rescanning: false, resolved: false });
  });
});

describe("malicious files are never served", () => {
  it("refuses to serve a purchase invoice's file that has been flagged since", async () => {
    const a = await createAccountWithConnector();
    const message = await deliverAndSettle(mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", makePdf())), { to: a.vatAddress }), a);
    const path = `/v1/purchase-invoices/${message.documents[0]}/file`;
    expect((await download(a.apiKey, path)).response.status).toBe(200);
    // Say a late signature update found it malicious: the verdict is what counts, not the link.
    await env.DB.prepare("UPDATE inbound_files SET verdict = 'malicious', reason_code = 'VIRUS_FOUND' WHERE id = ?").bind(message.files[0].id).run();
    const refused = await call("GET", path, { token: a.apiKey });
    expectError(refused, 409, "CONFLICT");
    expect(refused.body.error.message).toBe('The file "invoice.pdf" is malicious (VIRUS_FOUND), so it is not served.');
  });
});
