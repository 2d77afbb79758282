import { fileTypeFromBuffer } from "file-type";
import { latin1Text, startsWith } from "../bytes.ts";
import { MAX_MAIL_HEADER_BLOCK_BYTES } from "../limits.ts";
import { OLE_SIGNATURE, oleKind, readOleDirectory, type OleKind } from "./ole.ts";
import { zipEntryNames } from "./zip.ts";

/**
 * What a file is, taken from its bytes only: never from its name or the
 * Content-Type the sender declared.
 */
export type Family =
  | "pdf"
  | "image"
  | "xml"
  | "office"
  | "text"
  | "html"
  | "svg"
  | "archive"
  | "email"
  | "tnef"
  | "executable"
  | "script"
  | "unknown";

export interface Detected {
  family: Family;
  /** A short name for the type (`pdf`, `png`, `docx`, `exe`, `zip`, `xml`, `txt`...). */
  ext: string;
  /** The media type shown to people and used when serving the file. */
  mime: string;
  /** For OLE compound files: what kind of document the directory says it is. */
  ole?: OleKind;
}

/** TNEF (winmail.dat): 0x223E9F78, little-endian. */
const TNEF_SIGNATURE = [0x78, 0x9f, 0x3e, 0x22] as const;

const IMAGE_EXTS = new Set(["png", "jpg", "gif", "tif", "webp", "bmp", "heic", "avif"]);
const OFFICE_EXTS = new Set([
  "docx", "xlsx", "pptx", "docm", "xlsm", "pptm", "dotm", "xltm", "potm", "ppsm", "xlam", "ppam",
  "odt", "ods", "odp", "odg", "odf", "rtf",
]);
const ARCHIVE_EXTS = new Set(["zip", "7z", "rar", "gz", "bz2", "xz", "tar", "cab", "zst", "lz", "lzh", "arj", "ace", "cpio", "Z", "iso", "dmg"]);
const EXECUTABLE_EXTS = new Set([
  "exe", "dll", "elf", "mach", "macho", "msi", "jar", "apk", "dex", "class", "wasm", "swf", "deb", "rpm", "crx", "lnk",
  "xpi", "appimage", "pkg", "com", "scr", "cpl", "sys", "ocx", "ps1", "vbs", "sh", "bat", "cmd", "chm",
]);

/** Android's Dalvik executables (`dex\n035\0`), which file-type does not know. */
const DEX_SIGNATURE = [0x64, 0x65, 0x78, 0x0a, 0x30] as const;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export async function sniff(bytes: Uint8Array): Promise<Detected> {
  if (bytes.length === 0) return { family: "unknown", ext: "empty", mime: "application/octet-stream" };
  if (startsWith(bytes, TNEF_SIGNATURE)) return { family: "tnef", ext: "tnef", mime: "application/ms-tnef" };
  if (startsWith(bytes, OLE_SIGNATURE)) return sniffOle(bytes);
  if (startsWith(bytes, DEX_SIGNATURE)) return { family: "executable", ext: "dex", mime: "application/vnd.android.dex" };

  const found = await fileTypeFromBuffer(bytes);
  if (found && found.ext !== "xml") {
    const ext: string = found.ext;
    if (ext === "pdf") return { family: "pdf", ext, mime: found.mime };
    if (IMAGE_EXTS.has(ext)) return { family: "image", ext, mime: found.mime };
    if (OFFICE_EXTS.has(ext)) return { family: "office", ext, mime: found.mime };
    if (ext === "zip") return officePackage(bytes) ?? { family: "archive", ext, mime: found.mime };
    if (ARCHIVE_EXTS.has(ext)) return { family: "archive", ext, mime: found.mime };
    if (EXECUTABLE_EXTS.has(ext)) return { family: "executable", ext, mime: found.mime };
    return { family: "unknown", ext, mime: found.mime };
  }
  return sniffText(bytes);
}

/** OOXML packages by the folder of their main part, once [Content_Types].xml says the ZIP is one. */
const OOXML_FOLDERS: readonly [RegExp, Detected][] = [
  [/^word\//, { family: "office", ext: "docx", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }],
  [/^xl\//, { family: "office", ext: "xlsx", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }],
  [/^ppt\//, { family: "office", ext: "pptx", mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation" }],
];

/**
 * An OOXML or ODF package that file-type reads as a plain ZIP (its parts in
 * an order file-type does not look through), by its parts: such a file is a
 * document for the macro rule, never an archive to unpack (where its
 * vbaProject.bin would be a file of unknown type). Null for any other ZIP.
 */
function officePackage(bytes: Uint8Array): Detected | null {
  const names = zipEntryNames(bytes);
  if (!names) return null;
  if (names.includes("[Content_Types].xml")) {
    for (const [folder, detected] of OOXML_FOLDERS) if (names.some((n) => folder.test(n))) return detected;
  }
  if (names.includes("mimetype") && names.includes("META-INF/manifest.xml")) return { family: "office", ext: "odf", mime: "application/vnd.oasis.opendocument" };
  return null;
}

function sniffOle(bytes: Uint8Array): Detected {
  const directory = readOleDirectory(bytes);
  const kind = directory ? oleKind(directory) : "other";
  switch (kind) {
    case "msi":
      return { family: "executable", ext: "msi", mime: "application/x-msi", ole: kind };
    case "doc":
      return { family: "office", ext: "doc", mime: "application/msword", ole: kind };
    case "xls":
      return { family: "office", ext: "xls", mime: "application/vnd.ms-excel", ole: kind };
    case "ppt":
      return { family: "office", ext: "ppt", mime: "application/vnd.ms-powerpoint", ole: kind };
    case "msg":
      return { family: "email", ext: "msg", mime: "application/vnd.ms-outlook", ole: kind };
    default:
      return { family: "unknown", ext: "cfb", mime: "application/x-cfb", ole: kind };
  }
}

/** How much of a text file is looked at to tell what it is. */
const TEXT_SNIFF_BYTES = 4096;

function sniffText(bytes: Uint8Array): Detected {
  const head = decodeHead(bytes);
  if (head === null) return { family: "unknown", ext: "bin", mime: "application/octet-stream" };
  const text = head.replace(/^\uFEFF/, "").trimStart();
  if (text.startsWith("#!")) return { family: "script", ext: "sh", mime: "text/x-shellscript" };
  const lower = text.slice(0, 1024).toLowerCase();
  if (/^<!doctype\s+html|^<html[\s>]|^<head[\s>]|^<body[\s>]|^<script[\s>]|^<iframe[\s>]/.test(lower)) {
    return { family: "html", ext: "html", mime: "text/html" };
  }
  if (text.startsWith("<")) {
    // The first element after the prolog, comments and a DOCTYPE decides.
    const root = /<(?![?!])([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(text);
    if (root?.[2]?.toLowerCase() === "svg") return { family: "svg", ext: "svg", mime: "image/svg+xml" };
    if (root?.[2]?.toLowerCase() === "html") return { family: "html", ext: "html", mime: "text/html" };
    return { family: "xml", ext: "xml", mime: "application/xml" };
  }
  if (isMailHeaderBlock(bytes)) return { family: "email", ext: "eml", mime: "message/rfc822" };
  return looksLikeCsv(text) ? { family: "text", ext: "csv", mime: "text/csv" } : { family: "text", ext: "txt", mime: "text/plain" };
}

/** The start of the file as text, or null when it is binary (NUL bytes, invalid UTF-8 that is not Latin-1 text). */
function decodeHead(bytes: Uint8Array): string | null {
  const head = bytes.subarray(0, TEXT_SNIFF_BYTES);
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    return new TextDecoder(head[0] === 0xff ? "utf-16le" : "utf-16be").decode(head);
  }
  if (head.includes(0)) return null;
  // A multi-byte character may be cut at the end of the head: retry without up to 3 bytes.
  for (let cut = 0; cut < 4 && cut < head.length; cut++) {
    try {
      return utf8.decode(head.subarray(0, head.length - cut));
    } catch {
      if (head.length < TEXT_SNIFF_BYTES) break;
    }
  }
  const text = latin1Text(head);
  // Control characters other than tab, CR, LF and form feed mean binary.
  return /[\x00-\x08\x0e-\x1f\x7f]/.test(text) ? null : text;
}

/** A header field line (RFC 5322: a name of printable ASCII but the colon, then a colon), or a continuation line. */
const FIELD = /^[!-9;-~]+[ \t]*:/;
const CONTINUATION = /^[ \t]/;
/** An mbox separator line, which mail saved from a mailbox starts with: `From sender@example.com Tue May 10 11:28:07 2005`. */
const MBOX_FROM = /^>?From [^\r\n]*$/;
/**
 * Fields only a mail's header block holds. A text file may start with
 * `Date:` or `Subject:`; `Received:`, `DKIM-Signature:` or `From:` in a block
 * of fields ended by a blank line is a mail, whichever field comes first.
 */
const MAIL_FIELDS = new Set([
  "from", "sender", "received", "return-path", "delivered-to", "x-original-to", "message-id", "mime-version",
  "dkim-signature", "domainkey-signature", "arc-seal", "arc-message-signature", "arc-authentication-results", "authentication-results",
  "received-spf", "x-ms-exchange-organization-authas", "x-ms-has-attach", "thread-index", "x-mailer", "x-google-smtp-source",
]);

/**
 * Whether the bytes start like a mail: a header field (or an mbox `From `
 * line) on the first line that is not blank.
 */
export function startsLikeMail(bytes: Uint8Array): boolean {
  const head = latin1Text(bytes, 0, 1024).replace(/^\uFEFF/, "").replace(/^(?:\r?\n)+/, "");
  const first = head.split(/\r?\n/, 1)[0] ?? "";
  return FIELD.test(first) || MBOX_FROM.test(first);
}

/**
 * A mail's header block: lines that are all header fields (or their
 * continuations), after an optional mbox `From ` line, up to a blank line,
 * holding a field only mails have. Office 365 and Gmail write header blocks
 * of tens of kilobytes (ARC, DKIM, Received chains), so the block is read
 * up to a limit of its own, not within the window that decides other text.
 */
function isMailHeaderBlock(bytes: Uint8Array): boolean {
  if (!startsLikeMail(bytes)) return false;
  const text = latin1Text(bytes, 0, MAX_MAIL_HEADER_BLOCK_BYTES).replace(/^\uFEFF/, "").replace(/^(?:\r?\n)+/, "");
  const lines = text.split(/\r?\n/);
  let fields = 0;
  let mailField = false;
  for (const [i, line] of lines.entries()) {
    if (line === "") return fields >= 2 && mailField;
    if (i === lines.length - 1) return false; // the limit cut the block, or the bytes end without a body
    if (i === 0 && MBOX_FROM.test(line)) continue;
    if (CONTINUATION.test(line) && fields > 0) continue;
    const field = FIELD.exec(line);
    if (!field) return false;
    fields++;
    if (MAIL_FIELDS.has(line.slice(0, line.indexOf(":")).trim().toLowerCase())) mailField = true;
  }
  return false;
}

function looksLikeCsv(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0).slice(0, 10);
  if (lines.length < 2) return false;
  return [",", ";", "\t"].some((sep) => {
    const counts = lines.map((l) => l.split(sep).length - 1);
    return counts[0]! > 0 && counts.every((c) => c === counts[0]);
  });
}
