import { describe, expect, it } from "vitest";
import { makePdf } from "../helpers/documents.ts";
import { attachment, forwarded, mail, multipart, text, type Leaf, type Multipart } from "../helpers/mime.ts";
import { receiveMail } from "../helpers/received.ts";

/**
 * Reports that reach an import address (a bounce of a mail sent from it, a
 * spam complaint, a read receipt) end `ignored` with an informational
 * inbox item, never `flagged`; the mail a report returns is evidence about
 * another mail, and its invoice is never imported.
 */
const returnedInvoice = () => mail(multipart("mixed", text("Your invoice"), attachment("INV-9.pdf", "application/pdf", makePdf())), { from: "ap@acme.example", to: "customer@elsewhere.example", subject: "Invoice INV-9" });

const part = (type: string, body: string): Leaf => ({ headers: [["Content-Type", type]], body, encoding: "7bit" });
const report = (reportType: string, ...parts: (Leaf | Multipart)[]): Multipart => ({ subtype: `report; report-type=${reportType}`, parts });

describe("delivery and feedback reports", () => {
  it("a delivery status notification (Postfix, Exchange, Gmail) ends ignored, names the failed recipient, and imports nothing", async () => {
    const dsn = report(
      "delivery-status",
      text("This is the mail system at host mx.elsewhere.example.\n\nI'm sorry to have to inform you that your message could not be delivered."),
      part("message/delivery-status", "Reporting-MTA: dns; mx.elsewhere.example\r\nArrival-Date: Thu, 26 Nov 2026 10:00:01 +0100\r\n\r\nFinal-Recipient: rfc822; customer@elsewhere.example\r\nOriginal-Recipient: rfc822;customer@elsewhere.example\r\nAction: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mail.elsewhere.example\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"),
      forwarded(returnedInvoice()),
    );
    const r = await receiveMail((to) => mail(dsn, { to, from: "Mail Delivery System <MAILER-DAEMON@mx.elsewhere.example>", subject: "Undelivered Mail Returned to Sender" }), { from: "" });
    expect(r.message.outcome).toBe("ignored");
    expect(r.invoices).toEqual([]);
    expect(r.message.files).toEqual([]);
    expect(r.inbox).toHaveLength(1);
    expect(r.inbox[0]).toMatchObject({ kind: "report", reasonCode: "MAIL_REPORT", attachment: null });
    expect(r.inbox[0].reason).toBe(
      "A delivery report from Mail Delivery System <MAILER-DAEMON@mx.elsewhere.example>: mail to customer@elsewhere.example could not be delivered. Reports are not invoices, so nothing was imported.",
    );
    expect(r.skipped()).toEqual([
      ["part 1", "body"],
      ["part 2", "report"],
      ["part 3", "report"],
    ]);
  });

  it("an abuse feedback report (ARF) ends ignored, and the reported mail's PDF is not imported", async () => {
    const arf = report(
      "feedback-report",
      text("This is an email abuse report for an email message received from IP 192.0.2.1."),
      part("message/feedback-report", "Feedback-Type: abuse\r\nUser-Agent: SomeGenerator/1.0\r\nVersion: 1\r\nOriginal-Mail-From: <ap@acme.example>\r\nArrival-Date: Thu, 26 Nov 2026 10:00:01 +0100\r\nSource-IP: 192.0.2.1\r\n"),
      forwarded(returnedInvoice()),
    );
    const r = await receiveMail((to) => mail(arf, { to, from: "abuse@isp.example", subject: "FW: Invoice INV-9" }));
    expect(r.message.outcome).toBe("ignored");
    expect(r.invoices).toEqual([]);
    expect(r.inbox).toMatchObject([{ kind: "report", reasonCode: "MAIL_REPORT" }]);
    expect(r.inbox[0].reason).toMatch(/^A feedback report from abuse@isp\.example about a mail reported as spam or abuse\./);
    expect(r.skipped().map(([, why]) => why)).toEqual(["body", "report", "report"]);
  });

  it("a read receipt (message/disposition-notification) ends ignored", async () => {
    const mdn = report(
      "disposition-notification",
      text("Your message was displayed."),
      part("message/disposition-notification", "Reporting-UA: Mail; Outlook\r\nFinal-Recipient: rfc822;customer@elsewhere.example\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n"),
      part("text/rfc822-headers", "From: ap@acme.example\r\nSubject: Invoice INV-9\r\n"),
    );
    const r = await receiveMail((to) => mail(mdn, { to, from: "customer@elsewhere.example", subject: "Read: Invoice INV-9" }));
    expect(r.message.outcome).toBe("ignored");
    expect(r.inbox[0]).toMatchObject({ kind: "report", reasonCode: "MAIL_REPORT" });
    expect(r.inbox[0].reason).toMatch(/^A read receipt from customer@elsewhere\.example\./);
  });

  it("an old-style bounce from MAILER-DAEMON (plain text, the returned mail attached) ends ignored", async () => {
    const r = await receiveMail((to) =>
      mail(multipart("mixed", text("Hi. This is the qmail-send program. I'm afraid I wasn't able to deliver your message."), forwarded(returnedInvoice(), "returned.eml")), { to, from: "MAILER-DAEMON@mail.elsewhere.example", subject: "failure notice" }),
    );
    expect(r.message.outcome).toBe("ignored");
    expect(r.invoices).toEqual([]);
    expect(r.inbox).toMatchObject([{ kind: "report", reasonCode: "MAIL_REPORT" }]);
    expect(r.skipped()).toEqual([
      ["part 1", "body"],
      ["returned.eml", "report"],
    ]);
  });

  it("a bounce from postmaster without multipart/report is known by its subject; other mail from postmaster is not a report", async () => {
    const bounce = await receiveMail((to) =>
      mail(multipart("mixed", text("Your message could not be delivered."), forwarded(returnedInvoice(), "returned.eml")), { to, from: "postmaster@mail.elsewhere.example", subject: "Undeliverable: Invoice INV-9" }),
    );
    expect(bounce.message.outcome).toBe("ignored");
    expect(bounce.invoices).toEqual([]);
    const invoice = await receiveMail((to) => mail(multipart("mixed", text("Our invoice"), attachment("INV-10.pdf", "application/pdf", makePdf())), { to, from: "postmaster@small-company.example", subject: "Invoice INV-10" }));
    expect(invoice.message.outcome).toBe("imported");
  });

  it("the inbox lists report items under their own kind", async () => {
    const r = await receiveMail((to) => mail(report("delivery-status", text("x"), part("message/delivery-status", "Reporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\nAction: delayed\r\nStatus: 4.4.1\r\n")), { to, from: "postmaster@mx.example" }));
    const { call } = await import("../helpers/api.ts");
    const items = (await call("GET", "/v1/inbox?kind=report", { token: r.account.apiKey })).body.items;
    expect(items).toHaveLength(1);
    expect(items[0].reason).toBe("A delivery report from postmaster@mx.example. Reports are not invoices, so nothing was imported.");
  });
});
