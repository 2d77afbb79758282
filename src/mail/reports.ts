import type { ParsedMail } from "./parsed-mail.ts";
import { isDeliveryStatusType, parseDeliveryStatus } from "./delivery-status.ts";

/**
 * Reports that mail servers and clients send about another mail: delivery
 * status notifications (bounces, RFC 3464), feedback reports about spam or
 * abuse (ARF, RFC 5965), read receipts (RFC 8098), and any other
 * multipart/report (TLS reports...). A report carries the mail it is about,
 * attachments included: what is in it was sent by someone else, to someone
 * else, and is never an invoice for the account.
 */
export interface MailReport {
  report: "delivery_status" | "feedback" | "read_receipt" | "other";
  /** For a delivery report: the recipients it says the mail could not reach. */
  failedRecipients: string[];
}

const FEEDBACK_TYPES = ["message/feedback-report"];
const DISPOSITION_TYPES = ["message/disposition-notification", "message/global-disposition-notification"];

/** Old bounce generators (qmail, Exim without DSN) send plain text from this address, with the returned mail attached. */
const MAILER_DAEMON = /^(?:mailer-daemon|mail-daemon|mailerdaemon)@/i;
/**
 * Postmaster sends bounces too, but a small company may also send its mail
 * from postmaster@: from there, only a subject that says the mail came back
 * makes a bounce, in the languages of bounce generators.
 */
const POSTMASTER = /^postmaster@/i;
const BOUNCE_SUBJECT = /undeliver|undelivered|delivery (?:status|failure|failed|has failed)|returned mail|failure notice|mail delivery failed|non remis|non distribuable|unzustellbar|nicht zugestellt|onbestelbaar|niet bezorgd|kan niet worden bezorgd/i;

/** What report the mail is, or null when it is none. */
export async function reportOf(mail: ParsedMail): Promise<MailReport | null> {
  const root = mail.leaves[0]?.within[0];
  const reportType = root?.subtype === "report" ? (root.params["report-type"] ?? "").toLowerCase() : null;
  const types = mail.leaves.map((leaf) => leaf.type);
  const status = mail.leaves.find((leaf) => isDeliveryStatusType(leaf.type) && leaf.attachment);
  const from = mail.email.from && "address" in mail.email.from ? (mail.email.from.address ?? "") : "";

  const bounce = reportType === null && (MAILER_DAEMON.test(from) || (POSTMASTER.test(from) && BOUNCE_SUBJECT.test(mail.email.subject ?? "")));
  if (reportType === "delivery-status" || status || bounce) {
    const text = status ? new TextDecoder().decode(await mail.bytesOf(status.attachment!.content)) : "";
    const failed = status ? parseDeliveryStatus(text).failed.map((f) => f.recipient) : [];
    return { report: "delivery_status", failedRecipients: [...new Set(failed)] };
  }
  if (reportType === "feedback-report" || types.some((t) => FEEDBACK_TYPES.includes(t))) return { report: "feedback", failedRecipients: [] };
  if (reportType === "disposition-notification" || types.some((t) => DISPOSITION_TYPES.includes(t))) return { report: "read_receipt", failedRecipients: [] };
  if (reportType !== null) return { report: "other", failedRecipients: [] };
  return null;
}
