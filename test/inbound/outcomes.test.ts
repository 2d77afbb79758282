import { env } from "cloudflare:workers";
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";
import { encryptZipFlags, makeDocx, makeExe, makePdf, makeZip } from "../helpers/documents.ts";
import { deliver, deliverAndSettle, messageIdOf, settled } from "../helpers/mail.ts";
import { attachment, html, mail, multipart, text, type Node } from "../helpers/mime.ts";
import { ublXml } from "../helpers/einvoice.ts";
import { capturingQueue, runQueue } from "../helpers/queues.ts";

type Account = Awaited<ReturnType<typeof createAccountWithConnector>>;

async function inbox(account: Account) {
  return (await call("GET", "/v1/inbox", { token: account.apiKey })).body.items as any[];
}
async function invoices(account: Account) {
  return (await call("GET", "/v1/purchase-invoices", { token: account.apiKey })).body.items as any[];
}

describe("outcomes", () => {
  it("a mail without attachments is ignored, with an informational inbox item naming the sender", async () => {
    const a = await createAccountWithConnector();
    const raw = mail(multipart("alternative", text("Can you send the invoice?"), html("<p>Can you send the invoice?</p>")), { to: a.vatAddress, from: "Jan Peeters <jan@supplier.example>" });
    const message = await deliverAndSettle(raw, a);
    expect(message).toMatchObject({ outcome: "ignored", documents: [], files: [] });
    const [item] = await inbox(a);
    expect(item).toMatchObject({
      kind: "no_attachment",
      reasonCode: "NO_ATTACHMENT",
      resolved: false,
      attachment: null,
      message: { inboundMessageId: message.id, from: "Jan Peeters <jan@supplier.example>", subject: "Invoice" },
    });
    expect(item.reason).toContain("Jan Peeters <jan@supplier.example>");
  });

  it("a damaged PDF is not imported: the inbox says it is invalid", async () => {
    const a = await createAccountWithConnector();
    const truncated = makePdf().slice(0, 300);
    const message = await deliverAndSettle(mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", truncated)), { to: a.vatAddress }), a);
    expect(message.outcome).toBe("flagged");
    const [item] = await inbox(a);
    expect(item).toMatchObject({ kind: "invalid", reasonCode: "PDF_DAMAGED", attachment: { name: "invoice.pdf", contentType: "application/pdf", size: 300, detectedType: "application/pdf" } });
    expect(item.reason).toMatch(/cut off/);
    expect(await invoices(a)).toEqual([]);
  });

  it("a damaged XML is not imported: the inbox says where it breaks", async () => {
    const a = await createAccountWithConnector();
    const cut = new TextDecoder().decode(ublXml()).slice(0, 400);
    const message = await deliverAndSettle(mail(multipart("mixed", text("x"), attachment("invoice.xml", "application/xml", cut)), { to: a.vatAddress }), a);
    expect(message.outcome).toBe("flagged");
    const [item] = await inbox(a);
    expect(item).toMatchObject({ kind: "invalid", reasonCode: "XML_MALFORMED", attachment: { name: "invoice.xml", detectedType: "application/xml" } });
    expect(item.reason).toMatch(/not well-formed|unexpected end|unclosed/i);
  });

  it("an executable named like a PDF is never imported", async () => {
    const a = await createAccountWithConnector();
    const message = await deliverAndSettle(mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", makeExe())), { to: a.vatAddress }), a);
    expect(message.outcome).toBe("flagged");
    expect((await inbox(a))[0]).toMatchObject({ kind: "malicious", reasonCode: "EXECUTABLE", scanner: "built-in rules", attachment: { name: "invoice.pdf", detectedType: "application/x-msdownload" } });
  });

  it("a script is never imported, whatever it looks like inside", async () => {
    const a = await createAccountWithConnector();
    const message = await deliverAndSettle(mail(multipart("mixed", text("x"), attachment("factuur.js", "text/plain", "var s = new ActiveXObject('WScript.Shell');")), { to: a.vatAddress }), a);
    expect(message.outcome).toBe("flagged");
    expect((await inbox(a))[0]).toMatchObject({ kind: "malicious", reasonCode: "EXECUTABLE_NAME" });
  });

  it("a good invoice beside a bad file: partially imported", async () => {
    const a = await createAccountWithConnector();
    const raw = mail(multipart("mixed", text("x"), attachment("ok.pdf", "application/pdf", makePdf()), attachment("setup.exe", "application/octet-stream", makeExe())), { to: a.vatAddress });
    const message = await deliverAndSettle(raw, a);
    expect(message.outcome).toBe("partially_imported");
    expect(message.documents).toHaveLength(1);
    expect(message.inboxItems).toHaveLength(1);
  });

  it("an office file without an invoice is unsupported", async () => {
    const a = await createAccountWithConnector();
    const message = await deliverAndSettle(mail(multipart("mixed", text("x"), attachment("notes.docx", "application/octet-stream", makeDocx())), { to: a.vatAddress }), a);
    expect(message.outcome).toBe("flagged");
    expect((await inbox(a))[0]).toMatchObject({ kind: "unsupported", reasonCode: "NO_INVOICE_WITH_APPENDIX" });
  });

  it("an encrypted ZIP cannot be scanned, so it is refused", async () => {
    const a = await createAccountWithConnector();
    const zip = encryptZipFlags(makeZip({ "invoice.pdf": makePdf() }));
    const message = await deliverAndSettle(mail(multipart("mixed", text("password: 1234"), attachment("invoice.zip", "application/zip", zip)), { to: a.vatAddress }), a);
    expect(message.outcome).toBe("flagged");
    expect((await inbox(a))[0]).toMatchObject({ kind: "malicious", reasonCode: "ARCHIVE_ENCRYPTED", attachment: { name: "invoice.zip" } });
  });

  it("the same file sent again in another mail is a duplicate, not a second invoice", async () => {
    const a = await createAccountWithConnector();
    const pdf = makePdf();
    const send = (subject: string) => deliverAndSettle(mail(multipart("mixed", text(subject), attachment("invoice.pdf", "application/pdf", pdf)), { to: a.vatAddress, subject }), a);
    expect((await send("first")).outcome).toBe("imported");
    const again = await send("reminder");
    expect(again).toMatchObject({ outcome: "duplicate", documents: [] });
    expect(await invoices(a)).toHaveLength(1);
  });

  it("a mail nested deeper than any real mail is kept, and flagged as unreadable", async () => {
    const a = await createAccountWithConnector();
    let body: Node = attachment("invoice.pdf", "application/pdf", makePdf());
    for (let i = 0; i < 60; i++) body = multipart("mixed", body);
    const raw = mail(body, { to: a.vatAddress });
    const message = await deliverAndSettle(raw, a);
    expect(message.outcome).toBe("flagged");
    expect((await inbox(a))[0]).toMatchObject({ kind: "invalid", reasonCode: "MAIL_UNREADABLE", attachment: null });
    expect(await env.FILES.head(`raw/${a.id}/${message.id}.eml`)).not.toBeNull();
  });
});

describe("forwarding confirmations", () => {
  it("Gmail's confirmation becomes an inbox item with its link and code", async () => {
    const a = await createAccountWithConnector();
    const link = "https://mail-settings.google.com/mail/vf-%5BANGjdJ8x%5D-Yw0kW3sXgNzG0K8";
    const raw = mail(
      text(
        `ap.acme@gmail.com has requested to automatically forward mail to your email address\n${a.vatAddress}.\n\nConfirmation code: 483920174\n\nTo allow ap.acme@gmail.com to automatically forward mail to your address, please click the link below to confirm the request:\n\n${link}\n\nIf you click the link and it appears to be broken, please copy and paste it into a new browser window.`,
      ),
      { to: a.vatAddress, from: "Gmail Team <forwarding-noreply@google.com>", subject: "(#483920174) Gmail Forwarding Confirmation - Receive Mail from ap.acme@gmail.com" },
    );
    const message = await deliverAndSettle(raw, a, { from: "forwarding-noreply@google.com" });
    expect(message.outcome).toBe("ignored");
    const [item] = await inbox(a);
    expect(item).toMatchObject({ kind: "forwarding_confirmation", reasonCode: "GMAIL_FORWARDING" });
    expect(item.reason).toContain(link);
    expect(item.reason).toContain("483920174");
  });

  it("Outlook's verification mail becomes an inbox item with its code", async () => {
    const a = await createAccountWithConnector();
    const raw = mail(
      multipart(
        "alternative",
        text("Microsoft account\n\nVerify your email address\n\nTo finish setting up forwarding, use this security code: 7341928\n\nThanks,\nThe Microsoft account team"),
        html('<p>Verify your email address</p><p>To finish setting up forwarding, use this security code: <b>7341928</b></p><a href="https://account.live.com/ConfirmForwarding?otc=7341928&amp;mn=ap">Confirm</a>'),
      ),
      { to: a.vatAddress, from: "Microsoft account team <account-security-noreply@accountprotection.microsoft.com>", subject: "Verify your email address" },
    );
    await deliverAndSettle(raw, a);
    const [item] = await inbox(a);
    expect(item).toMatchObject({ kind: "forwarding_confirmation", reasonCode: "OUTLOOK_FORWARDING" });
    expect(item.reason).toContain("7341928");
    expect(item.reason).toContain("https://account.live.com/ConfirmForwarding?otc=7341928&mn=ap");
  });

  it("a forged confirmation that fails DMARC is an ordinary mail without attachment", async () => {
    const a = await createAccountWithConnector();
    const raw = mail(text("Confirmation code: 111111111 https://mail-settings.google.com/mail/vf-evil"), {
      to: a.vatAddress,
      from: "Gmail Team <forwarding-noreply@google.com>",
      subject: "Gmail Forwarding Confirmation",
      headers: [["Authentication-Results", "mx.cloudflare.net; spf=fail; dkim=none; dmarc=fail header.from=google.com"]],
    });
    await deliverAndSettle(raw, a);
    expect((await inbox(a))[0]).toMatchObject({ kind: "no_attachment" });
  });
});

describe("at-least-once delivery of queue messages", () => {
  it("ingest and scan jobs delivered twice, even at once, import the mail once", async () => {
    const a = await createAccountWithConnector();
    const ingest = capturingQueue();
    const scan = capturingQueue();
    const paused = { ...env, INGEST_QUEUE: ingest.binding, SCAN_QUEUE: scan.binding } as Env;
    const raw = mail(multipart("mixed", text("x"), attachment("a.pdf", "application/pdf", makePdf()), attachment("b.pdf", "application/pdf", makePdf())), { to: a.vatAddress });
    expect((await deliver(raw, { to: a.vatAddress! }, paused)).rejected).toBeNull();
    expect(ingest.sent).toHaveLength(1);

    const ingested = await runQueue("email-connector-ingest", [ingest.sent[0], ingest.sent[0]], paused);
    expect(ingested.explicitAcks).toHaveLength(2);
    // The second delivery finds the files recorded and queues their scans again, which is harmless.
    expect(new Set(scan.sent.map((job) => (job as { fileId: string }).fileId)).size).toBe(2);
    await Promise.all([runQueue("email-connector-scan", scan.sent, paused), runQueue("email-connector-scan", [...scan.sent].reverse(), paused)]);

    const message = await settled(a.apiKey, messageIdOf(raw));
    expect(message).toMatchObject({ outcome: "imported" });
    expect(message.files).toHaveLength(2);
    expect(await invoices(a)).toHaveLength(2);
  });

  it("an ingest that exhausted its retries ends flagged, never processing forever", async () => {
    const a = await createAccountWithConnector();
    const ingest = capturingQueue();
    const raw = mail(multipart("mixed", text("x"), attachment("a.pdf", "application/pdf", makePdf())), { to: a.vatAddress });
    await deliver(raw, { to: a.vatAddress! }, { ...env, INGEST_QUEUE: ingest.binding } as Env);
    const result = await runQueue("email-connector-ingest-dlq", ingest.sent);
    expect(result.explicitAcks).toHaveLength(1);
    const message = await settled(a.apiKey, messageIdOf(raw));
    expect(message.outcome).toBe("flagged");
    expect((await inbox(a))[0]).toMatchObject({ kind: "invalid", reasonCode: "PROCESSING_FAILED" });
  });

  it("a scan that exhausted its retries ends scan_failed: not imported unscanned", async () => {
    const a = await createAccountWithConnector();
    const ingest = capturingQueue();
    const scan = capturingQueue();
    const paused = { ...env, INGEST_QUEUE: ingest.binding, SCAN_QUEUE: scan.binding } as Env;
    const raw = mail(multipart("mixed", text("x"), attachment("a.pdf", "application/pdf", makePdf())), { to: a.vatAddress });
    await deliver(raw, { to: a.vatAddress! }, paused);
    await runQueue("email-connector-ingest", ingest.sent, paused);
    expect(scan.sent).toHaveLength(1);
    await runQueue("email-connector-scan-dlq", scan.sent, paused);
    const message = await settled(a.apiKey, messageIdOf(raw));
    expect(message.outcome).toBe("flagged");
    expect((await inbox(a))[0]).toMatchObject({ kind: "scan_failed", reasonCode: "SCAN_FAILED", attachment: { name: "a.pdf" } });
    expect(await invoices(a)).toEqual([]);
  });

  it("a mail whose queue job was lost is queued again by the scheduled sweep, and imported once", async () => {
    const a = await createAccountWithConnector();
    const lost = capturingQueue();
    const raw = mail(multipart("mixed", text("x"), attachment("a.pdf", "application/pdf", makePdf())), { to: a.vatAddress });
    await deliver(raw, { to: a.vatAddress! }, { ...env, INGEST_QUEUE: lost.binding } as Env);
    const [stuck] = (await call("GET", `/v1/inbound-messages?messageId=${encodeURIComponent(messageIdOf(raw))}`, { token: a.apiKey })).body.items;
    expect(stuck.outcome).toBe("processing");

    const sweep = () => (worker as ExportedHandler<Env>).scheduled!(createScheduledController({ cron: "*/15 * * * *" }), env, createExecutionContext());
    await sweep();
    expect((await call("GET", `/v1/inbound-messages/${stuck.id}`, { token: a.apiKey })).body.outcome).toBe("processing"); // too recent to be stalled

    // Seven hours later, as far as the sweep can tell.
    await env.DB.prepare("UPDATE inbound_messages SET received_at = ? WHERE id = ?").bind(new Date(Date.now() - 7 * 3600_000).toISOString(), stuck.id).run();
    await sweep();
    expect(await settled(a.apiKey, messageIdOf(raw))).toMatchObject({ id: stuck.id, outcome: "imported" });
    expect(await invoices(a)).toHaveLength(1);
  });
});
