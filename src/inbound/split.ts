import type { FileSource, SkippedPart } from "../db/schema/index.ts";
import {
  MAX_ARCHIVE_DEPTH,
  MAX_CONTAINER_DEPTH,
  MAX_EXTRACTED_BYTES_PER_MAIL,
  MAX_FILE_NAME_CHARS,
  MAX_FILES_PER_MAIL,
  MAX_FORWARD_DEPTH,
} from "../limits.ts";
import { sha256Hex } from "../bytes.ts";
import { reason, type Reason } from "../reasons/catalogue.ts";
import { readCms } from "../formats/cms.ts";
import { sniff, startsLikeMail, type Detected } from "../formats/sniff.ts";
import { safeFileName, stripUnsafeCharacters } from "../formats/file-names.ts";
import { capText } from "../text.ts";
import { imageHeader } from "../formats/images.ts";
import { decodeHeaderText, recoverRawLatin1 } from "../mail/charsets.ts";
import type { ParsedMail } from "../mail/parsed-mail.ts";
import { reportOf, type MailReport } from "../mail/reports.ts";
import { readTnef } from "../formats/tnef.ts";
import { ArchiveError, readZip, type ArchiveProblem } from "../formats/zip.ts";
import { isOutlookBodyImageName, judgeImage } from "./document-images.ts";
import { lookAtPart, partName, type PartLook } from "./mail-parts.ts";
import { skippedPart, type PartPlace } from "./skipped-parts.ts";

/** A file taken from a mail, to be stored and scanned. */
export interface CandidateFile {
  name: string;
  originalName: string;
  declaredType: string;
  source: FileSource;
  /** Where it was found: "Fwd: March › invoices.zip › 42.pdf". */
  path: string;
  /** Its MIME part number within the mail it came from; null for an entry of an archive or winmail.dat. */
  section: string | null;
  bytes: Uint8Array;
  /** Decided while opening containers (an archive that cannot be opened safely); not scanned. Its verdict is its reason's kind. */
  preset?: { reason: Reason; detectedType: string };
}

/** A file taken, with its hash (computed once, to find a part the mail holds twice). */
export type TakenFile = CandidateFile & { sha256: string };

/** What the split found about the mail as a whole, beside its files and skipped parts. */
export interface SplitFindings {
  /** Why it stopped early, if it did. */
  truncated?: Reason;
  /** How the mail, or a part of it, is encrypted. */
  encrypted?: "smime" | "pgp";
  /** The mail is a report about another mail: nothing in it is taken. */
  report?: MailReport;
  /** Named attachments that came empty. */
  emptyNames: string[];
}

export interface SplitSink {
  take(file: TakenFile): Promise<void>;
  skip(part: SkippedPart): void;
}

const PATH_SEPARATOR = " › ";

/**
 * Picks the files of a mail that may be documents and hands them to `take`
 * one at a time, so that only one is held in memory at once; every other
 * part goes to `skip` with why, so that each part of the mail is accounted
 * for. Taken: attachments of any disposition, inline PDFs and octet-streams
 * included; forwarded mails (by their bytes, or as the sender declared
 * them), opaque-signed S/MIME, ZIP archives and winmail.dat are opened,
 * within limits. Skipped: the bodies, signatures, encrypted parts, reports,
 * calendar invitations, contact cards, empty parts, a file the mail holds
 * twice, and images that are not documents (document-images.ts).
 */
export async function splitMail(mail: ParsedMail, sink: SplitSink): Promise<SplitFindings> {
  const findings: SplitFindings = { emptyNames: [] };
  let count = 0;
  let bytesTaken = 0;
  let accounted = 0;
  const taken = new Map<string, string>();
  const depth = { container: 0, forward: 0, archive: 0 };

  const skip = (part: SkippedPart) => {
    accounted++;
    sink.skip(part);
  };

  const accept = async (file: CandidateFile): Promise<boolean> => {
    const sha256 = await sha256Hex(file.bytes);
    // The same file under the same name: attached twice, or also in a forwarded mail or an archive. Under another
    // name it stays a file of its own, for the rules on names to see (the plan still imports its bytes once).
    const key = `${sha256}/${file.name.toLowerCase()}`;
    const first = taken.get(key);
    if (first !== undefined) {
      skip(skippedPart(placeOfFile(file), "duplicate_part", { of: first }));
      return true;
    }
    if (count >= MAX_FILES_PER_MAIL || bytesTaken + file.bytes.length > MAX_EXTRACTED_BYTES_PER_MAIL) {
      findings.truncated ??= reason("MAIL_TOO_MANY_FILES", { maxFiles: MAX_FILES_PER_MAIL, maxBytes: MAX_EXTRACTED_BYTES_PER_MAIL, from: file.path });
      return false;
    }
    count++;
    accounted++;
    bytesTaken += file.bytes.length;
    taken.set(key, file.path);
    await sink.take({ ...file, sha256 });
    return true;
  };

  const preset = (file: CandidateFile, why: Reason, detectedType: string) => accept({ ...file, preset: { reason: why, detectedType } });

  const consider = async (file: CandidateFile, within: ParsedMail, detected?: Detected): Promise<boolean> => {
    const type = detected ?? (await sniff(file.bytes));
    // A part the sender declared a mail is one when it starts like one: whatever else its bytes hold (8-bit parts) may make them no text.
    const isMail = (type.family === "email" && type.ext === "eml") || (declaresMail(file) && startsLikeMail(file.bytes));
    const isZip = type.ext === "zip";
    const isTnef = type.family === "tnef";
    if (!isMail && !isZip && !isTnef) return accept(file);
    if (depth.container >= MAX_CONTAINER_DEPTH) {
      return preset(stored(file, within), reason("CONTAINERS_TOO_DEEP", { max: MAX_CONTAINER_DEPTH }), isMail ? "message/rfc822" : type.mime);
    }
    depth.container++;
    const before = accounted;
    try {
      const done = isMail ? await openForwarded(file, within) : isZip ? await openZip(file, type.mime, within) : await openTnef(file, type.mime, within);
      // A container that held nothing is accounted for itself: a winmail.dat of rich text only, an empty archive.
      if (done && accounted === before) skip(skippedPart(placeOfFile(file), isTnef ? "body" : "empty"));
      return done;
    } finally {
      depth.container--;
    }
  };

  /** A forwarded mail is a skeleton inside the skeleton: stored as a file, it gets its real bodies back. */
  const stored = (file: CandidateFile, within: ParsedMail): CandidateFile => ({ ...file, bytes: within.original(file.bytes) });

  const openForwarded = async (file: CandidateFile, within: ParsedMail): Promise<boolean> => {
    if (depth.forward >= MAX_FORWARD_DEPTH) {
      return preset(stored(file, within), reason("FORWARDS_TOO_DEEP", { max: MAX_FORWARD_DEPTH }), "message/rfc822");
    }
    let inner: ParsedMail;
    try {
      inner = await within.nested(file.bytes);
    } catch (error) {
      return preset(stored(file, within), reason("EMAIL_UNREADABLE", { detail: (error as Error).message }), "message/rfc822");
    }
    depth.forward++;
    try {
      // The subject shows in the file's path, which is served: no control or bidi characters there either, and no longer than a name.
      const rawSubject = inner.email.headers.find((h) => h.key === "subject")?.value;
      const subject = rawSubject ? capText(stripUnsafeCharacters(recoverRawLatin1(decodeHeaderText(rawSubject), "subject", () => inner.parsedBytes)).trim(), MAX_FILE_NAME_CHARS) : "";
      const label = subject ? `${file.name} (${subject})` : file.name;
      return await takeMail(inner, "forwarded", `${file.path.slice(0, -file.name.length)}${label}${PATH_SEPARATOR}`);
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
        const taken = await takeEntry({ name, originalName: entry.name, declaredType: "application/octet-stream", source: "archive", path: file.path + PATH_SEPARATOR + name, section: null, bytes: entry.bytes }, within);
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
      const taken = await takeEntry({ name, originalName: entry.name, declaredType: "application/octet-stream", source: "winmail", path: file.path + PATH_SEPARATOR + name, section: null, bytes: entry.bytes }, within);
      if (!taken) return false;
    }
    return true;
  };

  /** An entry of an archive or winmail.dat: attached by its sender, so only the image rule's size and shape apply. */
  const takeEntry = async (file: CandidateFile, within: ParsedMail): Promise<boolean> => {
    if (file.bytes.length === 0) {
      skip(skippedPart(placeOfFile(file), "empty"));
      return true;
    }
    const detected = await sniff(file.bytes);
    const header = detected.family === "image" ? imageHeader(detected.ext, file.bytes) : null;
    if (header) {
      const judged = judgeImage({ ...header, size: file.bytes.length, inBody: false, outlookBodyName: false }, false);
      if (!judged.document && judged.why === "image_not_document") {
        skip(skippedPart(placeOfFile(file), "image_not_document", { width: header.width, height: header.height, because: judged.because }));
        return true;
      }
    }
    return consider(file, within, detected);
  };

  /** The parts of one mail (the received one, or one forwarded in it). */
  const takeMail = async (mail: ParsedMail, source: FileSource, prefix: string): Promise<boolean> => {
    const report = await reportOf(mail);
    if (report) {
      if (depth.forward === 0) findings.report = report;
      for (const leaf of mail.leaves) {
        const size = leaf.bodyText?.length ?? mail.sizeOf(leaf.attachment!.content);
        skip(skippedPart(placeOf(prefix, leaf.section, partName(mail, leaf), leaf.type, size), leaf.attachment ? "report" : "body"));
      }
      return true;
    }
    // First a look at every part, one at a time, to know whether the mail holds a PDF or an e-invoice, which decides about its images.
    const looks: PartLook[] = [];
    let attachments = 0;
    for (const leaf of mail.leaves) looks.push(await lookAtPart(mail, leaf, leaf.attachment ? attachments++ : -1));
    const besideDocument = looks.some((look) => look.role === "file" && (look.detected.family === "pdf" || look.detected.family === "xml"));

    for (const look of looks) {
      const place = (size: number) => placeOf(prefix, look.leaf.section, look.name, look.leaf.type, size);
      switch (look.role) {
        case "skip":
          if (look.why === "encrypted") findings.encrypted ??= look.params.what;
          if (look.missingDocument && look.name !== null) findings.emptyNames.push(place(0).name!);
          skip({ ...place(look.size), why: look.why, params: look.params });
          continue;
        case "image": {
          const judged = judgeImage({ ...look.image, outlookBodyName: isOutlookBodyImageName(look.name) }, besideDocument);
          if (judged.document) break;
          const { width, height } = look.image;
          if (judged.why === "signature_logo") skip(skippedPart(place(look.size), "signature_logo"));
          else if (judged.why === "inline_image") skip(skippedPart(place(look.size), "inline_image", look.image.known ? { width, height } : { width: null, height: null }));
          else skip(skippedPart(place(look.size), "image_not_document", { width, height, because: judged.because }));
          continue;
        }
        case "signed": {
          // Opaque-signed S/MIME: the signed entity, attachments and all, is inside the signature's container.
          const bytes = await mail.bytesOf(look.leaf.attachment!.content);
          const done = await openSigned(mail, bytes, source, prefix, place(bytes.length));
          if (!done) return false;
          continue;
        }
      }
      // Decoded whole only now, one file at a time; its type is taken again from all of it.
      const bytes = await mail.bytesOf(look.leaf.attachment!.content);
      const name = safeFileName(look.name, look.defaultName);
      const file = { name, originalName: look.name ?? name, declaredType: look.leaf.type, source, path: prefix + name, section: look.leaf.section, bytes };
      if (!(await consider(file, mail))) return false;
    }
    return true;
  };

  const openSigned = async (within: ParsedMail, bytes: Uint8Array, source: FileSource, prefix: string, place: PartPlace): Promise<boolean> => {
    const cms = readCms(bytes);
    const content = cms?.kind === "signed" ? cms.content : null;
    if (depth.container >= MAX_CONTAINER_DEPTH || !content) {
      skip(skippedPart(place, "signature", { what: "smime" }));
      return true;
    }
    let inner: ParsedMail;
    try {
      inner = await within.nested(content);
    } catch {
      skip(skippedPart(place, "signature", { what: "smime" }));
      return true;
    }
    depth.container++;
    try {
      return await takeMail(inner, source, prefix);
    } finally {
      depth.container--;
    }
  };

  await takeMail(mail, "attachment", "");
  return findings;
}

/** Whether the sender declared a part to be a mail: its type, or an .eml name. */
function declaresMail(file: CandidateFile): boolean {
  return /^message\/(?:rfc822|global)$/i.test(file.declaredType) || /\.eml$/i.test(file.originalName);
}

/** Where a MIME part is, for the list of skipped parts. */
function placeOf(prefix: string, section: string, name: string | null, contentType: string, size: number): PartPlace {
  const safe = name === null ? null : safeFileName(name, `part ${section}`);
  return { path: prefix + (safe ?? `part ${section}`), section, name: safe, contentType, size };
}

function placeOfFile(file: CandidateFile): PartPlace {
  return { path: file.path, section: file.section, name: file.name, contentType: file.declaredType, size: file.bytes.length };
}
