import { expect, it } from "vitest";
import { createAccountWithConnector } from "../helpers/accounts.ts";
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
