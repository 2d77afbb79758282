/** How API keys age. */

/**
 * After a rotation the old key stays valid this long, so that an integrator
 * can deploy the new one without an outage; a day covers a release cycle.
 * Revoke it instead when it leaked.
 */
export const API_KEY_ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * "Last used" is written at most once a minute per key: writing it on every
 * request would double the writes of a busy integration for no one's benefit.
 */
export const API_KEY_LAST_USED_RESOLUTION_MS = 60 * 1000;

/** Live keys per account: enough for every integration an account runs, few enough to review. */
export const MAX_API_KEYS_PER_ACCOUNT = 20;
