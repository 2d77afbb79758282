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

/** Characters kept from one element's text. Names and amounts are short; base64 attachments are not needed. */
export const MAX_XML_TEXT_CHARS = 4096;

/** Largest XMP metadata packet read from a PDF (it only names the invoice attachment). */
export const MAX_XMP_BYTES = 1 * MiB;

/** Largest inflated object or cross-reference stream: these hold PDF structure, never content. */
export const MAX_PDF_STRUCTURE_STREAM_BYTES = 16 * MiB;

/** Inflated bytes one PDF may cost in all: stops a file that chains many streams just under the other caps. */
export const MAX_PDF_INFLATED_TOTAL_BYTES = 48 * MiB;

/** Objects indexed per PDF: a forged cross-reference section could otherwise claim millions. */
export const MAX_PDF_OBJECTS = 500_000;

/** Cross-reference sections followed through /Prev: stops loops and endless chains of incremental updates. */
export const MAX_PDF_XREF_SECTIONS = 64;

/** Nesting of arrays and dictionaries inside one PDF object: stops stack exhaustion. */
export const MAX_PDF_NESTING = 64;

/** Nodes visited in the EmbeddedFiles name tree, and its depth: stops cycles and fan-out bombs. */
export const MAX_NAME_TREE_NODES = 1000;
export const MAX_NAME_TREE_DEPTH = 16;

/** Indirect references followed while resolving one value: stops reference cycles (a /Length that points to itself). */
export const MAX_PDF_REFERENCE_CHAIN = 32;
