import PostalMime, { type Attachment, type Email } from "postal-mime";
import { MAX_MIME_HEADERS_BYTES, MAX_MIME_NESTING_DEPTH } from "../limits.ts";
import { skeletonOf, type Skeleton } from "./mime-skeleton.ts";
import { attachmentLeaves, leavesOf, type MimeLeaf } from "./mime-tree.ts";

/**
 * A parsed mail: postal-mime's view of it, the leaves of its MIME tree
 * (mime-tree.ts), and the real bytes of each attachment. With `fast`, postal-mime parses a skeleton of the mail and the
 * long base64 bodies are decoded natively (mime-skeleton.ts); the result is
 * the same files, byte for byte, as postal-mime alone gives.
 */
export class ParsedMail {
  private constructor(
    readonly email: Email,
    /** Every leaf of the MIME tree, body parts included, in order. */
    readonly leaves: MimeLeaf[],
    /** The bytes postal-mime parsed (the skeleton, on the fast path): where header bytes can be found again. */
    readonly parsedBytes: Uint8Array,
    private readonly fast: boolean,
    /** This mail's skeleton first, then those of the mails it is forwarded in. */
    private readonly skeletons: Skeleton[],
  ) {}

  static parse(raw: Uint8Array, options: { fast: boolean } = { fast: true }): Promise<ParsedMail> {
    return ParsedMail.open(raw, options.fast, []);
  }

  private static async open(bytes: Uint8Array, fast: boolean, outer: Skeleton[]): Promise<ParsedMail> {
    const skeleton = fast ? skeletonOf(bytes) : null;
    const parsed = skeleton?.bytes ?? bytes;
    const { email, leaves } = await parseWithLimits(parsed);
    return new ParsedMail(email, leaves, parsed, fast, skeleton ? [skeleton, ...outer] : outer);
  }

  /** A mail found inside this one (forwarded as an attachment); bodies replaced in this mail's skeleton still resolve. */
  nested(bytes: Uint8Array): Promise<ParsedMail> {
    return ParsedMail.open(bytes, this.fast, this.skeletons);
  }

  /** The bytes of an attachment; with a limit, only its start (a long body is decoded no further than that). */
  async bytesOf(content: Attachment["content"], limit = Infinity): Promise<Uint8Array> {
    let bytes = asBytes(content);
    for (const skeleton of this.skeletons) bytes = await skeleton.resolve(bytes, limit);
    return bytes.length > limit ? bytes.subarray(0, limit) : bytes;
  }

  /** The size of an attachment's bytes, without decoding a long body. */
  sizeOf(content: Attachment["content"]): number {
    const bytes = asBytes(content);
    for (const skeleton of this.skeletons) {
      const size = skeleton.size(bytes);
      if (size !== null) return size;
    }
    return bytes.length;
  }

  /** Bytes taken from a skeleton (a forwarded mail stored as a file), as they were in the raw mail. */
  original(bytes: Uint8Array): Uint8Array {
    return this.skeletons.reduce((b, skeleton) => skeleton.restore(b), bytes);
  }
}

function asBytes(content: Attachment["content"]): Uint8Array {
  return typeof content === "string" ? new TextEncoder().encode(content) : content instanceof Uint8Array ? content : new Uint8Array(content);
}

/** postal-mime with explicit limits; forwarded mails arrive as attachments, which we open ourselves (bounded). */
async function parseWithLimits(bytes: Uint8Array): Promise<{ email: Email; leaves: MimeLeaf[] }> {
  const parser = new PostalMime({
    forceRfc822Attachments: true,
    maxNestingDepth: MAX_MIME_NESTING_DEPTH,
    maxHeadersSize: MAX_MIME_HEADERS_BYTES,
  });
  const email = await parser.parse(bytes);
  const leaves = leavesOf(parser, email);
  if (!leaves) console.warn(JSON.stringify({ msg: "postal-mime's MIME tree could not be read; the mail is split from its attachments alone" }));
  return { email, leaves: leaves ?? attachmentLeaves(email) };
}
