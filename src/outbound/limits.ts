/**
 * Cloudflare Email Service's limits on one message. A delivery that would
 * break them is refused before anything is queued, with the reason, rather
 * than failing later at the provider.
 */

/** Recipients of one message, To, Cc and Bcc together. */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;
