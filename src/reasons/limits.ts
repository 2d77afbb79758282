/**
 * Reasons carry text from outside in their parameters: a parser's error on
 * a hostile file, a mail server's diagnostic, the names a PDF gives its
 * attachments. Each value is capped when the reason is made (reason()), so
 * that the parameters and the sentence stored with them stay small.
 */

/**
 * Characters of one parameter value. A server's diagnostic or a parser's
 * message is a line or two; fifty recipients with their diagnostics fit.
 */
export const MAX_REASON_PARAM_CHARS = 4096;

/**
 * Characters of the English sentence stored with an inbox item, to which
 * each rescan that settles it adds why: many rescans must not grow it
 * without end.
 */
export const MAX_REASON_TEXT_CHARS = 16_384;
