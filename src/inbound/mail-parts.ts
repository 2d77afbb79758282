import type { SkipWhy } from "../db/schema/index.ts";
import { latin1Text, startsWith } from "../bytes.ts";
import { MAX_SIGNATURE_IMAGE_BYTES } from "../limits.ts";
import { looksLikeCms, readCms } from "../formats/cms.ts";
import { imageHeader } from "../formats/images.ts";
import { openPgpKind } from "../formats/openpgp.ts";
import { sniff, type Detected } from "../formats/sniff.ts";
import { decodeFileName, recoverRawLatin1 } from "../mail/charsets.ts";
import type { MimeLeaf } from "../mail/mime-tree.ts";
import type { ParsedMail } from "../mail/parsed-mail.ts";
import type { ReasonParams } from "../reasons/catalogue.ts";
import { isOutlookBodyImageName, type ImageFacts } from "./document-images.ts";
import type { SKIP_REASONS } from "./skipped-parts.ts";

/**
 * What each part of a mail is, looked at once before the mail is split
 * (split.ts): a body, a signature, encrypted content, a calendar or contact
 * card, empty, an image (judged by document-images.ts once the whole mail
 * is known), an opaque-signed S/MIME container, or a file to take. The
 * type comes from the bytes; the declared type and name only say where to
 * look (a part declared a signature whose bytes are not one is a file,
 * scanned like any other).
 */
export type PartLook = {
  leaf: MimeLeaf;
  /** The name the sender gave it, decoded; null when it has none. */
  name: string | null;
  /** The name a part without one is stored under. */
  defaultName: string;
} & (
  | ({
      role: "skip";
      size: number;
      /** An empty attachment named like a document (`invoice.pdf`): the sender meant to send a file, and the account should know. */
      missingDocument?: boolean;
    } & SkipCall)
  | { role: "image"; size: number; image: ImageFacts & { known: boolean } }
  | { role: "signed" }
  /** `detected` from the start of the file only: enough to tell a PDF or XML, not every office type. */
  | { role: "file"; detected: Detected }
);

/** The skipped parts a look decides alone (the image ones wait for the whole mail). */
type SkipCall = {
  [W in Exclude<SkipWhy, "signature_logo" | "inline_image" | "image_not_document" | "duplicate_part">]: { why: W; params: ReasonParams<(typeof SKIP_REASONS)[W]> };
}[Exclude<SkipWhy, "signature_logo" | "inline_image" | "image_not_document" | "duplicate_part">];

/**
 * How much of a part is decoded to tell what it is: signatures, calendars and
 * armor start at once, type signatures and image sizes within the first
 * kilobytes (a photo's EXIF may hold a thumbnail of some tens), a mail's
 * header block within MAX_MAIL_HEADER_BLOCK_BYTES. Decoding whole parts here,
 * and again when they are taken, would hold two copies of a large file.
 */
const LOOK_BYTES = 1024 * 1024;

/** Text types that carry a mail's body or one of its alternatives (Apple Watch, AMP for email, rich text). */
const BODY_TYPES = new Set(["text/plain", "text/html", "text/enriched", "text/richtext", "text/watch-html", "text/x-watch-html", "text/x-amp-html"]);
/** An XML root that is an e-invoice: such a part is a file whatever type it was declared as. */
const INVOICE_ROOT = /<(?:[\w.-]+:)?(?:Invoice|CreditNote|CrossIndustryInvoice|CrossIndustryDocument)[\s>/]/;
const SMIME_SIGNATURE_TYPE = /^application\/(?:x-)?pkcs7-signature$/;
/** AppleDouble's magic number: the resource fork and Finder information of a file sent beside it (AppleSingle, 0x00051600, holds the file itself). */
const APPLE_DOUBLE = [0x00, 0x05, 0x16, 0x07];
/** Headers shown as text: a returned mail's, Thunderbird's protected headers. */
const HEADER_TYPES = new Set(["text/rfc822-headers", "message/global-headers"]);
/** Exchange names the text it puts after an attachment (a list's footer, the rest of the body) ATT00001.txt or .htm. */
const EXCHANGE_BODY_PIECE = /^ATT\d{5}\.(?:txt|html?)$/i;
/** Names of the files a mail is sent for: an empty one is worth telling the account about. */
const DOCUMENT_NAME = /\.(?:pdf|xml|zip|jpe?g|png|tiff?|heic|webp|docx?|xlsx?|odt|ods)$/i;
const PGP_DECLARED_TYPE = /^application\/(?:pgp-signature|pgp-keys|pgp-encrypted)$/;
const PGP_DECLARED_NAME = /\.(?:asc|sig|gpg|pgp)$/i;

/** `attachmentIndex`: the part's place among the mail's attachments (for `attachment-N` names); -1 for body text. */
export async function lookAtPart(mail: ParsedMail, leaf: MimeLeaf, attachmentIndex: number): Promise<PartLook> {
  const name = partName(mail, leaf);
  const base = { leaf, name, defaultName: defaultName(leaf.type, attachmentIndex) };

  if (!leaf.attachment) {
    // Text postal-mime joined into the body; an inline `BEGIN PGP MESSAGE` body is encrypted.
    const bytes = leaf.bodyText!;
    const encrypted = openPgpKind(bytes, false) === "encrypted";
    return { ...base, size: bytes.length, role: "skip", ...(encrypted ? { why: "encrypted", params: { what: "pgp" } } : { why: "body", params: {} }) };
  }

  const content = leaf.attachment.content;
  const bytes = await mail.bytesOf(content, LOOK_BYTES);
  const whole = bytes.length < LOOK_BYTES;
  // Counted without decoding when the part is longer than what was decoded of it.
  const size = () => (whole ? bytes.length : mail.sizeOf(content));
  const skip = (call: SkipCall): Extract<PartLook, { role: "skip" }> => ({ ...base, size: size(), role: "skip", ...call });
  const isBodyType = name === null && BODY_TYPES.has(leaf.type);

  const inBody = shownInBody(leaf, mail);
  if (bytes.length === 0) {
    if (isBodyType) return skip({ why: "body", params: {} });
    // Not the pictures of an HTML body (shown, or Outlook's image001.png), which a broken signature leaves empty.
    return { ...skip({ why: "empty", params: {} }), missingDocument: name !== null && DOCUMENT_NAME.test(name) && !inBody && !isOutlookBodyImageName(name) };
  }
  if (leaf.within.some((m) => m.subtype === "encrypted")) return skip({ why: "encrypted", params: { what: "pgp" } });
  // Headers shown as text (Thunderbird's protected headers, a returned mail's headers), and the pieces of text
  // Exchange cuts a body into around attachments (ATT00001.txt, ATT00002.htm): parts of the message, not files.
  if (HEADER_TYPES.has(leaf.type) || (name !== null && EXCHANGE_BODY_PIECE.test(name) && BODY_TYPES.has(leaf.type))) return skip({ why: "body", params: {} });

  if (startsWith(bytes, APPLE_DOUBLE)) return skip({ why: "resource_fork", params: {} });

  const text = latin1Text(bytes, 0, 64).replace(/^\uFEFF/, "").trimStart();
  if (/^BEGIN:VCALENDAR/i.test(text)) return skip({ why: "calendar", params: {} });
  if (/^BEGIN:VCARD/i.test(text)) return skip({ why: "contact_card", params: {} });

  if (looksLikeCms(bytes)) {
    const cms = readCms(whole ? bytes : await mail.bytesOf(content));
    if (cms?.kind === "encrypted") return skip({ why: "encrypted", params: { what: "smime" } });
    if (cms?.kind === "signed" && cms.content) return { ...base, role: "signed" };
    // A detached signature; one cut short is taken for one only when declared so (it may have held content).
    if (cms?.kind === "signed" && (cms.complete || SMIME_SIGNATURE_TYPE.test(leaf.type) || (name !== null && /\.p7s$/i.test(name)))) {
      return skip({ why: "signature", params: { what: "smime" } });
    }
  }
  const pgp = openPgpKind(bytes, PGP_DECLARED_TYPE.test(leaf.type) || (name !== null && PGP_DECLARED_NAME.test(name)));
  if (pgp === "signature") return skip({ why: "signature", params: { what: "pgp" } });
  if (pgp === "key") return skip({ why: "signature", params: { what: "pgp_key" } });
  if (pgp === "encrypted") return skip({ why: "encrypted", params: { what: "pgp" } });

  const detected = await sniff(bytes);
  if (isBodyType && isText(detected, bytes)) return skip({ why: "body", params: {} });

  const declaredImage = leaf.type.startsWith("image/");
  if (!declaredImage && detected.family !== "image") return { ...base, role: "file", detected };
  const picture = (header: { width: number; height: number } | null): PartLook => {
    const bytesNow = size();
    return { ...base, size: bytesNow, role: "image", image: { width: header?.width ?? 0, height: header?.height ?? 0, size: bytesNow, inBody, outlookBodyName: false, known: header !== null } };
  };
  if (inBody && size() <= MAX_SIGNATURE_IMAGE_BYTES) return picture(null);
  if (detected.family !== "image") return { ...base, role: "file", detected };
  const header = imageHeader(detected.ext, bytes);
  // A damaged picture in the body is a picture all the same; attached, the scan says it is damaged.
  if (!header) return inBody ? picture(null) : { ...base, role: "file", detected };
  return picture(header);
}

/** The name the sender gave a part, decoded (UTF-7, UTF-8 read as Latin-1, raw Latin-1 too); null when it has none. */
export function partName(mail: ParsedMail, leaf: MimeLeaf): string | null {
  if (leaf.rawName === null) return leaf.attachment?.filename ?? null;
  return recoverRawLatin1(decodeFileName(leaf.rawName, leaf.rawTypeHeaders), "name", () => mail.parsedBytes);
}

/** Text of a body (plain, HTML, or XML-like fragments such as Apple Watch HTML), not a document sent as text. */
function isText(detected: Detected, bytes: Uint8Array): boolean {
  if (detected.family === "text" || detected.family === "html") return true;
  return detected.family === "xml" && !INVOICE_ROOT.test(latin1Text(bytes, 0, 4096));
}

/** Whether the HTML body shows the part: it is one of its resources (multipart/related), or the HTML names it by `cid:`. */
function shownInBody(leaf: MimeLeaf, mail: ParsedMail): boolean {
  return Boolean(leaf.attachment?.related) || leaf.within.some((m) => m.subtype === "related") || referencedByCid(leaf.contentId, mail.email.html);
}

/** Whether the HTML body shows the part by its Content-ID (`<img src="cid:...">`). */
function referencedByCid(contentId: string | null, html: string | undefined): boolean {
  const id = contentId?.trim().replace(/^<|>$/g, "");
  if (!id || !html) return false;
  const lower = html.toLowerCase();
  return lower.includes(`cid:${id.toLowerCase()}`) || lower.includes(`cid:${encodeURIComponent(id).toLowerCase()}`);
}

/** A name for a part that has none: forwarded mails and winmail.dat get the names people know them by. */
function defaultName(type: string, attachmentIndex: number): string {
  if (type === "message/rfc822") return "forwarded.eml";
  if (type === "application/ms-tnef") return "winmail.dat";
  return `attachment-${attachmentIndex + 1}`;
}
