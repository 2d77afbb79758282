import { and, eq } from "drizzle-orm";
import { createContext, type Ctx } from "../context.ts";
import { isUniqueViolation } from "../db/client.ts";
import { deliveryEvents, inboxItems, partners, salesInvoices } from "../db/schema/index.ts";
import type { Config } from "../env.ts";
import { newId, now } from "../ids.ts";
import { ParsedMail } from "../inbound/split.ts";
import { MAX_MAIL_BYTES } from "../limits.ts";
import { sha256Hex } from "../scan/bytes.ts";
import { domainOf } from "./compose.ts";
import { findDeliveryById, transition } from "./deliveries.ts";

/**
 * Bounces: delivery status notifications (RFC 3464, multipart/report with a
 * message/delivery-status part) that come back to
 * `bounces+<deliveryId>@<domain of SENDER_ADDRESS>`. They mark that delivery
 * bounced, with the remote server's diagnostic, and put an item in the
 * account's inbox, so the account learns that the customer's address is wrong.
 */

const BOUNCE_LOCAL_PART = /^bounces\+(dlv_[0-9a-z]{26})$/i;

/** The delivery a bounce address names, or null when `rcptTo` is not one. Case-insensitive, as mail servers may change case. */
export function bounceDeliveryId(rcptTo: string, config: Pick<Config, "SENDER_ADDRESS">): string | null {
  const address = rcptTo.trim().replace(/^<(.*)>$/, "$1");
  const at = address.lastIndexOf("@");
  if (at <= 0 || address.slice(at + 1).toLowerCase().replace(/\.$/, "") !== domainOf(config.SENDER_ADDRESS)) return null;
  const match = BOUNCE_LOCAL_PART.exec(address.slice(0, at));
  return match ? `dlv_${match[1]!.slice(4).toUpperCase()}` : null;
}

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

/** Why a recipient bounced, in one line a person can act on. */
function describe(failure: FailedRecipient): string {
  const why = failure.diagnostic ?? (failure.status ? `status ${failure.status}` : "no reason given");
  return `${failure.recipient}: ${why}`;
}

async function recordBounce(ctx: Ctx, deliveryId: string, report: DeliveryStatusReport, dedupeKey: string): Promise<"recorded" | "unknown" | "duplicate"> {
  const delivery = await findDeliveryById(ctx, deliveryId);
  if (!delivery || delivery.channel !== "email") return "unknown";
  const seen = await ctx.db.query.deliveryEvents.findFirst({
    columns: { id: true },
    where: and(eq(deliveryEvents.deliveryId, delivery.id), eq(deliveryEvents.dedupeKey, dedupeKey)),
  });
  if (seen) return "duplicate";
  const [invoice, customer] = await Promise.all([
    ctx.db.query.salesInvoices.findFirst({ columns: { number: true }, where: eq(salesInvoices.id, delivery.salesInvoiceId) }),
    ctx.db.query.partners.findFirst({ columns: { name: true }, where: eq(partners.id, delivery.partnerId) }),
  ]);
  const reasons = report.failed.map(describe).join("; ");
  const by = report.reportingMta ? ` (reported by ${report.reportingMta})` : "";
  const reason =
    `Invoice ${invoice?.number ?? delivery.salesInvoiceId} to ${customer?.name ?? delivery.partnerId} bounced: ${reasons}. ` +
    `Correct the address, then retry delivery ${delivery.id} (POST /v1/deliveries/${delivery.id}/retry).`;
  try {
    await transition(ctx, delivery, {
      // A bounce can follow any send attempt, and a second one can follow the first.
      from: ["queued", "sending", "sent", "failed", "bounced"],
      changes: { status: "bounced", reason: "BOUNCED", lastError: reasons },
      event: { type: "bounced", message: `Bounced${by}: ${reasons}`, dedupeKey },
      // In the same transaction as the event, whose dedupe key makes a second copy of the report fail whole.
      alsoWrite: [
        ctx.db.insert(inboxItems).values({
          id: newId("inboxItem"),
          accountId: delivery.accountId,
          createdAt: now(),
          kind: "delivery_bounced",
          reasonCode: "DELIVERY_BOUNCED",
          reason,
          deliveryId: delivery.id,
        }),
      ],
    });
  } catch (error) {
    // The same report, delivered twice at once: the dedupe index let one through.
    if (isUniqueViolation(error)) return "duplicate";
    throw error;
  }
  return "recorded";
}

/**
 * The email() entry point for bounce addresses. What is not a delivery
 * status notification (an out-of-office reply to the envelope sender, a
 * human) is dropped with a log line; a report for no delivery of ours is
 * refused. A report is recorded once however often it arrives.
 */
export async function receiveBounce(message: ForwardableEmailMessage, env: Env): Promise<void> {
  const ctx = createContext(env);
  const deliveryId = bounceDeliveryId(message.to, ctx.config)!;
  if (message.rawSize > MAX_MAIL_BYTES) {
    message.setReject(`The message is ${message.rawSize} bytes; bounce addresses accept at most ${MAX_MAIL_BYTES} bytes.`);
    return;
  }
  const raw = new Uint8Array(await new Response(message.raw).arrayBuffer());
  const mail = await ParsedMail.parse(raw);
  const parsed = mail.email;
  const part = parsed.attachments.find((a) => REPORT_TYPES.includes(a.mimeType.toLowerCase()));
  const report = part && parseDeliveryStatus(new TextDecoder().decode(await mail.bytesOf(part.content)));
  if (!report || report.failed.length === 0) {
    console.log(JSON.stringify({ msg: "mail to a bounce address that reports no failure, ignored", deliveryId, from: message.from, subject: parsed.subject ?? null }));
    return;
  }
  const outcome = await recordBounce(ctx, deliveryId, report, await sha256Hex(raw));
  if (outcome === "unknown") message.setReject(`${message.to} does not belong to a delivery of this connector.`);
}
