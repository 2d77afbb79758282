export interface AuthVerdicts {
  spf: string | null;
  dkim: string | null;
  dmarc: string | null;
}

/** The receiving MTA whose verdicts we trust: a sender can forge its own Authentication-Results, not Cloudflare's. */
const TRUSTED_AUTHSERV = /(^|\.)cloudflare\.net$/i;

/**
 * Reads the SPF, DKIM and DMARC results from Authentication-Results
 * (RFC 8601). The Headers object joins repeated headers with ", ", so the
 * value is split back at each authserv-id. Cloudflare's header wins; without
 * one (a local run), the first header is read.
 */
export function parseAuthenticationResults(value: string | null): AuthVerdicts {
  const none: AuthVerdicts = { spf: null, dkim: null, dmarc: null };
  if (!value) return none;
  const headers = value.split(/,\s*(?=[\w.-]+\s*;)/);
  const chosen = headers.find((h) => TRUSTED_AUTHSERV.test(h.split(";", 1)[0]!.trim())) ?? headers[0]!;
  // RFC 8601's results are short words (pass, softfail, temperror): a longer one is no verdict, and is not stored.
  const verdict = (method: string) => new RegExp(`(?:^|[;\\s])${method}\\s*=\\s*([a-z]{1,16})(?![a-z])`, "i").exec(chosen)?.[1]?.toLowerCase() ?? null;
  return { spf: verdict("spf"), dkim: verdict("dkim"), dmarc: verdict("dmarc") };
}
