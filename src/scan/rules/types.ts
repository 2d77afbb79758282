import type { FileSource } from "../../db/schema/index.ts";
import type { Detected } from "../../formats/sniff.ts";
import type { PdfContents } from "../../pdf/objects.ts";
import type { Reason, ReasonCode, ReasonParams } from "../../reasons/catalogue.ts";

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
  /**
   * Every rule on a file this one carries (a supporting document a PDF
   * embeds), as if it came on its own under `name`: the first finding, or
   * null. Given by the rule runner, so that rules need not import it.
   */
  checkCarried(bytes: Uint8Array, name: string, detected: Detected): Promise<Reason | null>;
}

/**
 * A built-in check for dangerous content. A file on which any rule fires is
 * `malicious`: never imported, never served. What it finds, and the sentence
 * that says so, are its code's entry in the catalogue (src/reasons/files.ts).
 */
export interface Rule {
  code: ReasonCode;
  /** The reason when the rule fires, null when it does not. */
  check(input: RuleInput): Promise<Reason | null>;
}

/** A rule whose check returns the parameters of its code's message when it fires, null when it does not. */
export function rule<C extends ReasonCode>(code: C, check: (input: RuleInput) => ReasonParams<NoInfer<C>> | null | Promise<ReasonParams<NoInfer<C>> | null>): Rule {
  return {
    code,
    async check(input) {
      const params = await check(input);
      return params === null ? null : ({ code, params } as Reason);
    },
  };
}
