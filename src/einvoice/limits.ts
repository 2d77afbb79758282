/**
 * Bounds on the work and memory one document may cost. E-invoices come from
 * anyone who can send a mail, so every size and count that an attacker
 * controls has a ceiling here.
 */

const MiB = 1024 * 1024;

/**
 * Largest invoice XML read, stand-alone or inflated from a PDF. An XRechnung
 * with base64 attachments reaches a few MiB; past this, the parser's strings
 * alone would strain the isolate's 128 MB.
 */
export const MAX_XML_BYTES = 16 * MiB;

/** Deepest element nesting accepted. Real invoices nest about 12 deep; deeper is an attack on the parser's stack. */
export const MAX_XML_DEPTH = 64;

/**
 * Elements kept in the tree outside line items (which are skipped). Real
 * headers hold a few hundred; this stops a file that fills memory with
 * millions of tiny elements.
 */
export const MAX_XML_ELEMENTS = 50_000;

/**
 * Characters kept from one element's text. Names and amounts are short;
 * base64 attachments are not needed. A longer text is not read at all (the
 * field counts as missing, never as a cut value that could pass for the
 * real one): this bounds every field of the invoice data a purchase
 * invoice stores.
 */
export const MAX_XML_TEXT_CHARS = 4096;

/**
 * Files an e-invoice XML carries as base64 (UBL cbc:EmbeddedDocumentBinaryObject,
 * CII ram:AttachmentBinaryObject: EN 16931 BG-24 supporting documents) that
 * are decoded and checked; past this, the invoice is refused rather than
 * imported with files nobody checked. Real invoices carry one or two.
 */
export const MAX_EINVOICE_ATTACHMENTS = 20;

/**
 * Decoded bytes of one such file. The XML itself is at most MAX_XML_BYTES,
 * so this bounds the memory one attachment costs beside the parsed XML.
 */
export const MAX_EINVOICE_ATTACHMENT_BYTES = 12 * MiB;
