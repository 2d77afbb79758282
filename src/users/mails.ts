import { EmailMessage } from "cloudflare:email";
import { createMimeMessage } from "mimetext/browser";
import type { Ctx } from "../context.ts";
import type { Language } from "../i18n/languages.ts";
import { peopleMailText, type PeopleMailFacts } from "./mail-texts.ts";

/**
 * The one way mail reaches people of an account (invitations, password
 * resets): composed here, sent through SEND_EMAIL from SENDER_ADDRESS.
 * Under `wrangler dev` the binding writes each mail to .wrangler/tmp/email/.
 */

export interface PeopleMail {
  to: string;
  language: Language;
  facts: PeopleMailFacts;
}

/** RFC 2045: encoded lines of at most 76 characters. */
const base64Lines = (text: string) =>
  new TextEncoder()
    .encode(text)
    .toBase64()
    .replace(/.{76}(?=.)/g, "$&\r\n");

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The raw MIME of a mail to a person: plain text and HTML, the link in both. Pure, so it is tested alone. */
export function composePeopleMail(senderAddress: string, mail: PeopleMail): { raw: string; subject: string } {
  const { subject, paragraphs, ignore } = peopleMailText(mail.language, mail.facts);
  const [lead, ...rest] = paragraphs;
  const text = [lead, mail.facts.url, ...rest, ignore].join("\r\n\r\n");
  const link = escapeHtml(mail.facts.url);
  const html = [`<p>${escapeHtml(lead)}</p>`, `<p><a href="${link}">${link}</a></p>`, ...[...rest, ignore].map((p) => `<p>${escapeHtml(p)}</p>`)].join("\n");
  const message = createMimeMessage();
  message.setSender({ name: mail.facts.accountName, addr: senderAddress });
  message.setRecipient(mail.to);
  message.setSubject(subject);
  message.setHeader("Content-Language", mail.language);
  // RFC 3834: out-of-office responders leave automatic mail alone.
  message.setHeader("Auto-Submitted", "auto-generated");
  message.addMessage({ contentType: "text/plain", charset: "UTF-8", encoding: "base64", data: base64Lines(text) });
  message.addMessage({ contentType: "text/html", charset: "UTF-8", encoding: "base64", data: base64Lines(html) });
  return { raw: message.asRaw(), subject };
}

export async function sendPeopleMail(ctx: Ctx, mail: PeopleMail): Promise<void> {
  const { raw } = composePeopleMail(ctx.config.SENDER_ADDRESS, mail);
  await ctx.env.SEND_EMAIL.send(new EmailMessage(ctx.config.SENDER_ADDRESS, mail.to, raw));
  console.log(JSON.stringify({ msg: "mail to a person sent", kind: mail.facts.kind }));
}
