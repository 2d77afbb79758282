import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { MAX_INBOX_ITEMS_PER_MAIL } from "../../src/limits.ts";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call, download, expectError } from "../helpers/api.ts";
import { HASH_MATCH_FILE, describeWithClamd, markedFile } from "../helpers/clamav.ts";
import { makePdf, makeProgram, makeZip } from "../helpers/documents.ts";
import { deliver, messageIdOf, settled } from "../helpers/mail.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";
import { capturingQueue, runQueue } from "../helpers/queues.ts";
import { expectPassed, receive, rescanned } from "../helpers/received.ts";

/**
 * ClamAV in the scan step. With the test clamd (its own signatures fire on
 * harmless marked files), and with clamd down: an unused port stands for
 * it, so those tests run whether clamd is installed or not.
 */
describeWithClamd("ClamAV in the pipeline", () => {
  it("makes a file it finds malicious, keeping the signature, while the invoice beside it is imported", async () => {
    const received = await receive(attachment("invoice.pdf", "application/pdf", makePdf()), attachment("notes.txt", "text/plain", markedFile()));
    expect(received.file("notes.txt")).toMatchObject({ verdict: "malicious", reasonCode: "VIRUS_FOUND" });
    expect(received.item("notes.txt")).toMatchObject({
      kind: "malicious",
      reasonCode: "VIRUS_FOUND",
      reason: "ClamAV found EmailConnector.Test.Marker.UNOFFICIAL in it.",
      scanner: "clamav",
      signature: "EmailConnector.Test.Marker.UNOFFICIAL",
      attachment: { name: "notes.txt", detectedType: "text/plain" },
    });
    expectPassed(received, "invoice.pdf");
    expect(received.message.outcome).toBe("partially_imported");
  });

  it("scans each file taken out of a ZIP, and files by their hash", async () => {
    const received = await receive(attachment("docs.zip", "application/zip", makeZip({ "invoice.pdf": makePdf(), "terms.txt": markedFile() })), attachment("hash.txt", "text/plain", HASH_MATCH_FILE));
    expect(received.item("terms.txt")).toMatchObject({ kind: "malicious", scanner: "clamav", signature: "EmailConnector.Test.Marker.UNOFFICIAL" });
    expect(received.item("hash.txt")).toMatchObject({ kind: "malicious", scanner: "clamav", signature: "EmailConnector.Test.HashMatch.UNOFFICIAL" });
    expectPassed(received, "invoice.pdf");
  });

  it("never calls clean a file clamd refuses to scan whole: scan_failed, at once, naming the limit", async () => {
    const expanded = new Uint8Array(2 * env.TEST_CLAMD_STREAM_MAX_LENGTH);
    const gzip = new Uint8Array(await new Response(new Blob([expanded]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());
    const received = await receive(attachment("invoice.pdf.gz", "application/gzip", gzip));
    expect(received.file("invoice.pdf.gz")).toMatchObject({ verdict: "scan_failed", reasonCode: "SCAN_LIMIT_EXCEEDED" });
    const item = received.item("invoice.pdf.gz");
    expect(item).toMatchObject({ kind: "scan_failed", reasonCode: "SCAN_LIMIT_EXCEEDED", scanner: "clamav", signature: null });
    expect(item.reason).toMatch(/over clamd's MaxFileSize limit/);
  });
});

describe("when clamd cannot answer", () => {
  const account = () => createAccountWithConnector();
  /** The Worker with clamd down (nothing listens on its port), and queues that a test hands to the consumers itself. */
  function clamdDown() {
    const ingest = capturingQueue();
    const scan = capturingQueue();
    const down = { ...env, CLAMD_HOST: "127.0.0.1", CLAMD_PORT: String(env.TEST_UNUSED_PORT), INGEST_QUEUE: ingest.binding, SCAN_QUEUE: scan.binding } as Env;
    let ingested = 0;
    const receive = async (raw: Uint8Array, to: string) => {
      expect((await deliver(raw, { to }, down)).rejected).toBeNull();
      await runQueue("email-connector-ingest", ingest.sent.slice(ingested), down);
      ingested = ingest.sent.length;
    };
    return { down, scanJobs: scan.sent, receive };
  }
  const scanAttempts = async (messageId: string) =>
    (await env.DB.prepare("SELECT f.scan_attempts AS n FROM inbound_files f JOIN inbound_messages m ON m.id = f.inbound_message_id WHERE m.message_id = ?").bind(messageId).first<{ n: number }>())!.n;

  it("the file waits and is retried with growing delays, becomes scan_failed after the retries, and a rescan imports it once clamd is back", async () => {
    const a = await account();
    const { down, scanJobs, receive } = clamdDown();
    const pdf = makePdf();
    const raw = mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", pdf)), { to: a.vatAddress });
    const messageId = messageIdOf(raw);
    await receive(raw, a.vatAddress!);
    expect(scanJobs).toHaveLength(1);

    const first = await runQueue("email-connector-scan", scanJobs, down, 1);
    expect(first.explicitAcks).toEqual([]);
    expect(first.retryDelays).toEqual([30]);
    const second = await runQueue("email-connector-scan", scanJobs, down, 2);
    expect(second.retryDelays).toEqual([60]);
    expect(await scanAttempts(messageId)).toBe(2);
    // The delay doubles up to half an hour, counted on the file whatever the queue's own count says.
    await env.DB.prepare("UPDATE inbound_files SET scan_attempts = 9 WHERE inbound_message_id = (SELECT id FROM inbound_messages WHERE message_id = ?)").bind(messageId).run();
    expect((await runQueue("email-connector-scan", scanJobs, down, 3)).retryDelays).toEqual([1800]);

    // Meanwhile the mail waits: nothing imported unscanned, nothing in the inbox yet.
    const waiting = (await call("GET", `/v1/inbound-messages?messageId=${encodeURIComponent(messageId)}`, { token: a.apiKey })).body.items[0];
    expect(waiting).toMatchObject({ outcome: "processing", documents: [], inboxItems: [], files: [{ name: "invoice.pdf", verdict: null }] });

    // After its retries the queue hands the job to the dead-letter consumer.
    expect((await runQueue("email-connector-scan-dlq", scanJobs, down)).explicitAcks).toHaveLength(1);
    expect((await settled(a.apiKey, messageId)).outcome).toBe("flagged");
    const [item] = (await call("GET", "/v1/inbox", { token: a.apiKey })).body.items;
    expect(item).toMatchObject({ kind: "scan_failed", reasonCode: "SCAN_FAILED", resolved: false, rescanning: false, scanner: null, attachment: { name: "invoice.pdf" } });
    expect((await call("GET", "/v1/purchase-invoices", { token: a.apiKey })).body.items).toEqual([]);

    // clamd is back (the test Worker's own configuration): a rescan imports the file.
    const rescan = await call("POST", `/v1/inbox/${item.id}/rescan`, { token: a.apiKey });
    expect(rescan.status).toBe(202);
    expect(rescan.body).toMatchObject({ id: item.id, kind: "scan_failed", rescanning: true, resolved: false });
    const after = await rescanned(a.apiKey, item.id);
    const done = await settled(a.apiKey, messageId);
    expect(done).toMatchObject({ outcome: "imported", files: [{ name: "invoice.pdf", verdict: "document" }] });
    const invoices = (await call("GET", "/v1/purchase-invoices", { token: a.apiKey })).body.items;
    expect(invoices).toHaveLength(1);
    expect(done.documents).toEqual([invoices[0].id]);
    expect((await download(a.apiKey, `/v1/purchase-invoices/${invoices[0].id}/file`)).bytes).toEqual(pdf);

    expect(after).toMatchObject({ kind: "scan_failed", resolved: true, rescanning: false });
    expect(after.reason).toContain(`Resolved by a rescan: the file is now part of purchase invoice ${invoices[0].id}.`);
    expectError(await call("POST", `/v1/inbox/${item.id}/rescan`, { token: a.apiKey }), 409, "CONFLICT");
  });

  it("a file the built-in rules call malicious does not wait for clamd", async () => {
    const a = await account();
    const { down, scanJobs, receive } = clamdDown();
    const raw = mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", makeProgram("pe"))), { to: a.vatAddress });
    await receive(raw, a.vatAddress!);
    const result = await runQueue("email-connector-scan", scanJobs, down);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryDelays).toEqual([]);
    expect(await settled(a.apiKey, messageIdOf(raw))).toMatchObject({ outcome: "flagged", files: [{ verdict: "malicious", reasonCode: "EXECUTABLE" }] });
  });

  it("a stuck scan of one file does not hold the others of its batch", async () => {
    const a = await account();
    const b = await account();
    const { down, scanJobs, receive } = clamdDown();
    await receive(mail(multipart("mixed", text("x"), attachment("a.pdf", "application/pdf", makePdf())), { to: a.vatAddress }), a.vatAddress!);
    await receive(mail(multipart("mixed", text("x"), attachment("b.exe", "application/octet-stream", makeProgram("pe"))), { to: b.vatAddress }), b.vatAddress!);
    const result = await runQueue("email-connector-scan", scanJobs, down);
    expect(result.retryDelays).toEqual([30]);
    expect(result.explicitAcks).toHaveLength(1);
  });

  it("files beyond the inbox item limit share one item, and rescanning it rescans them all", async () => {
    const a = await account();
    const { down, scanJobs, receive } = clamdDown();
    const count = MAX_INBOX_ITEMS_PER_MAIL + 3;
    const pdfs = Array.from({ length: count }, (_, i) => attachment(`invoice-${i}.pdf`, "application/pdf", makePdf(`grouped ${i}`)));
    const raw = mail(multipart("mixed", text("x"), ...pdfs), { to: a.vatAddress });
    await receive(raw, a.vatAddress!);
    // Every file through its retries: the dead-letter consumer ends them scan_failed.
    await runQueue("email-connector-scan-dlq", scanJobs, down);
    expect((await settled(a.apiKey, messageIdOf(raw))).outcome).toBe("flagged");

    const items = (await call("GET", "/v1/inbox?limit=100", { token: a.apiKey })).body.items;
    expect(items).toHaveLength(MAX_INBOX_ITEMS_PER_MAIL);
    const group = items.find((item: any) => item.reasonCode === "MORE_FILES_NOT_IMPORTED");
    expect(group).toMatchObject({ kind: "scan_failed", attachment: null, resolved: false });
    expect(group.reason).toBe("4 more files of this mail were not imported (4 not scanned). The mail lists each of them with its reason.");
    const french = await call("GET", `/v1/inbox/${group.id}`, { token: a.apiKey, headers: { "accept-language": "fr" } });
    expect(french.body.reason).toBe("4 autres fichiers de cet e-mail n'ont pas été importés (4 non analysés). L'e-mail les liste chacun avec sa raison.");

    // clamd is back: one rescan brings every file of the mail that was not scanned.
    expect((await call("POST", `/v1/inbox/${group.id}/rescan`, { token: a.apiKey })).status).toBe(202);
    const invoices = await vi.waitUntil(
      async () => {
        const page = (await call("GET", "/v1/purchase-invoices?limit=100", { token: a.apiKey })).body.items;
        return page.length === count ? page : false;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(new Set(invoices.map((i: any) => i.file.name)).size).toBe(count);
    const after = await vi.waitUntil(async () => {
      const item = (await call("GET", `/v1/inbox/${group.id}`, { token: a.apiKey })).body;
      return item.resolved ? item : false;
    });
    expect(after.reason).toContain("Resolved by a rescan: the files it grouped were imported or now have items of their own.");
    expect((await call("GET", "/v1/inbox?resolved=false", { token: a.apiKey })).body.items).toEqual([]);
    expectError(await call("POST", `/v1/inbox/${group.id}/rescan`, { token: a.apiKey }), 409, "CONFLICT");
  }, 60_000); // 13 files scanned twice: seconds more than the default on a busy machine
});
