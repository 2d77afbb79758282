import type { FileSource } from "../../db/schema/index.ts";
import type { PdfContents } from "../../pdf/objects.ts";
import type { Detected } from "../../formats/sniff.ts";

/** What a rule looks at. */
export interface RuleInput {
  bytes: Uint8Array;
  /** The type taken from the bytes. */
  detected: Detected;
  /** The name exactly as the sender wrote it, unsafe characters and all; the stored name is made safe. */
  originalName: string;
  /** Where the file was found: a folder inside an archive is normal, in an attachment's name it is not. */
  source: FileSource;
  /** A PDF's objects, read once for all the PDF rules; null for other files. */
  pdf: PdfContents | null;
}

/**
 * A built-in check for dangerous content. A file on which any rule fires is
 * `malicious`: never imported, never served.
 */
export interface Rule {
  /** Stable and machine-readable; inbox items carry it as `reasonCode`. */
  code: string;
  /** What the rule finds, for people (the README's table says the same). */
  description: string;
  /** Null when the rule does not fire; otherwise the reason, a sentence for a person. */
  check(input: RuleInput): string | null | Promise<string | null>;
}
