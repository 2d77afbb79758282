import {
  MAX_LANDSCAPE_DOCUMENT_ASPECT,
  MAX_PORTRAIT_DOCUMENT_ASPECT,
  MAX_SIGNATURE_IMAGE_BYTES,
  MIN_DOCUMENT_IMAGE_SHORT_SIDE,
  MIN_SEPARATE_DOCUMENT_IMAGE_SHORT_SIDE,
} from "../limits.ts";

/**
 * Which images of a mail are scanned or photographed documents, and so
 * become purchase invoices, and which are not: the rule a person applies
 * looking at the mail.
 *
 * - A small image the HTML body shows is a signature logo.
 * - An image of a shape no page or receipt has (a banner, an icon, a
 *   thumbnail) is not a document, attached or shown.
 * - Beside a PDF or an e-invoice, the invoice is that file: an image is a
 *   document of its own only when it is attached (not shown in the body),
 *   a full-size page photo or scan, and not one of the pictures Outlook
 *   names `image001.png` for its HTML body.
 * - Otherwise a document-shaped image is a document, also when the body
 *   shows it: phone mail apps put a photo taken for the mail in the HTML
 *   body, and a photographed invoice mailed alone must import.
 */
export interface ImageFacts {
  /** Pixels; Number.MAX_SAFE_INTEGER when the format keeps them where we do not read (HEIC, AVIF). */
  width: number;
  height: number;
  size: number;
  /** Shown by the HTML body: in a multipart/related, or referenced from the HTML by `cid:`. */
  inBody: boolean;
  /** The name Outlook gives the pictures of an HTML body: image001.png, image002.jpg... */
  outlookBodyName: boolean;
}

export type ImageJudgement =
  | { document: true }
  | { document: false; why: "signature_logo" }
  | { document: false; why: "inline_image" }
  | { document: false; why: "image_not_document"; because: "small" | "shape" | "beside_document" };

/** `besideDocument`: the mail (at the same level) holds a PDF or an e-invoice. */
export function judgeImage(image: ImageFacts, besideDocument: boolean): ImageJudgement {
  if (image.inBody && image.size <= MAX_SIGNATURE_IMAGE_BYTES) return { document: false, why: "signature_logo" };
  const shape = documentShape(image.width, image.height);
  if (shape !== "document") return image.inBody ? { document: false, why: "inline_image" } : { document: false, why: "image_not_document", because: shape };
  if (!besideDocument) return { document: true };
  if (image.inBody) return { document: false, why: "inline_image" };
  const separate = Math.min(image.width, image.height) >= MIN_SEPARATE_DOCUMENT_IMAGE_SHORT_SIDE && !image.outlookBodyName;
  return separate ? { document: true } : { document: false, why: "image_not_document", because: "beside_document" };
}

/** Whether an image has the size and proportions of a page, a receipt, a photo or a screenshot of one. */
export function documentShape(width: number, height: number): "document" | "small" | "shape" {
  const aspect = width > height ? width / height : height / width;
  const limit = width > height ? MAX_LANDSCAPE_DOCUMENT_ASPECT : MAX_PORTRAIT_DOCUMENT_ASPECT;
  // The shape first: a banner is a banner at any size, and says more than "too small".
  if (aspect > limit) return "shape";
  return Math.min(width, height) < MIN_DOCUMENT_IMAGE_SHORT_SIDE ? "small" : "document";
}

/** Outlook's names for the pictures of an HTML body, which it sometimes sends as plain attachments. */
export function isOutlookBodyImageName(name: string | null): boolean {
  return name !== null && /^image\d{3}\.(?:png|jpe?g|gif|bmp)$/i.test(name);
}
