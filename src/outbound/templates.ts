import { locales, type Language } from "../i18n/languages.ts";

export interface InvoiceFacts {
  accountName: string;
  number: string;
  /** YYYY-MM-DD. */
  issueDate: string;
  dueDate: string | null;
  currency: string;
  /** A decimal string. */
  totalAmount: string;
  hasEinvoice: boolean;
  /** Whether replies reach the account (it has a contact email for Reply-To). */
  canReply: boolean;
}

export interface InvoiceText {
  subject: string;
  text: string;
  html: string;
}


interface Wording {
  subject: (f: InvoiceFacts) => string;
  greeting: string;
  body: (f: InvoiceFacts, amount: string, issued: string, due: string | null) => string;
  einvoice: string;
  reply: string;
  closing: string;
}

const wordings: Record<Language, Wording> = {
  en: {
    subject: (f) => `Invoice ${f.number} from ${f.accountName}`,
    greeting: "Dear customer,",
    body: (f, amount, issued, due) => `Please find attached invoice ${f.number} of ${issued} for ${amount}${due ? `, due on ${due}` : ""}.`,
    einvoice: "The electronic invoice (XML) is attached as well, for your accounting software.",
    reply: "If you have a question about this invoice, simply reply to this email.",
    closing: "Kind regards,",
  },
  fr: {
    subject: (f) => `Facture ${f.number} de ${f.accountName}`,
    greeting: "Madame, Monsieur,",
    body: (f, amount, issued, due) =>
      `Veuillez trouver ci-joint la facture ${f.number} du ${issued}, d'un montant de ${amount}${due ? `, à payer au plus tard le ${due}` : ""}.`,
    einvoice: "La facture électronique (XML) est également jointe, pour votre logiciel comptable.",
    reply: "Pour toute question concernant cette facture, répondez simplement à cet e-mail.",
    closing: "Cordialement,",
  },
  nl: {
    subject: (f) => `Factuur ${f.number} van ${f.accountName}`,
    greeting: "Geachte klant,",
    body: (f, amount, issued, due) =>
      `In bijlage vindt u factuur ${f.number} van ${issued} voor een bedrag van ${amount}${due ? `, te betalen uiterlijk op ${due}` : ""}.`,
    einvoice: "De elektronische factuur (XML) zit er ook bij, voor uw boekhoudpakket.",
    reply: "Hebt u een vraag over deze factuur? Beantwoord dan gewoon deze e-mail.",
    closing: "Met vriendelijke groeten,",
  },
  de: {
    subject: (f) => `Rechnung ${f.number} von ${f.accountName}`,
    greeting: "Sehr geehrte Damen und Herren,",
    body: (f, amount, issued, due) => `anbei erhalten Sie die Rechnung ${f.number} vom ${issued} über ${amount}${due ? `, zahlbar bis zum ${due}` : ""}.`,
    einvoice: "Die elektronische Rechnung (XML) liegt ebenfalls bei, für Ihre Buchhaltungssoftware.",
    reply: "Bei Fragen zu dieser Rechnung antworten Sie einfach auf diese E-Mail.",
    closing: "Mit freundlichen Grüßen",
  },
};

function formatDate(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
}

/** The amount exactly as given: Intl formats a decimal string without passing through a float. */
function formatAmount(amount: string, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount as `${number}`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Subject and body of the mail that carries a sales invoice, in the customer's language. */
export function invoiceText(language: Language, facts: InvoiceFacts): InvoiceText {
  const wording = wordings[language];
  const locale = locales[language];
  const amount = formatAmount(facts.totalAmount, facts.currency, locale);
  const issued = formatDate(facts.issueDate, locale);
  const due = facts.dueDate ? formatDate(facts.dueDate, locale) : null;
  const paragraphs = [
    wording.greeting,
    wording.body(facts, amount, issued, due),
    ...(facts.hasEinvoice ? [wording.einvoice] : []),
    ...(facts.canReply ? [wording.reply] : []),
    `${wording.closing}\n${facts.accountName}`,
  ];
  const html = [
    `<!DOCTYPE html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(wording.subject(facts))}</title></head><body>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`),
    "</body></html>",
  ].join("\n");
  return { subject: wording.subject(facts), text: paragraphs.join("\n\n"), html };
}
