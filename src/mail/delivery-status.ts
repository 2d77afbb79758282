/**
 * Delivery status notifications (RFC 3464): the machine-readable part of a
 * bounce, message/delivery-status, read into the recipients that failed.
 */

export interface FailedRecipient {
  recipient: string;
  /** RFC 3463 enhanced status code, e.g. 5.1.1. */
  status: string | null;
  /** The remote server's words, e.g. `550 5.1.1 User unknown`. */
  diagnostic: string | null;
  remoteMta: string | null;
}

export interface DeliveryStatusReport {
  reportingMta: string | null;
  /** Recipients whose Action is `failed`; delayed, delivered, relayed and expanded ones are not bounces. */
  failed: FailedRecipient[];
}

/** Header-style fields of one block, continuation lines unfolded, names in lower case. */
function fields(block: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of block.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) map.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return map;
}

/** `rfc822; ap@globex.example` -> `ap@globex.example`; `smtp; 550 ...` -> `550 ...`. */
function withoutType(value: string | undefined): string | null {
  if (!value) return null;
  return value.replace(/^[\w-]+\s*;\s*/, "").trim() || null;
}

/** Reads a message/delivery-status body: one block of per-message fields, then one block per recipient. */
export function parseDeliveryStatus(text: string): DeliveryStatusReport {
  const [head = new Map<string, string>(), ...recipients] = text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map(fields);
  const failed = recipients
    .filter((r) => r.get("action")?.toLowerCase().startsWith("failed"))
    .map((r) => ({
      recipient: withoutType(r.get("final-recipient") ?? r.get("original-recipient")) ?? "(unknown recipient)",
      status: r.get("status")?.split(/\s/)[0] ?? null,
      diagnostic: withoutType(r.get("diagnostic-code")),
      remoteMta: withoutType(r.get("remote-mta")),
    }));
  return { reportingMta: withoutType(head.get("reporting-mta")), failed };
}

const REPORT_TYPES = ["message/delivery-status", "message/global-delivery-status"];

/** Whether a part's media type is a delivery status report (RFC 3464, RFC 6533). */
export function isDeliveryStatusType(mimeType: string): boolean {
  return REPORT_TYPES.includes(mimeType.toLowerCase());
}
