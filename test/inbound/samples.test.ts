import { expect, it } from "vitest";
import { splitMail } from "../../src/inbound/split.ts";
import { ParsedMail } from "../../src/mail/parsed-mail.ts";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";
import { deliver, settled } from "../helpers/mail.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";
import { describeWithSamples, listSamples, readSample } from "../helpers/samples.ts";

const TERMINAL = ["imported", "partially_imported", "flagged", "ignored", "duplicate"];

/**
 * Every third-party mail goes through the whole pipeline (email(), ingest,
 * scan, completion) and reaches a terminal outcome: odd MIME must never
 * leave a mail `processing` or break a consumer.
 */
describeWithSamples("third-party mails", async () => {
  const mails = (await listSamples("mail")).filter((p) => p.endsWith(".eml"));
  const tnefs = (await listSamples("mail/tnef")).filter((p) => p.endsWith(".dat"));

  it("are all there", () => {
    expect(mails.length).toBeGreaterThanOrEqual(30);
    expect(tnefs.length).toBeGreaterThanOrEqual(2);
  });

  it.each(mails)("%s reaches a terminal outcome", async (path) => {
    const account = await createAccountWithConnector();
    const original = await readSample(path);
    // A fresh Message-ID per account, so that samples sharing one are not duplicates of each other.
    const raw = withMessageId(original, `${crypto.randomUUID()}@samples.test`);
    const { rejected } = await deliver(raw, { to: account.vatAddress! });
    expect(rejected).toBeNull();
    const message = await settled(account.apiKey, messageIdOf(raw));
    expect(TERMINAL).toContain(message.outcome);
    expect(message.files.every((f: { verdict: string | null }) => f.verdict !== null)).toBe(true);
  });

  /** What the mails of this kinds come to: reports, signatures, forwards, calendars, pictures. */
  const EXPECTED: Record<string, { outcome: string; files?: string[]; skipped?: [string, string][]; inbox?: string[] }> = {
    "mail/mailparser_delivery-status.eml": { outcome: "ignored", files: [], skipped: [["part 1", "body"], ["part 2", "report"], ["part 3", "report"]], inbox: ["MAIL_REPORT"] },
    "mail/mail_raw_email_with_nested_attachment.eml": { outcome: "ignored", files: [], skipped: [["part 1.1", "body"], ["truncated.png", "image_not_document"], ["smime.p7s", "signature"]], inbox: ["NO_ATTACHMENT"] },
    "mail/mail_attachment_message_rfc822.eml": { outcome: "flagged", files: ["ForwardedMessage.eml (Another PDF) › broken.pdf"], inbox: ["PDF_DAMAGED"] },
    "mail/mime4j_base64encoded-rfc822message-nested.msg.eml": { outcome: "ignored", files: [], inbox: ["NO_ATTACHMENT"] },
    "mail/postal-mime_calendar-event.eml": { outcome: "ignored", files: [], skipped: [["part 1.1", "body"], ["part 1.2", "body"], ["part 1.3", "calendar"], ["invite.ics", "calendar"]] },
    "mail/mailparser_nodemailer.eml": { outcome: "flagged", files: ["notes.txt"], skipped: [["part 1.1", "body"], ["part 1.2", "body"], ["part 1.3.1", "body"], ["image.png", "signature_logo"], ["nyan cat ✔.gif", "signature_logo"]] },
    "mail/mimekit_multipart-related-mhtml.eml": { outcome: "ignored", files: [], skipped: [["part 1", "signature_logo"], ["part 2", "body"]] },
  };

  it.each(Object.keys(EXPECTED))("%s comes to what a person would expect", async (path) => {
    const account = await createAccountWithConnector();
    const raw = withMessageId(await readSample(path), `${crypto.randomUUID()}@samples.test`);
    expect((await deliver(raw, { to: account.vatAddress! })).rejected).toBeNull();
    const message = await settled(account.apiKey, messageIdOf(raw));
    const expected = EXPECTED[path]!;
    expect(message.outcome).toBe(expected.outcome);
    if (expected.files) expect(message.files.map((f: { path: string }) => f.path)).toEqual(expected.files);
    if (expected.skipped) expect(message.skippedParts.map((p: { path: string; why: string }) => [p.path, p.why])).toEqual(expected.skipped);
    if (expected.inbox) {
      const inbox = (await call("GET", "/v1/inbox", { token: account.apiKey })).body.items;
      expect(inbox.map((i: { reasonCode: string }) => i.reasonCode)).toEqual(expected.inbox);
    }
  });

  it.each(mails)("%s: every part is a file or a skipped part", async (path) => {
    const parsed = await ParsedMail.parse(await readSample(path));
    const entries: string[] = [];
    await splitMail(parsed, { take: async (file) => void entries.push(file.path), skip: (part) => void entries.push(part.path) });
    // Each part of the mail itself has entries of its own; an opened container (a forwarded mail, winmail.dat) has those of its contents.
    const top = entries.filter((p) => !p.includes(" › "));
    const containers = new Set(entries.filter((p) => p.includes(" › ")).map((p) => p.slice(0, p.indexOf(" › "))));
    expect(top.length + containers.size).toBe(parsed.leaves.length);
  });

  /**
   * What each winmail.dat holds: files by their long (Unicode) names; rich-text OLE pictures are not attachments,
   * and the small pictures Outlook keeps for its HTML body (image001.png...) are not documents.
   */
  const TNEF_FILES: Record<string, { files: string[]; skipped: string[] }> = {
    "mail/tnef/mimekit_unicode-mapi-attr-name.dat": { files: ["spaconsole2.cfg"], skipped: ["image001.png", "image002.png", "image003.png"] },
    "mail/tnef/mimekit_winmail.dat": { files: [], skipped: [] },
  };

  it.each(tnefs)("%s as an Outlook winmail.dat gives its files", async (path) => {
    const account = await createAccountWithConnector();
    const raw = mail(multipart("mixed", text("rich text"), attachment("winmail.dat", "application/ms-tnef", await readSample(path))), { to: account.vatAddress });
    const { rejected } = await deliver(raw, { to: account.vatAddress! });
    expect(rejected).toBeNull();
    const message = await settled(account.apiKey, messageIdOf(raw));
    expect(TERMINAL).toContain(message.outcome);
    const expected = TNEF_FILES[path]!;
    expect(message.files.map((f: { path: string }) => f.path)).toEqual(expected.files.map((name) => `winmail.dat › ${name}`));
    const skipped = message.skippedParts.filter((p: { path: string }) => p.path.startsWith("winmail.dat › "));
    expect(skipped.map((p: { path: string; why: string }) => [p.path, p.why])).toEqual(expected.skipped.map((name) => [`winmail.dat › ${name}`, "image_not_document"]));
  });
});

function messageIdOf(raw: Uint8Array): string {
  return /^Message-ID:\s*<([^>]+)>/im.exec(new TextDecoder("latin1").decode(raw.subarray(0, 65536)))![1]!;
}

/** Replaces (or adds) the top-level Message-ID, keeping every other byte. */
function withMessageId(raw: Uint8Array, id: string): Uint8Array {
  const text = new TextDecoder("latin1").decode(raw);
  const end = text.search(/\r?\n\r?\n/);
  const head = end >= 0 ? text.slice(0, end) : text;
  const newline = head.includes("\r\n") ? "\r\n" : "\n";
  const lines = head.split(/\r?\n/).filter((line, i, all) => {
    const isMessageId = /^message-id:/i.test(line);
    const isContinuation = /^[ \t]/.test(line) && i > 0 && /^message-id:/i.test(all[i - 1]!);
    return !isMessageId && !isContinuation;
  });
  const rebuilt = `Message-ID: <${id}>${newline}${lines.join(newline)}${end >= 0 ? text.slice(end) : ""}`;
  return Uint8Array.from(rebuilt, (c) => c.charCodeAt(0));
}
