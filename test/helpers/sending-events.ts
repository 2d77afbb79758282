/**
 * Email Sending events as Cloudflare publishes them to a queue, in the
 * shapes of the documented examples (cloudflare-docs, partials/queues/
 * event-subscriptions/email-sending-events.mdx), with the message id, the
 * recipient and the event id of the test's own send.
 */

export type SendingEventKind = "delivered" | "deferred" | "bounced" | "failed" | "rejected" | "complained";

export interface EventTarget {
  messageId: string;
  recipient: string;
  eventId?: string;
}

const SENDER = "invoices@mail.example.com";

/** What each documented example carries beside the common fields. */
const details: Record<SendingEventKind, { terminal: boolean; subject?: string; extra: Record<string, unknown> }> = {
  delivered: {
    terminal: true,
    extra: {
      delivery: {
        status: "delivered",
        provider: "gmail",
        deliveryTimeMs: 1234,
        smtpStatusCode: "250",
        smtpEnhancedStatusCode: "2.0.0",
        smtpResponse: "250 2.0.0 OK 1714820445 a1b2c3 - gsmtp",
      },
    },
  },
  deferred: {
    terminal: false,
    extra: {
      delivery: {
        status: "deferred",
        provider: "external_smtp",
        deliveryTimeMs: 2143,
        smtpStatusCode: "451",
        smtpEnhancedStatusCode: "4.2.0",
        smtpResponse: "451 4.2.0 Temporary mailbox error",
      },
      bounce: { type: "soft", classification: "temporary_failure", reason: "451 4.2.0 Temporary mailbox error" },
    },
  },
  bounced: {
    terminal: true,
    extra: {
      delivery: {
        status: "bounced",
        provider: "external_smtp",
        deliveryTimeMs: 2143,
        smtpStatusCode: "550",
        smtpEnhancedStatusCode: "5.1.1",
        smtpResponse: "550 5.1.1 User unknown",
      },
      bounce: { type: "hard", classification: "permanent_failure", reason: "550 5.1.1 User unknown" },
    },
  },
  failed: { terminal: true, extra: { delivery: { status: "failed" }, failure: { reason: "delivery_failed" } } },
  rejected: {
    terminal: true,
    extra: { delivery: { status: "rejected" }, rejection: { reason: "suppressed", party: "recipient", detail: "Recipient is suppressed" } },
  },
  complained: { terminal: true, extra: { delivery: { status: "complained" }, complaint: { type: "abuse" } } },
};

export const EVENT_TIMESTAMP = "2026-06-01T02:48:57.132Z";

/** One event; `payload` overrides fields of the documented example's payload (e.g. another rejection). */
export function sendingEvent(kind: SendingEventKind, target: EventTarget, payload: Record<string, unknown> = {}) {
  const { terminal, extra } = details[kind];
  return {
    type: `cf.email.sending.message.${kind}`,
    source: { type: "email.sending", zoneId: "023e105f4ecef8ad9ca31a8372d0c353", domain: "mail.example.com" },
    payload: {
      eventId: target.eventId ?? crypto.randomUUID(),
      messageId: target.messageId,
      sender: SENDER,
      recipient: target.recipient,
      subject: "Invoice 2026-0042 from Acme Trading BV",
      terminal,
      ...extra,
      ...payload,
    },
    metadata: {
      accountId: "f9f79265f388666de8122cfb508d7776",
      eventSubscriptionId: "1830c4bb612e43c3af7f4cada31fbf3f",
      eventSchemaVersion: 1,
      eventTimestamp: EVENT_TIMESTAMP,
    },
  };
}
