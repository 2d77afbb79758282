import PostalMime, { type Attachment, type Email } from "postal-mime";
import type { FileSource, Verdict } from "../db/schema/index.ts";
import {
  MAX_ARCHIVE_DEPTH,
  MAX_CONTAINER_DEPTH,
  MAX_EXTRACTED_BYTES_PER_MAIL,
  MAX_FILES_PER_MAIL,
  MAX_FORWARD_DEPTH,
  MAX_MIME_HEADERS_BYTES,
  MAX_MIME_NESTING_DEPTH,
  MAX_SIGNATURE_IMAGE_BYTES,
} from "../limits.ts";
import { sniff } from "../scan/sniff.ts";
import { safeFileName } from "./file-names.ts";
import { readTnef } from "./tnef.ts";
import { readZip } from "./zip.ts";

/** A file taken from a mail, to be stored and scanned. */
export interface CandidateFile {
  name: string;
  originalName: string;
  declaredType: string;
  source: FileSource;
  /** Where it was found: "Fwd: March › invoices.zip › 42.pdf". */
  path: string;
  bytes: Uint8Array;
  /** Decided while opening containers (an archive that cannot be opened safely); not scanned. */
  preset?: { verdict: Verdict; reasonCode: string; reason: string; detectedType: string };
}

export interface SplitResult {
  files: CandidateFile[];
  /** Set when the mail held more than the limits let us take. */
  truncated?: string;
}

/** postal-mime with explicit limits; every forwarded mail arrives as an attachment, which we open ourselves (bounded). */
export async function parseMail(raw: Uint8Array): Promise<Email> {
  return PostalMime.parse(raw, {
    forceRfc822Attachments: true,
    maxNestingDepth: MAX_MIME_NESTING_DEPTH,
    maxHeadersSize: MAX_MIME_HEADERS_BYTES,
  });
}

const PATH_SEPARATOR = " › ";

/**
 * Picks the files of a mail that may be documents: attachments of any
 * disposition, inline PDFs and octet-streams included, but not the bodies
 * and not small images the HTML shows by Content-ID (signature logos).
 * Forwarded mails, ZIP archives and winmail.dat are opened, within limits.
 */
export async function splitMail(email: Email): Promise<SplitResult> {
  const result: SplitResult = { files: [] };
  let bytesTaken = 0;
  const depth = { container: 0, forward: 0, archive: 0 };

  const take = (file: CandidateFile): boolean => {
    if (result.files.length >= MAX_FILES_PER_MAIL || bytesTaken + file.bytes.length > MAX_EXTRACTED_BYTES_PER_MAIL) {
      result.truncated ??= `The mail holds more than ${MAX_FILES_PER_MAIL} files or ${MAX_EXTRACTED_BYTES_PER_MAIL / 1024 / 1024} MiB once opened; the files after "${file.path}" were not taken.`;
      return false;
    }
    result.files.push(file);
    bytesTaken += file.bytes.length;
    return true;
  };

  const preset = (file: CandidateFile, verdict: Verdict, reasonCode: string, reason: string, detectedType: string) =>
    take({ ...file, preset: { verdict, reasonCode, reason, detectedType } });

  const consider = async (file: CandidateFile): Promise<boolean> => {
    const detected = await sniff(file.bytes);
    const isMail = detected.family === "email" && detected.ext === "eml";
    const isZip = detected.ext === "zip";
    const isTnef = detected.family === "tnef";
    if (!isMail && !isZip && !isTnef) return take(file);
    if (depth.container >= MAX_CONTAINER_DEPTH) {
      return preset(file, "malicious", "CONTAINERS_TOO_DEEP", `It is nested more than ${MAX_CONTAINER_DEPTH} containers deep (mails, archives), as only an attack would be.`, detected.mime);
    }
    depth.container++;
    try {
      if (isMail) return await openForwarded(file, detected.mime);
      if (isZip) return await openZip(file, detected.mime);
      return await openTnef(file, detected.mime);
    } finally {
      depth.container--;
    }
  };

  const openForwarded = async (file: CandidateFile, mime: string): Promise<boolean> => {
    if (depth.forward >= MAX_FORWARD_DEPTH) {
      return preset(file, "unsupported", "FORWARDS_TOO_DEEP", `It is a mail forwarded more than ${MAX_FORWARD_DEPTH} times over; forward the original mail instead.`, mime);
    }
    let inner: Email;
    try {
      inner = await parseMail(file.bytes);
    } catch (error) {
      return preset(file, "invalid", "EMAIL_UNREADABLE", `The forwarded mail could not be read (${(error as Error).message}).`, mime);
    }
    depth.forward++;
    try {
      const label = inner.subject ? `${file.name} (${inner.subject})` : file.name;
      return await takeAttachments(inner.attachments, "forwarded", `${file.path.slice(0, -file.name.length)}${label}${PATH_SEPARATOR}`);
    } finally {
      depth.forward--;
    }
  };

  const openZip = async (file: CandidateFile, mime: string): Promise<boolean> => {
    if (depth.archive >= MAX_ARCHIVE_DEPTH) {
      return preset(file, "malicious", "ARCHIVE_TOO_DEEP", `It is an archive nested more than ${MAX_ARCHIVE_DEPTH} archives deep, as archive bombs are.`, mime);
    }
    const contents = await readZip(file.bytes);
    if ("problem" in contents) {
      const { code, detail } = contents.problem;
      const sentence = ARCHIVE_SENTENCES[code];
      return preset(file, code === "ARCHIVE_DAMAGED" ? "invalid" : "malicious", code, `${sentence} (${detail}).`, mime);
    }
    depth.archive++;
    try {
      for (const entry of contents.entries) {
        const name = safeFileName(entry.name, "file");
        const taken = await consider({ name, originalName: entry.name, declaredType: "application/octet-stream", source: "archive", path: file.path + PATH_SEPARATOR + name, bytes: entry.bytes });
        if (!taken) return false;
      }
      return true;
    } finally {
      depth.archive--;
    }
  };

  const openTnef = async (file: CandidateFile, mime: string): Promise<boolean> => {
    const contents = readTnef(file.bytes);
    if ("problem" in contents) return preset(file, "invalid", "WINMAIL_UNREADABLE", `The Outlook winmail.dat could not be read: ${contents.problem}.`, mime);
    for (const entry of contents.entries) {
      const name = safeFileName(entry.name, "attachment");
      const taken = await consider({ name, originalName: entry.name, declaredType: "application/octet-stream", source: "winmail", path: file.path + PATH_SEPARATOR + name, bytes: entry.bytes });
      if (!taken) return false;
    }
    return true;
  };

  const takeAttachments = async (attachments: Attachment[], source: FileSource, prefix: string): Promise<boolean> => {
    for (const [index, attachment] of attachments.entries()) {
      if (isSignatureImage(attachment) || attachment.method) continue; // logos; calendar invitations
      const bytes = contentBytes(attachment.content);
      if (bytes.length === 0) continue;
      const name = safeFileName(attachment.filename, defaultName(attachment, index));
      const taken = await consider({ name, originalName: attachment.filename ?? name, declaredType: attachment.mimeType, source, path: prefix + name, bytes });
      if (!taken) return false;
    }
    return true;
  };

  await takeAttachments(email.attachments, "attachment", "");
  return result;
}

const ARCHIVE_SENTENCES: Record<string, string> = {
  ARCHIVE_ENCRYPTED: "It is an encrypted archive, which cannot be scanned for viruses",
  ARCHIVE_TOO_MANY_FILES: "It is an archive with too many files to be an invoice archive",
  ARCHIVE_BOMB: "It is an archive that expands far beyond its size, as archive bombs do",
  ARCHIVE_DAMAGED: "It is a damaged archive that cannot be opened",
};

function isSignatureImage(attachment: Attachment): boolean {
  return Boolean(attachment.related) && attachment.mimeType.startsWith("image/") && contentBytes(attachment.content).length <= MAX_SIGNATURE_IMAGE_BYTES;
}

function contentBytes(content: Attachment["content"]): Uint8Array {
  if (typeof content === "string") return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

/** A name for a part that has none: forwarded mails and winmail.dat get the names people know them by. */
function defaultName(attachment: Attachment, index: number): string {
  if (attachment.mimeType === "message/rfc822") return "forwarded.eml";
  if (attachment.mimeType === "application/ms-tnef") return "winmail.dat";
  return `attachment-${index + 1}`;
}
