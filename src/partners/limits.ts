/** Limits of partner imports. */

/**
 * Rows of one CSV import. Every row is checked and the rows that pass are
 * written in one D1 batch (one transaction): a larger file would hold the
 * database and the request for long, and a person cannot fix hundreds of
 * refused rows from one report anyway. Larger lists go in several files.
 */
export const MAX_IMPORT_ROWS = 500;

/** Characters of one cell: a name, an address line or a number is far shorter; more is a mistake or an attack. */
export const MAX_IMPORT_CELL_CHARS = 200;

/** Bytes of one CSV file: 500 rows of 12 long cells, with room to spare. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
