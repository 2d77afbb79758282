import type { Email } from "postal-mime";
import { reason, type Reason } from "../reasons/catalogue.ts";
import type { AuthVerdicts } from "./authentication-results.ts";

/**
 * Mail providers ask the target of an automatic forward to confirm it. Such a
 * mail arriving at an import address is shown to the account with its link
 * and code, so that a person can finish setting up forwarding.
 */
const PROVIDERS = [
  {
    code: "GMAIL_FORWARDING",
    sender: /^forwarding-noreply@google\.com$/i,
    link: /https:\/\/(?:mail-settings|mail)\.google\.com\/[^\s"'<>]+/i,
  },
  {
    code: "OUTLOOK_FORWARDING",
    sender: /@(?:[\w-]+\.)*(?:microsoft|outlook|office365|live|hotmail)\.com$/i,
    link: /https:\/\/(?:[\w-]+\.)*(?:live|microsoft|outlook|office|office365)\.com\/[^\s"'<>]+/i,
  },
] as const;

/** The words around a confirmation request in the languages of our users. */
const CONFIRMATION_WORDS = /confirm|verif|bestätig|bevestig|confirmer|vérif/i;
const CODE = /(?:code|Code|código|codice)\D{0,20}(\d{6,12})/;

/** The confirmation a mail asks for, with its link and code, or null when it is no such mail. */
export function detectForwardingConfirmation(email: Email, auth: AuthVerdicts): Reason<"GMAIL_FORWARDING" | "OUTLOOK_FORWARDING"> | null {
  const from = email.from && "address" in email.from ? (email.from.address ?? "") : "";
  const provider = PROVIDERS.find((p) => p.sender.test(from));
  if (!provider) return null;
  // A forged sender fails DMARC at Cloudflare; without any verdict (a local run) the mail is taken at its word.
  if (auth.dmarc === "fail" || (auth.dmarc === null && auth.dkim === "fail")) return null;
  const text = `${email.subject ?? ""}\n${email.text ?? ""}\n${email.html ?? ""}`;
  if (!CONFIRMATION_WORDS.test(text)) return null;
  const link = provider.link.exec(email.text ?? "")?.[0] ?? provider.link.exec(email.html ?? "")?.[0]?.replace(/&amp;/g, "&") ?? null;
  const code = CODE.exec(`${email.subject ?? ""}\n${email.text ?? ""}`)?.[1] ?? null;
  if (!link && !code) return null;
  return reason(provider.code, { link, code });
}
