import { env } from "cloudflare:workers";

/**
 * What an account ends with, as a user would see it, without the ids and
 * times that differ from one run to another: its mails and their outcomes,
 * their files and verdicts, its purchase invoices with their appendices,
 * its inbox items, its deliveries and the mails sent. Two runs of the same
 * mails end in the same state if and only if these are equal; lists are
 * sorted, so the order work was done in does not matter.
 */
export async function finalState(accountId: string, sent: { to: string; messageId: string }[] = []) {
  const rows = async (sql: string) => (await env.DB.prepare(sql).bind(accountId).all<Record<string, unknown>>()).results.map((row) => JSON.stringify(row)).sort();
  return {
    mails: await rows("SELECT subject, outcome, file_count, notice_code, duplicate_of IS NOT NULL AS duplicate FROM inbound_messages WHERE account_id = ?"),
    files: await rows(`SELECT m.subject, f.position, f.name, f.verdict, f.reason_code, f.scanner, f.sha256, f.format, p.sha256 AS invoice_sha256
      FROM inbound_files f JOIN inbound_messages m ON m.id = f.inbound_message_id LEFT JOIN purchase_invoices p ON p.id = f.purchase_invoice_id WHERE f.account_id = ?`),
    invoices: await rows("SELECT sha256, status, format, json_extract(invoice, '$.number') AS number, warnings FROM purchase_invoices WHERE account_id = ?"),
    inbox: await rows(`SELECT i.kind, i.reason_code, f.name, i.resolved_at IS NOT NULL AS resolved, i.resolution_code, i.delivery_id IS NOT NULL AS about_delivery
      FROM inbox_items i LEFT JOIN inbound_files f ON f.id = i.file_id WHERE i.account_id = ?`),
    deliveries: await rows("SELECT channel, status, recipients, sent_to, reason FROM deliveries WHERE account_id = ?"),
    deliveryEvents: await rows(
      "SELECT type, count(*) AS n FROM delivery_events WHERE account_id = ? AND type NOT IN ('sending', 'retry_scheduled') GROUP BY delivery_id, type",
    ),
    // Who got a mail (the Message-ID derives from the delivery's id, which differs from run to run).
    mailsSent: sent.map((m) => m.to).sort(),
  };
}
