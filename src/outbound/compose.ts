import { createMimeMessage, Mailbox } from "mimetext/browser";
import type { Language } from "../db/schema/index.ts";
import { invoiceText, type InvoiceFacts } from "./templates.ts";

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface InvoiceMail {
  /** The delivery's Message-ID (messageIdFor): the same for every attempt. */
  messageId: string;
  /** SENDER_ADDRESS: the From address and the envelope sender. */
  senderAddress: string;
  accountName: string;
  /** The account's contact email; replies go there. */
  replyTo: string | null;
  recipients: string[];
  language: Language;
  invoice: Omit<InvoiceFacts, "accountName" | "hasEinvoice" | "canReply">;
  /** The PDF first, then the e-invoice XML. */
  attachments: MailAttachment[];
}

export interface ComposedMail {
  /** The whole message, ASCII only (every part is encoded), CRLF line ends. */
  raw: string;
  messageId: string;
  subject: string;
}

/** RFC 2045: encoded lines of at most 76 characters. */
const BASE64_LINE = /.{76}(?=.)/g;

function base64Lines(bytes: Uint8Array): string {
  return bytes.toBase64().replace(BASE64_LINE, "$&\r\n");
}

/**
 * A file name safe in a MIME header: mimetext quotes names without escaping,
 * so quotes, line breaks and non-ASCII could break out of the header.
 */
export function safeAttachmentName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const safe = base.replace(/[^A-Za-z0-9._ ()+-]/g, "_").replace(/^[.\s]+/, "").slice(-100);
  return /[A-Za-z0-9]/.test(safe) ? safe : fallback.replace(/[^A-Za-z0-9._-]/g, "_");
}

/**
 * Composes the mail that delivers a sales invoice: From the account's name
 * at SENDER_ADDRESS, Reply-To the account, subject and text and HTML body
 * in the customer's language, the PDF and e-invoice attached as they are.
 * Pure: what to send is decided here, sending is the caller's.
 */
export function composeInvoiceMail(mail: InvoiceMail): ComposedMail {
  const text = invoiceText(mail.language, {
    ...mail.invoice,
    accountName: mail.accountName,
    hasEinvoice: mail.attachments.some((a) => a.contentType.includes("xml")),
    canReply: mail.replyTo !== null,
  });
  const { messageId } = mail;
  const message = createMimeMessage();
  message.setSender({ name: mail.accountName, addr: mail.senderAddress });
  if (mail.replyTo) message.setHeader("Reply-To", new Mailbox(mail.replyTo));
  message.setRecipients(mail.recipients);
  message.setSubject(text.subject);
  message.setHeader("Message-ID", messageId);
  message.setHeader("Content-Language", mail.language);
  // RFC 3834: out-of-office responders leave automatic mail alone.
  message.setHeader("Auto-Submitted", "auto-generated");
  const encoder = new TextEncoder();
  message.addMessage({ contentType: "text/plain", charset: "UTF-8", encoding: "base64", data: base64Lines(encoder.encode(text.text)) });
  message.addMessage({ contentType: "text/html", charset: "UTF-8", encoding: "base64", data: base64Lines(encoder.encode(text.html)) });
  for (const attachment of mail.attachments) {
    message.addAttachment({
      filename: attachment.filename,
      contentType: attachment.contentType,
      encoding: "base64",
      data: base64Lines(attachment.content),
    });
  }
  return { raw: message.asRaw(), messageId, subject: text.subject };
}
