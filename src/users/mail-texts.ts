import { locales, type Language } from "../i18n/languages.ts";

/** The mails the web app sends to people (not to customers: src/outbound/templates.ts), in the four languages. */

export interface InvitationFacts {
  kind: "invitation";
  accountName: string;
  /** Who invites; null when an operator created the account. */
  inviterName: string | null;
  role: "owner" | "member";
  url: string;
  expiresAt: string;
}

export interface PasswordResetFacts {
  kind: "password_reset";
  accountName: string;
  url: string;
  expiresAt: string;
}

export type PeopleMailFacts = InvitationFacts | PasswordResetFacts;

export interface MailText {
  subject: string;
  /** Paragraphs; the link stands on a line of its own after the first. */
  paragraphs: [string, ...string[]];
}

interface Wording {
  invitation: (f: InvitationFacts, until: string) => MailText;
  passwordReset: (f: PasswordResetFacts, until: string) => MailText;
  ignore: string;
}

const wordings: Record<Language, Wording> = {
  en: {
    invitation: (f, until) => ({
      subject: `Join ${f.accountName} to receive and send invoices`,
      paragraphs: [
        `${f.inviterName ? `${f.inviterName} invites you` : "You are invited"} to ${f.accountName}${f.role === "owner" ? " as its owner" : ""}. Open this link to choose your password and sign in:`,
        `The link works until ${until}, once.`,
      ],
    }),
    passwordReset: (f, until) => ({
      subject: `Choose a new password for ${f.accountName}`,
      paragraphs: ["Someone asked to reset the password of this address. Open this link to choose a new one:", `The link works until ${until}, once.`],
    }),
    ignore: "If you did not expect this mail, you can ignore it: nothing changes.",
  },
  fr: {
    invitation: (f, until) => ({
      subject: `Rejoignez ${f.accountName} pour recevoir et envoyer des factures`,
      paragraphs: [
        `${f.inviterName ? `${f.inviterName} vous invite` : "Vous êtes invité(e)"} à rejoindre ${f.accountName}${f.role === "owner" ? " en tant que propriétaire" : ""}. Ouvrez ce lien pour choisir votre mot de passe et vous connecter :`,
        `Le lien est valable jusqu'au ${until}, une seule fois.`,
      ],
    }),
    passwordReset: (f, until) => ({
      subject: `Choisissez un nouveau mot de passe pour ${f.accountName}`,
      paragraphs: [
        "Quelqu'un a demandé à réinitialiser le mot de passe de cette adresse. Ouvrez ce lien pour en choisir un nouveau :",
        `Le lien est valable jusqu'au ${until}, une seule fois.`,
      ],
    }),
    ignore: "Si vous n'attendiez pas ce message, vous pouvez l'ignorer : rien ne change.",
  },
  nl: {
    invitation: (f, until) => ({
      subject: `Word lid van ${f.accountName} om facturen te ontvangen en te versturen`,
      paragraphs: [
        `${f.inviterName ? `${f.inviterName} nodigt u uit` : "U bent uitgenodigd"} voor ${f.accountName}${f.role === "owner" ? " als eigenaar" : ""}. Open deze link om uw wachtwoord te kiezen en aan te melden:`,
        `De link werkt tot ${until}, één keer.`,
      ],
    }),
    passwordReset: (f, until) => ({
      subject: `Kies een nieuw wachtwoord voor ${f.accountName}`,
      paragraphs: ["Iemand heeft gevraagd het wachtwoord van dit adres opnieuw in te stellen. Open deze link om een nieuw te kiezen:", `De link werkt tot ${until}, één keer.`],
    }),
    ignore: "Verwachtte u deze e-mail niet? Dan kunt u hem negeren: er verandert niets.",
  },
  de: {
    invitation: (f, until) => ({
      subject: `Treten Sie ${f.accountName} bei, um Rechnungen zu empfangen und zu versenden`,
      paragraphs: [
        `${f.inviterName ? `${f.inviterName} lädt Sie` : "Sie sind"} zu ${f.accountName}${f.role === "owner" ? " als Inhaber(in)" : ""} ${f.inviterName ? "ein" : "eingeladen"}. Öffnen Sie diesen Link, um Ihr Passwort zu wählen und sich anzumelden:`,
        `Der Link gilt bis ${until}, ein einziges Mal.`,
      ],
    }),
    passwordReset: (f, until) => ({
      subject: `Wählen Sie ein neues Passwort für ${f.accountName}`,
      paragraphs: [
        "Jemand hat verlangt, das Passwort dieser Adresse zurückzusetzen. Öffnen Sie diesen Link, um ein neues zu wählen:",
        `Der Link gilt bis ${until}, ein einziges Mal.`,
      ],
    }),
    ignore: "Wenn Sie diese E-Mail nicht erwartet haben, können Sie sie ignorieren: Es ändert sich nichts.",
  },
};

/** The subject and paragraphs of a mail to a person, in `language`; times in UTC, as the link's expiry is. */
export function peopleMailText(language: Language, facts: PeopleMailFacts): MailText & { ignore: string } {
  const until = new Intl.DateTimeFormat(locales[language], { year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" }).format(new Date(facts.expiresAt));
  const wording = wordings[language];
  const text = facts.kind === "invitation" ? wording.invitation(facts, until) : wording.passwordReset(facts, until);
  return { ...text, ignore: wording.ignore };
}
