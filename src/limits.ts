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

/**
 * A forwarded mail is recognised by its header block, read this far: Office
 * 365 and Gmail write blocks of tens of kilobytes (ARC, DKIM, Received chains).
 */
export const MAX_MAIL_HEADER_BLOCK_BYTES = 256 * 1024;

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
/**
 * Inbox items one mail can make: its files' items up to one less than this,
 * then one item for the rest. A sender decides how many bad files a mail holds
 * (one 8 KB mail can hold 100); the people reading the inbox should not.
 */
export const MAX_INBOX_ITEMS_PER_MAIL = 10;
/** Bytes of all files taken from one mail, so that expansion cannot exhaust R2 or memory. */
export const MAX_EXTRACTED_BYTES_PER_MAIL = 64 * MiB;
/**
 * Bytes of mail and files the ingest and scan steps of one isolate hold at
 * once (src/memory-budget.ts): a step waits while others hold more. Cloudflare
 * stops an isolate past 128 MB; a step holds about 1.75x what it reads (a
 * 24 MiB mail's ingest: the raw mail and its 17.6 MiB PDF, npm run
 * bench:memory) beside about 15 MiB of heap, so 32 MiB of work in hand stays
 * near 70 MiB. One step larger than this runs alone.
 */
export const MAX_BYTES_IN_HAND_PER_ISOLATE = 32 * MiB;
/**
 * How long a step waits for the isolate's bytes in hand before it runs
 * anyway: a step that never released its share (an invocation cancelled
 * mid-way) must not stall the isolate. A 25 MiB mail is ingested in seconds.
 */
export const MAX_MEMORY_WAIT_MS = 60_000;

/**
 * Images referenced from the HTML body by Content-ID up to this size are
 * signature logos and icons, not documents. A scan or photo of an invoice is larger.
 */
export const MAX_SIGNATURE_IMAGE_BYTES = 128 * 1024;
/** Images smaller than this in both dimensions cannot hold a legible invoice (icons, tracking pixels). */
export const MIN_DOCUMENT_IMAGE_PIXELS = 200;

/*
 * Which images can be a scanned or photographed document (src/inbound/document-images.ts).
 * Banners, logos, icons and pictures in an HTML mail would otherwise become purchase
 * invoices of their own; these bounds keep every page scan, phone photo and screenshot
 * of an invoice or receipt, and leave out the shapes documents never have.
 */
/**
 * The shorter side of a document image, in pixels: a receipt 80 mm wide
 * scanned at 150 dpi is 472 pixels, an A4 page at 72 dpi 595; below this a
 * page cannot be read (thumbnails, icons, 300-pixel product pictures).
 */
export const MIN_DOCUMENT_IMAGE_SHORT_SIDE = 400;
/**
 * Width over height of a landscape document image: a photo is 4:3 (1.33),
 * a screenshot or a wide photo 16:9 (1.78), an A4 page turned 1.41. Email
 * banners and headers are 2:1 and wider (a 1568×268 banner is 5.9).
 */
export const MAX_LANDSCAPE_DOCUMENT_ASPECT = 1.85;
/**
 * Height over width of a portrait document image: a page is 1.41, a phone
 * screenshot 2.2, a till receipt up to about 5 (80 mm by 400 mm).
 */
export const MAX_PORTRAIT_DOCUMENT_ASPECT = 5;
/**
 * Beside a PDF or an e-invoice, an attached image is a document of its own
 * only when it is a page photographed or scanned in full: a phone camera
 * takes 3024×4032, a page scanned at 120 dpi is 992×1403. Smaller pictures
 * next to an invoice are logos, product pictures and screenshots.
 */
export const MIN_SEPARATE_DOCUMENT_IMAGE_SHORT_SIDE = 1000;

/**
 * Parts of one mail listed as skipped (bodies, signatures, logos...); beyond
 * this only their number is kept, so that a mail of thousands of empty parts
 * cannot make its row larger than D1 stores.
 */
export const MAX_SKIPPED_PARTS_RECORDED = 500;

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

