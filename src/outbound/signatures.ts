import type { Config } from "../env.ts";

/**
 * What the connector signs about its deliveries, with BOUNCE_SECRET (and,
 * during a rotation, BOUNCE_SECRET_PREVIOUS for what was signed before):
 * the bounce address that mail servers report a failure to, and the
 * Message-ID of the mail. A report must prove it came back through the
 * address we gave (only we can make it), and the Message-ID says nothing
 * of the delivery it belongs to.
 */

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, key);
  }
  return key;
}

async function sign(secret: string, purpose: string, value: string, bytes: number): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${purpose}:${value}`)));
  return mac.subarray(0, bytes).toHex();
}

/**
 * 96 bits of HMAC: beyond guessing over SMTP, and short enough that the
 * bounce address's local part stays within RFC 5321's 64 characters
 * (`bounces+` 8, the delivery's ULID 26, a dot, 24 hex).
 */
const BOUNCE_TAG_BYTES = 12;
/** The Message-ID's local part: 128 bits, unique per delivery and the same for every attempt. */
const MESSAGE_ID_BYTES = 16;

const BOUNCE_LOCAL_PART = /^bounces\+([0-9a-z]{26})\.([0-9a-f]{24})$/i;

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}

/** Where mail servers report a failure of this delivery: `bounces+<ULID>.<tag>@<domain of SENDER_ADDRESS>`. */
export async function bounceAddress(deliveryId: string, config: Pick<Config, "SENDER_ADDRESS" | "BOUNCE_SECRET">): Promise<string> {
  const ulid = deliveryId.slice(deliveryId.indexOf("_") + 1).toLowerCase();
  return `bounces+${ulid}.${await sign(config.BOUNCE_SECRET, "bounce", `dlv_${ulid.toUpperCase()}`, BOUNCE_TAG_BYTES)}@${domainOf(config.SENDER_ADDRESS)}`;
}

/** A recipient in the shape of a bounce address on our sending domain, signed or not; null otherwise. Case-insensitive. */
export function bounceAddressParts(rcptTo: string, config: Pick<Config, "SENDER_ADDRESS">): { deliveryId: string; tag: string } | null {
  const address = rcptTo.trim().replace(/^<(.*)>$/, "$1");
  const at = address.lastIndexOf("@");
  if (at <= 0 || address.slice(at + 1).toLowerCase().replace(/\.$/, "") !== domainOf(config.SENDER_ADDRESS)) return null;
  const match = BOUNCE_LOCAL_PART.exec(address.slice(0, at));
  return match ? { deliveryId: `dlv_${match[1]!.toUpperCase()}`, tag: match[2]!.toLowerCase() } : null;
}

/** Whether the tag is ours for this delivery, with the current secret or the one before a rotation. */
export async function isOurBounceTag(parts: { deliveryId: string; tag: string }, config: Pick<Config, "BOUNCE_SECRET" | "BOUNCE_SECRET_PREVIOUS">): Promise<boolean> {
  for (const secret of [config.BOUNCE_SECRET, config.BOUNCE_SECRET_PREVIOUS]) {
    if (!secret) continue;
    const expected = encoder.encode(await sign(secret, "bounce", parts.deliveryId, BOUNCE_TAG_BYTES));
    const given = encoder.encode(parts.tag);
    if (expected.length === given.length && crypto.subtle.timingSafeEqual(expected, given)) return true;
  }
  return false;
}

/** The Message-ID of a delivery's mail: the same for every attempt, revealing nothing of the delivery. */
export async function messageIdFor(deliveryId: string, config: Pick<Config, "SENDER_ADDRESS" | "BOUNCE_SECRET">): Promise<string> {
  return `<${await sign(config.BOUNCE_SECRET, "message-id", deliveryId, MESSAGE_ID_BYTES)}@${domainOf(config.SENDER_ADDRESS)}>`;
}
