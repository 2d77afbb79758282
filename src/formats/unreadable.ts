/**
 * Why a file that looked like a PDF or XML could not be read:
 * - `encrypted`: an encrypted PDF: its attachments are not decrypted, and `opensWithoutPassword` says whether
 *   people can open it all the same (only an owner password restricts it) or it needs a password or key;
 * - `unsafe`: XML with a DOCTYPE (entity expansion, external fetches);
 * - `too_large`: a size, depth or count limit of limits.ts was reached (a decompression bomb, a huge XML);
 * - `malformed`: not well-formed XML, a PDF whose structure cannot be found;
 * - `unsupported`: an embedded invoice stream in an encoding this module does not decode.
 */
export type UnreadableReason = "encrypted" | "unsafe" | "too_large" | "malformed" | "unsupported";

/** Thrown inside the module and turned into an `unreadable` result at its edge: it never leaves readEInvoice. */
export class Unreadable extends Error {
  override name = "Unreadable";
  constructor(
    readonly reason: UnreadableReason,
    message: string,
  ) {
    super(message);
  }
}

/** An encrypted PDF: thrown by PdfDocument.open, which decides `opensWithoutPassword` (see pdf/security.ts). */
export class EncryptedPdf extends Unreadable {
  override name = "EncryptedPdf";
  constructor(
    readonly opensWithoutPassword: boolean,
    message: string,
  ) {
    super("encrypted", message);
  }
}
