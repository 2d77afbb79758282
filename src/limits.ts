/**
 * Every limit of the receiving pipeline, with what it protects. A Worker
 * isolate has 128 MB of memory; a limit here keeps one hostile mail from
 * taking it all or from keeping a consumer busy for minutes.
 */
const MiB = 1024 * 1024;

/** Email Routing refuses larger mails; we refuse them too, with a reason, before reading them. */
export const MAX_MAIL_BYTES = 25 * MiB;

/** postal-mime: deeper MIME nesting than this is an attack on the parser, not a mail. */
export const MAX_MIME_NESTING_DEPTH = 50;
/** postal-mime: all headers of all parts together; real mails stay far below. */
export const MAX_MIME_HEADERS_BYTES = 1 * MiB;

/** Forwarded mails inside forwarded mails: a person forwards a forward, not ten. */
export const MAX_FORWARD_DEPTH = 3;
/** Containers (forwarded mails, archives, winmail.dat) inside each other, all kinds counted. */
export const MAX_CONTAINER_DEPTH = 4;

/** A ZIP inside a ZIP is plausible; deeper nesting is how archive bombs hide. */
export const MAX_ARCHIVE_DEPTH = 2;
/** Entries in one archive: an invoice archive holds a handful of files, a bomb thousands. */
export const MAX_ARCHIVE_ENTRIES = 100;
/** Expanded size of one archive entry. */
export const MAX_ARCHIVE_ENTRY_BYTES = 25 * MiB;
/** Expansion ratio of an entry; real documents compress far less (PDF ~1.1x, XML ~10x, text ~20x). */
export const MAX_ARCHIVE_RATIO = 100;

/** Parts of an office document (OOXML, ODF) listed to look for macros; a large workbook has a few hundred. */
export const MAX_PACKAGE_ENTRIES = 10_000;

/** Files taken from one mail after opening its containers; more is not an invoice mail. */
export const MAX_FILES_PER_MAIL = 100;
/** Bytes of all files taken from one mail, so that expansion cannot exhaust R2 or memory. */
export const MAX_EXTRACTED_BYTES_PER_MAIL = 64 * MiB;

/**
 * Images referenced from the HTML body by Content-ID up to this size are
 * signature logos and icons, not documents. A scan or photo of an invoice is larger.
 */
export const MAX_SIGNATURE_IMAGE_BYTES = 128 * 1024;
/** Images smaller than this in both dimensions cannot hold a legible invoice (icons, tracking pixels). */
export const MIN_DOCUMENT_IMAGE_PIXELS = 200;

/*
 * What is kept of the text a mail brings: each cap is far above what real
 * mail holds and far below D1's 2 MB per row (D1_MAX_ROW_BYTES), and each
 * cut is marked with "…" (src/text.ts). A header may be folded over many
 * lines, and MIME parameters continued (RFC 2231), so none of these is
 * bounded by the mail's format itself.
 */

/** A file name as stored, shown and served; a longer name is cut before its extension, which it keeps. */
export const MAX_FILE_NAME_CHARS = 200;
/**
 * The file name exactly as the sender wrote it, which the name rules read.
 * Longer names keep both ends: the rules look at the start (a path from a
 * root) and the end (the extensions), and a disguise must sit near the end
 * to show.
 */
export const MAX_ORIGINAL_NAME_CHARS = 1000;
/** A declared Content-Type (RFC 6838: type and subtype of at most 127 characters each). */
export const MAX_DECLARED_TYPE_CHARS = 255;
/**
 * Where a file was found (`Fwd: … › invoices.zip › 42.pdf`): five names and
 * forwarded subjects deep at most (MAX_CONTAINER_DEPTH). Longer paths keep
 * their end, which names the file.
 */
export const MAX_FILE_PATH_CHARS = 2000;
/** The subject kept for display, and a header's line limit (RFC 5322). */
export const MAX_SUBJECT_CHARS = 998;
/** The From header, as a person reads it. */
export const MAX_FROM_CHARS = 998;
/** A Message-ID, by which a mail sent again is recognised. */
export const MAX_MESSAGE_ID_CHARS = 998;
/** An envelope address, MAIL FROM or RCPT TO (RFC 5321: a path is at most 256 octets). */
export const MAX_ENVELOPE_ADDRESS_CHARS = 256;

/**
 * A mail still `processing` this long after it arrived lost its queue job
 * (the platform's retries and dead-letter queues end every job far sooner):
 * the scheduled sweep queues it again, so that it ends one way or another.
 */
export const STALLED_MAIL_AFTER_MS = 6 * 60 * 60 * 1000;
/** Mails swept per run; the next run takes the rest. */
export const MAX_SWEPT_MAILS = 100;

