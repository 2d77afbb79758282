/**
 * Bounds on the work and memory one PDF may cost. PDFs come from anyone who
 * can send a mail, so every size and count that an attacker controls has a
 * ceiling here.
 */

const MiB = 1024 * 1024;

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

/**
 * Bytes kept of one string, literal or hex: file names, keys and password
 * validation data are short, and page text is never read. A longer string is
 * read to its end but not kept, so one the size of the file cannot take its
 * size again in memory.
 */
export const MAX_PDF_STRING_BYTES = 4096;

/** Bytes kept of one name (the standard's own limit is 127): a longer one is read to its end but not kept. */
export const MAX_PDF_NAME_BYTES = 256;

/**
 * White space looked through between a stream's /Length bytes and its
 * `endstream`, where writers put one end-of-line. Unbounded, a file whose
 * every /Length points at one long run of white space costs a pass over the
 * run per stream: quadratic.
 */
export const MAX_PDF_ENDSTREAM_GAP_BYTES = 64;

/**
 * Passes of the scan rules' object sweep over one PDF: a stream whose
 * /Length is an indirect object is stepped over once that object has been
 * read, in another pass. Bounded, so that lengths that shift with every
 * pass (one stream's length hidden in another's data) cost a few passes
 * over the file, not one per stream.
 */
export const MAX_PDF_SWEEPS = 3;

/** Nodes visited in the EmbeddedFiles name tree: stops cycles and fan-out bombs. */
export const MAX_NAME_TREE_NODES = 1000;
/** Depth of the EmbeddedFiles name tree followed: stops deep chains of nodes. */
export const MAX_NAME_TREE_DEPTH = 16;

/**
 * Objects the reader may find running into the end of the file (an
 * unterminated string): each costs a read of the rest of the file, so a file
 * forged with thousands of them would cost a read per object, quadratic time.
 * A damaged PDF has a few; past this many the PDF is not read.
 */
export const MAX_PDF_OBJECTS_RUNNING_TO_END = 16;

/** Indirect references followed while resolving one value: stops reference cycles (a /Length that points to itself). */
export const MAX_PDF_REFERENCE_CHAIN = 32;
