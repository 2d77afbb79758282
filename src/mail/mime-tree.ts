import type { Attachment, Email } from "postal-mime";

/**
 * The leaves of a mail's MIME tree, as postal-mime parsed it, each with the
 * attachment postal-mime made of it (null for the text parts it joined into
 * the body). postal-mime's published result holds the attachments and the
 * joined bodies only; to account for every part of a mail (which body parts
 * there were, what a part sits in: multipart/signed, /encrypted, /report,
 * /related) we read the tree the parser keeps. It is not in postal-mime's
 * published types, so the few fields read are declared here; a tree without
 * them gives null, and the mail is then split from its attachments alone, as
 * before (test/mail/mime-tree.test.ts fails on an upgrade that changes them).
 */
export interface MimeLeaf {
  /** The part's number, as IMAP numbers them: "1", "2.1"... ("1" for a mail of one part). */
  section: string;
  /** The media type, lower case: text/plain when none is declared (multipart/digest: message/rfc822), application/octet-stream when it is empty. */
  type: string;
  /** The Content-Type parameters (charset, name, smime-type...), names in lower case. */
  params: Record<string, string>;
  disposition: string | null;
  /** The file name parameter (filename, else name) before its encoded words are decoded; null when there is none. */
  rawName: string | null;
  /** Content-Type and Content-Disposition as written, for names in charsets postal-mime cannot decode. */
  rawTypeHeaders: string;
  contentId: string | null;
  /** The multiparts it sits in, outermost first: subtype and parameters. */
  within: { subtype: string; params: Record<string, string> }[];
  /** postal-mime's attachment for this part; null for a text part joined into the body. */
  attachment: Attachment | null;
  /** The decoded bytes of a text part joined into the body; null for an attachment (its content is the attachment's). */
  bodyText: Uint8Array | null;
}

/** The fields of postal-mime's MimeNode this file reads. */
interface MimeNode {
  childNodes: MimeNode[];
  contentType: { value: string; parsed: { value: string; params: Record<string, string> }; multipart: string | false };
  contentDisposition: { value: string; parsed: { value: string; params: Record<string, string> } };
  contentId?: string;
  content: ArrayBuffer | null;
}

function isMimeNode(node: unknown): node is MimeNode {
  const n = node as Partial<MimeNode> | null;
  return Boolean(n && Array.isArray(n.childNodes) && n.contentType?.parsed && n.contentDisposition?.parsed);
}

/**
 * The leaves of the tree of `parser` (a PostalMime that parsed `email` with
 * forceRfc822Attachments), in the order postal-mime visits them, so that
 * the n-th leaf that is not body text is the n-th attachment. Null when
 * the tree is not what this file expects.
 */
export function leavesOf(parser: unknown, email: Email): MimeLeaf[] | null {
  const root = (parser as { root?: unknown }).root;
  if (!isMimeNode(root)) return null;
  const leaves: MimeLeaf[] = [];
  let next = 0;
  const visit = (node: MimeNode, section: string, within: MimeLeaf["within"]): boolean => {
    if (!isMimeNode(node)) return false;
    // As postal-mime decides (a part without Content-Type is text/plain; one with an empty type is an attachment of type "").
    const parsedType = node.contentType.parsed.value;
    // A multipart whose boundary never came has no parts: what it holds is text postal-mime did not split, listed as such.
    const unsplit = node.contentType.multipart !== false && node.childNodes.length === 0;
    if (node.contentType.multipart && !unsplit) {
      const inner = [...within, { subtype: node.contentType.multipart, params: node.contentType.parsed.params }];
      return node.childNodes.every((child, i) => visit(child, section ? `${section}.${i + 1}` : String(i + 1), inner));
    }
    const disposition = node.contentDisposition.parsed.value || null;
    // postal-mime's isInlineTextNode: these parts make up the text and HTML bodies.
    const isBodyText = unsplit || (disposition !== "attachment" && (parsedType === "text/plain" || parsedType === "text/html"));
    let attachment: Attachment | null = null;
    if (!isBodyText && node.content) {
      attachment = email.attachments[next++] ?? null;
      if (!attachment || attachment.mimeType !== parsedType) return false;
    }
    leaves.push({
      section: section || "1",
      type: parsedType || "application/octet-stream",
      params: node.contentType.parsed.params,
      disposition,
      rawName: node.contentDisposition.parsed.params.filename || node.contentType.parsed.params.name || null,
      rawTypeHeaders: `${node.contentType.value}\n${node.contentDisposition.value}`,
      contentId: node.contentId ?? null,
      within,
      attachment,
      bodyText: isBodyText ? new Uint8Array(node.content ?? new ArrayBuffer(0)) : null,
    });
    return true;
  };
  const complete = visit(root, "", []) && next === email.attachments.length;
  return complete ? leaves : null;
}

/** Leaves made of the attachments alone, for a tree leavesOf cannot read: no body parts, nothing about multiparts. */
export function attachmentLeaves(email: Email): MimeLeaf[] {
  return email.attachments.map((attachment, i) => ({
    section: String(i + 1),
    type: attachment.mimeType,
    params: {},
    disposition: attachment.disposition,
    rawName: null,
    rawTypeHeaders: "",
    contentId: attachment.contentId ?? null,
    within: [],
    attachment,
    bodyText: null,
  }));
}
