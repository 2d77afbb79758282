import type { Attachment } from "postal-mime";
import type { FileSource } from "../db/schema/index.ts";
import {
  MAX_ARCHIVE_DEPTH,
  MAX_CONTAINER_DEPTH,
  MAX_EXTRACTED_BYTES_PER_MAIL,
  MAX_FILE_NAME_CHARS,
  MAX_FILES_PER_MAIL,
  MAX_FORWARD_DEPTH,
  MAX_SIGNATURE_IMAGE_BYTES,
} from "../limits.ts";
import { reason, type Reason } from "../reasons/catalogue.ts";
import { sniff } from "../formats/sniff.ts";
import { safeFileName, stripUnsafeCharacters } from "../formats/file-names.ts";
import { capText } from "../text.ts";
import type { ParsedMail } from "../mail/parsed-mail.ts";
import { readTnef } from "../formats/tnef.ts";
import { ArchiveError, readZip, type ArchiveProblem } from "../formats/zip.ts";

/** A file taken from a mail, to be stored and scanned. */
export interface CandidateFile {
  name: string;
  originalName: string;
  declaredType: string;
  source: FileSource;
  /** Where it was found: "Fwd: March › invoices.zip › 42.pdf". */
  path: string;
  bytes: Uint8Array;
  /** Decided while opening containers (an archive that cannot be opened safely); not scanned. Its verdict is its reason's kind. */
  preset?: { reason: Reason; detectedType: string };
}

const PATH_SEPARATOR = " › ";

/**
 * Picks the files of a mail that may be documents and hands them to `take`
 * one at a time, so that only one is held in memory at once: attachments of
 * any disposition, inline PDFs and octet-streams included, but not the
 * bodies and not small images the HTML shows by Content-ID (signature
 * logos). Forwarded mails, ZIP archives and winmail.dat are opened, within
 * limits. Returns why it stopped early, if it did.
 */
export async function splitMail(mail: ParsedMail, take: (file: CandidateFile) => Promise<void>): Promise<{ truncated?: Reason }> {
  let count = 0;
  let bytesTaken = 0;
  let truncated: Reason | undefined;
  const depth = { container: 0, forward: 0, archive: 0 };

  const accept = async (file: CandidateFile): Promise<boolean> => {
    if (count >= MAX_FILES_PER_MAIL || bytesTaken + file.bytes.length > MAX_EXTRACTED_BYTES_PER_MAIL) {
      truncated ??= reason("MAIL_TOO_MANY_FILES", { maxFiles: MAX_FILES_PER_MAIL, maxBytes: MAX_EXTRACTED_BYTES_PER_MAIL, from: file.path });
      return false;
    }
    count++;
    bytesTaken += file.bytes.length;
    await take(file);
    return true;
  };

  const preset = (file: CandidateFile, why: Reason, detectedType: string) => accept({ ...file, preset: { reason: why, detectedType } });

  const consider = async (file: CandidateFile, within: ParsedMail): Promise<boolean> => {
    const detected = await sniff(file.bytes);
    const isMail = detected.family === "email" && detected.ext === "eml";
    const isZip = detected.ext === "zip";
    const isTnef = detected.family === "tnef";
    if (!isMail && !isZip && !isTnef) return accept(file);
    if (depth.container >= MAX_CONTAINER_DEPTH) {
      return preset(stored(file, within), reason("CONTAINERS_TOO_DEEP", { max: MAX_CONTAINER_DEPTH }), detected.mime);
    }
    depth.container++;
    try {
      if (isMail) return await openForwarded(file, detected.mime, within);
      if (isZip) return await openZip(file, detected.mime, within);
      return await openTnef(file, detected.mime, within);
    } finally {
      depth.container--;
    }
  };

  /** A forwarded mail is a skeleton inside the skeleton: stored as a file, it gets its real bodies back. */
  const stored = (file: CandidateFile, within: ParsedMail): CandidateFile => ({ ...file, bytes: within.original(file.bytes) });

  const openForwarded = async (file: CandidateFile, mime: string, within: ParsedMail): Promise<boolean> => {
    if (depth.forward >= MAX_FORWARD_DEPTH) {
      return preset(stored(file, within), reason("FORWARDS_TOO_DEEP", { max: MAX_FORWARD_DEPTH }), mime);
    }
    let inner: ParsedMail;
    try {
      inner = await within.nested(file.bytes);
    } catch (error) {
      return preset(stored(file, within), reason("EMAIL_UNREADABLE", { detail: (error as Error).message }), mime);
    }
    depth.forward++;
    try {
      // The subject shows in the file's path, which is served: no control or bidi characters there either, and no longer than a name.
      const subject = inner.email.subject ? capText(stripUnsafeCharacters(inner.email.subject).trim(), MAX_FILE_NAME_CHARS) : "";
      const label = subject ? `${file.name} (${subject})` : file.name;
      return await takeAttachments(inner, "forwarded", `${file.path.slice(0, -file.name.length)}${label}${PATH_SEPARATOR}`);
    } finally {
      depth.forward--;
    }
  };

  const openZip = async (file: CandidateFile, mime: string, within: ParsedMail): Promise<boolean> => {
    if (depth.archive >= MAX_ARCHIVE_DEPTH) {
      return preset(file, reason("ARCHIVE_TOO_DEEP", { max: MAX_ARCHIVE_DEPTH }), mime);
    }
    const archiveProblem = (problem: ArchiveProblem) => preset(file, problem, mime);
    const contents = readZip(file.bytes);
    if ("problem" in contents) return archiveProblem(contents.problem);
    depth.archive++;
    try {
      for await (const entry of contents.entries) {
        const name = safeFileName(entry.name, "file");
        const taken = await consider({ name, originalName: entry.name, declaredType: "application/octet-stream", source: "archive", path: file.path + PATH_SEPARATOR + name, bytes: entry.bytes }, within);
        if (!taken) return false;
      }
      return true;
    } catch (error) {
      if (error instanceof ArchiveError) return archiveProblem(error.problem);
      throw error;
    } finally {
      depth.archive--;
    }
  };

  const openTnef = async (file: CandidateFile, mime: string, within: ParsedMail): Promise<boolean> => {
    const contents = readTnef(file.bytes);
    if ("problem" in contents) return preset(file, reason("WINMAIL_UNREADABLE", { problem: contents.problem }), mime);
    for (const entry of contents.entries) {
      const name = safeFileName(entry.name, "attachment");
      const taken = await consider({ name, originalName: entry.name, declaredType: "application/octet-stream", source: "winmail", path: file.path + PATH_SEPARATOR + name, bytes: entry.bytes }, within);
      if (!taken) return false;
    }
    return true;
  };

  const takeAttachments = async (mail: ParsedMail, source: FileSource, prefix: string): Promise<boolean> => {
    for (const [index, attachment] of mail.email.attachments.entries()) {
      if (attachment.method) continue; // calendar invitations
      const bytes = await mail.bytesOf(attachment.content);
      if (bytes.length === 0 || isSignatureImage(attachment, bytes)) continue;
      const name = safeFileName(attachment.filename, defaultName(attachment, index));
      const taken = await consider({ name, originalName: attachment.filename ?? name, declaredType: attachment.mimeType, source, path: prefix + name, bytes }, mail);
      if (!taken) return false;
    }
    return true;
  };

  await takeAttachments(mail, "attachment", "");
  return truncated ? { truncated } : {};
}

function isSignatureImage(attachment: Attachment, bytes: Uint8Array): boolean {
  return Boolean(attachment.related) && attachment.mimeType.startsWith("image/") && bytes.length <= MAX_SIGNATURE_IMAGE_BYTES;
}

/** A name for a part that has none: forwarded mails and winmail.dat get the names people know them by. */
function defaultName(attachment: Attachment, index: number): string {
  if (attachment.mimeType === "message/rfc822") return "forwarded.eml";
  if (attachment.mimeType === "application/ms-tnef") return "winmail.dat";
  return `attachment-${index + 1}`;
}
