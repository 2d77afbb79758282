import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { createAccountWithConnector } from "../helpers/accounts.ts";
import { call } from "../helpers/api.ts";
import { markedFile } from "../helpers/clamav.ts";
import { makeDocx, makeExe, makePdf } from "../helpers/documents.ts";
import { ublXml } from "../helpers/einvoice.ts";
import { attachment, mail, multipart, text } from "../helpers/mime.ts";
import type { Pipeline } from "../helpers/pipeline.ts";
import { readyToSend } from "../helpers/sales-invoices.ts";
import { sendingEvent } from "../helpers/sending-events.ts";
import { finalState } from "./state.ts";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/**
 * The mails of the receiving scenario, the same bytes in every run: an
 * invoice PDF with an appendix, an e-invoice, a program the rules flag and
 * (with clamd) a file ClamAV flags; a mail without attachments; and the
 * first mail sent again once it was processed (an exact duplicate).
 */
let parts: ReturnType<typeof attachment>[] | undefined;

export function scenarioMails(to: string, label = "") {
  // Built once: a zip's timestamps and a program's bytes differ from one build to the next, the files must not.
  parts ??= [
    attachment("invoice-2026-0042.pdf", "application/pdf", makePdf("reliability invoice 2026-0042")),
    attachment("terms.docx", DOCX, makeDocx("reliability terms")),
    attachment("2026-0043.xml", "application/xml", ublXml("2026-0043")),
    attachment("setup.exe", "application/octet-stream", makeExe()),
    ...(env.TEST_CLAMD_AVAILABLE ? [attachment("notes.txt", "text/plain", markedFile())] : []),
  ];
  return {
    invoices: mail(multipart("mixed", text("Please find our invoices attached."), ...parts), { to, subject: "Invoices", messageId: `invoices-${label}${to}` }),
    bare: mail(text("The invoice follows tomorrow."), { to, subject: "No attachment", messageId: `bare-${to}` }),
  };
}

/**
 * Runs the receiving scenario through `pipeline` for a new account:
 * `during` runs after the first mail was handed to email() and before the
 * queues are drained (to heal, or to run the sweep). Returns the account's
 * final state.
 */
export async function receiveScenario(pipeline: Pipeline, options: { during?: () => Promise<void>; emailTries?: number } = {}) {
  const account = await createAccountWithConnector();
  const mails = scenarioMails(account.vatAddress!);
  const first = await pipeline.email(mails.invoices, account.vatAddress!, options.emailTries);
  expect(first.rejected).toBeNull();
  await options.during?.();
  expect((await pipeline.email(mails.bare, account.vatAddress!)).rejected).toBeNull();
  await pipeline.drain();
  expect((await pipeline.email(mails.invoices, account.vatAddress!)).rejected).toBeNull();
  await pipeline.drain();
  return finalState(account.id, pipeline.sent);
}

const RECIPIENTS = ["ap@globex.example", "controller@globex.example"];

/**
 * The sending scenario for a new account: a sales invoice sent to a
 * customer with two recipients, and then the Email Sending events that
 * Cloudflare publishes for what it sent: the first recipient's mail
 * delivered, the second's bounced. Returns the account's final state.
 */
export async function sendScenario(pipeline: Pipeline, options: { userRetries?: boolean } = {}) {
  const ready = await readyToSend({ partner: { deliveryChannels: [{ channel: "email", enabled: true, recipients: RECIPIENTS }] } });
  const response = await call("POST", `/v1/sales-invoices/${ready.invoice.id}/send`, { token: ready.apiKey, env: pipeline.env() });
  expect(response.status).toBe(202);
  await pipeline.drain();
  if (options.userRetries) {
    for (const { id } of response.body.deliveries) {
      expect((await call("POST", `/v1/deliveries/${id}/retry`, { token: ready.apiKey, env: pipeline.env() })).status).toBe(202);
    }
    await pipeline.drain();
  }
  pipeline.sent.forEach((sent, n) => {
    const kind = sent.to === RECIPIENTS[0] ? "delivered" : "bounced";
    pipeline.push("email-connector-email-events", sendingEvent(kind, { messageId: sent.providerId, recipient: sent.to, eventId: `event-${n}` }));
  });
  await pipeline.drain();
  return finalState(ready.account.id, pipeline.sent);
}
