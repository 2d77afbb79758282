import { mail, multipart, text, type Leaf } from "./mime.ts";

/** A MIME part of a delivery report, typed as real servers type them. */
export function part(type: string, body: string, description?: string): Leaf {
  return { headers: [...(description ? ([["Content-Description", description]] as [string, string][]) : []), ["Content-Type", type]], body, encoding: "7bit" };
}

/** The headers of the returned message, naming the mail that was sent by its Message-ID. */
export const originalHeaders = (recipient: string, messageId: string) =>
  `From: "Acme Trading BV" <invoices@mail.example.com>\r\nTo: <${recipient}>\r\nSubject: Invoice 2026-0042 from Acme Trading BV\r\nMessage-ID: ${messageId}\r\n`;

/** Delivery status notifications in the shapes real mail servers send them, built here, about the message `messageId`. */
export const bounces = {
  Postfix: (to: string, recipient: string, messageId: string) =>
    mail(
      multipart(
        "report; report-type=delivery-status",
        part(
          "text/plain; charset=us-ascii",
          `This is the mail system at host mx.example.net.\r\n\r\nI'm sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients.\r\n\r\n<${recipient}>: host mx.globex.example[203.0.113.5] said: 550 5.1.1\r\n    <${recipient}>: Recipient address rejected: User unknown in virtual\r\n    mailbox table (in reply to RCPT TO command)\r\n`,
          "Notification",
        ),
        part(
          "message/delivery-status",
          `Reporting-MTA: dns; mx.example.net\r\nX-Postfix-Queue-ID: 3F2A1C0123\r\nX-Postfix-Sender: rfc822; ${to}\r\nArrival-Date: Fri, 27 Nov 2026 10:00:00 +0000 (UTC)\r\n\r\nFinal-Recipient: rfc822; ${recipient}\r\nOriginal-Recipient: rfc822;${recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mx.globex.example\r\nDiagnostic-Code: smtp; 550 5.1.1 <${recipient}>: Recipient address rejected:\r\n    User unknown in virtual mailbox table\r\n`,
          "Delivery report",
        ),
        part("text/rfc822-headers", originalHeaders(recipient, messageId), "Undelivered Message Headers"),
      ),
      { from: "MAILER-DAEMON@mx.example.net (Mail Delivery System)", to, subject: "Undelivered Mail Returned to Sender", headers: [["Auto-Submitted", "auto-replied"]] },
    ),
  Exchange: (to: string, recipient: string, messageId: string) =>
    mail(
      multipart(
        "report; report-type=delivery-status",
        multipart(
          "alternative",
          text(`Your message to ${recipient} couldn't be delivered.\r\n${recipient.split("@")[0]} wasn't found at globex.example.\r\n`),
          text(`<html><body><p>Your message to <a href="mailto:${recipient}">${recipient}</a> couldn't be delivered.</p></body></html>`, "text/html"),
        ),
        part(
          "message/delivery-status",
          `Reporting-MTA: dns;DB9PR01MB1234.eurprd01.prod.exchangelabs.com\r\nReceived-From-MTA: dns;mail.example.com\r\nArrival-Date: Fri, 27 Nov 2026 10:00:00 +0000\r\n\r\nFinal-Recipient: rfc822;${recipient}\r\nAction: failed\r\nStatus: 5.1.10\r\nDiagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ${recipient} not found by SMTP address lookup\r\nX-Display-Name: ${recipient}\r\n`,
        ),
        part("message/rfc822", `${originalHeaders(recipient, messageId)}MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nPlease find attached invoice 2026-0042.\r\n`),
      ),
      { from: "postmaster@globex.onmicrosoft.com", to, subject: "Undeliverable: Invoice 2026-0042 from Acme Trading BV" },
    ),
  Gmail: (to: string, recipient: string, messageId: string) =>
    mail(
      multipart(
        "report; report-type=delivery-status",
        multipart(
          "related",
          text(`<html><body><h2>Address not found</h2><p>Your message wasn't delivered to ${recipient} because the address couldn't be found.</p></body></html>`, "text/html"),
        ),
        part(
          "message/delivery-status",
          `Reporting-MTA: dns; googlemail.com\r\nArrival-Date: Fri, 27 Nov 2026 02:00:00 -0800 (PST)\r\nX-Original-Message-ID: ${messageId}\r\n\r\nFinal-Recipient: rfc822; ${recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; gmail-smtp-in.l.google.com. (142.250.102.27, the server for the domain globex.example.)\r\nDiagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n 550-5.1.1 double-checking the recipient's email address for typos or\r\n 550-5.1.1 unnecessary spaces.\r\nLast-Attempt-Date: Fri, 27 Nov 2026 02:00:01 -0800 (PST)\r\n`,
        ),
        part("message/rfc822", `${originalHeaders(recipient, messageId)}\r\nPlease find attached invoice 2026-0042.\r\n`),
      ),
      { from: "Mail Delivery Subsystem <mailer-daemon@googlemail.com>", to, subject: "Delivery Status Notification (Failure)" },
    ),
};
