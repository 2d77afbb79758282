import { z } from "zod";
import { defineReason, type Format } from "./define.ts";
import { reasonRef } from "./ref.ts";

/**
 * The entries of a delivery's history: every change and every report, in
 * order, the answer to "what happened to my invoice?".
 */

const addresses = z.array(z.string());
/** A provider's or remote server's words, shown as they are in every language. */
const words = z.string();
/** For reports about a send that a retry has since superseded. */
const earlier = z.boolean();

const EARLIER = { en: " (about an earlier send)", fr: " (à propos d'un envoi antérieur)", nl: " (over een eerdere verzending)", de: " (zu einem früheren Versand)" };
const about = (language: keyof typeof EARLIER, isEarlier: boolean) => (isEarlier ? EARLIER[language] : "");

export const EVENT_QUEUED_EMAIL = defineReason({
  kind: "event",
  params: z.object({ recipients: addresses }),
  description: "An email delivery was made and queued for sending.",
  messages: {
    en: (p) => `Queued for email to ${p.recipients.join(", ")}.`,
    fr: (p) => `Mis en file d'attente pour un envoi par e-mail à ${p.recipients.join(", ")}.`,
    nl: (p) => `In de wachtrij gezet voor e-mail aan ${p.recipients.join(", ")}.`,
    de: (p) => `Zum Versand per E-Mail an ${p.recipients.join(", ")} eingereiht.`,
  },
});

export const EVENT_QUEUED_PEPPOL = defineReason({
  kind: "event",
  params: z.object({ participantId: z.string() }),
  description: "A Peppol delivery was made, to be handed to the Peppol connector.",
  messages: {
    en: (p) => `Queued for Peppol to ${p.participantId}.`,
    fr: (p) => `Mis en file d'attente pour Peppol vers ${p.participantId}.`,
    nl: (p) => `In de wachtrij gezet voor Peppol aan ${p.participantId}.`,
    de: (p) => `Zur Zustellung über Peppol an ${p.participantId} eingereiht.`,
  },
});

export const EVENT_BLOCKED = defineReason({
  kind: "event",
  params: z.object({ cause: reasonRef, retry: z.boolean() }),
  description: "A delivery (or its retry) was not sent, for the reason it names.",
  messages: {
    en: (p, f: Format) => `${p.retry ? "Retry not sent" : "Not sent"}: ${f.reason(p.cause)}`,
    fr: (p, f: Format) => `${p.retry ? "Nouvel essai non envoyé" : "Non envoyé"} : ${f.reason(p.cause)}`,
    nl: (p, f: Format) => `${p.retry ? "Nieuwe poging niet verstuurd" : "Niet verstuurd"}: ${f.reason(p.cause)}`,
    de: (p, f: Format) => `${p.retry ? "Wiederholung nicht gesendet" : "Nicht gesendet"}: ${f.reason(p.cause)}`,
  },
});

export const EVENT_HANDED_OVER = defineReason({
  kind: "event",
  params: z.object({ participantId: z.string() }),
  description: "A Peppol delivery was handed to the Peppol connector's queue.",
  messages: {
    en: (p) => `Handed to the Peppol connector for ${p.participantId}.`,
    fr: (p) => `Remis au connecteur Peppol pour ${p.participantId}.`,
    nl: (p) => `Overgedragen aan de Peppol-connector voor ${p.participantId}.`,
    de: (p) => `An den Peppol-Connector für ${p.participantId} übergeben.`,
  },
});

export const EVENT_SENDING = defineReason({
  kind: "event",
  params: z.object({ attempt: z.number(), recipients: addresses }),
  description: "An attempt to send began.",
  messages: {
    en: (p) => `Attempt ${p.attempt}: sending to ${p.recipients.join(", ")}.`,
    fr: (p) => `Tentative ${p.attempt} : envoi à ${p.recipients.join(", ")}.`,
    nl: (p) => `Poging ${p.attempt}: verzenden naar ${p.recipients.join(", ")}.`,
    de: (p) => `Versuch ${p.attempt}: Senden an ${p.recipients.join(", ")}.`,
  },
});

export const EVENT_RETRY_SCHEDULED = defineReason({
  kind: "event",
  params: z.object({ attempt: z.number(), recipient: z.string(), error: words, delaySeconds: z.number() }),
  description: "An attempt failed in a way that can pass (a rate limit, a fault at the provider); the next one is scheduled.",
  messages: {
    en: (p) => `Attempt ${p.attempt} failed for ${p.recipient} (${p.error}); next attempt in ${p.delaySeconds} s.`,
    fr: (p) => `La tentative ${p.attempt} a échoué pour ${p.recipient} (${p.error}) ; prochaine tentative dans ${p.delaySeconds} s.`,
    nl: (p) => `Poging ${p.attempt} mislukte voor ${p.recipient} (${p.error}); volgende poging over ${p.delaySeconds} s.`,
    de: (p) => `Versuch ${p.attempt} ist für ${p.recipient} fehlgeschlagen (${p.error}); nächster Versuch in ${p.delaySeconds} s.`,
  },
});

export const EVENT_SEND_UNCONFIRMED = defineReason({
  kind: "event",
  params: z.object({ recipient: z.string() }),
  description:
    "The mail to a recipient was handed to Cloudflare, but the attempt ended before it could record the answer (a fault of D1 or of the Worker). It is not sent again, so that the customer never gets it twice. Not for a send that Cloudflare refused: that one is retried.",
  messages: {
    en: (p) => `The mail to ${p.recipient} was handed over for sending, but its confirmation could not be recorded. It is not sent again so that it does not arrive twice; if ${p.recipient} did not receive it, retry the delivery.`,
    fr: (p) => `L'e-mail à ${p.recipient} a été remis pour envoi, mais sa confirmation n'a pas pu être enregistrée. Il n'est pas renvoyé, afin qu'il n'arrive pas deux fois ; si ${p.recipient} ne l'a pas reçu, relancez l'envoi.`,
    nl: (p) => `De e-mail aan ${p.recipient} is ter verzending overgedragen, maar de bevestiging kon niet worden vastgelegd. Hij wordt niet opnieuw verstuurd, zodat hij niet twee keer aankomt; heeft ${p.recipient} hem niet ontvangen, verstuur de levering dan opnieuw.`,
    de: (p) => `Die E-Mail an ${p.recipient} wurde zum Versand übergeben, ihre Bestätigung konnte aber nicht gespeichert werden. Sie wird nicht erneut gesendet, damit sie nicht zweimal ankommt; hat ${p.recipient} sie nicht erhalten, senden Sie die Zustellung erneut.`,
  },
});

export const EVENT_SENT = defineReason({
  kind: "event",
  params: z.object({ recipients: addresses, messageId: z.string().nullable() }),
  description: "The mail went to every recipient.",
  messages: {
    en: (p) => `Sent to ${p.recipients.join(", ")} (Message-ID ${p.messageId}).`,
    fr: (p) => `Envoyé à ${p.recipients.join(", ")} (Message-ID ${p.messageId}).`,
    nl: (p) => `Verstuurd naar ${p.recipients.join(", ")} (Message-ID ${p.messageId}).`,
    de: (p) => `Gesendet an ${p.recipients.join(", ")} (Message-ID ${p.messageId}).`,
  },
});

export const EVENT_FAILED = defineReason({
  kind: "event",
  params: z.object({ error: words, earlier }),
  description: "The delivery failed (a permanent refusal, or a report that the provider could not deliver it).",
  messages: {
    en: (p) => `Failed: ${p.error}${about("en", p.earlier)}`,
    fr: (p) => `Échec : ${p.error}${about("fr", p.earlier)}`,
    nl: (p) => `Mislukt: ${p.error}${about("nl", p.earlier)}`,
    de: (p) => `Fehlgeschlagen: ${p.error}${about("de", p.earlier)}`,
  },
});

export const EVENT_QUEUE_REFUSED = defineReason({
  kind: "event",
  params: z.object({}),
  description: "The queue refused the delivery; it is failed and can be retried.",
  messages: {
    en: () => "The delivery could not be queued (the queue refused it); retry it.",
    fr: () => "La livraison n'a pas pu être mise en file d'attente (la file l'a refusée) ; relancez-la.",
    nl: () => "De levering kon niet in de wachtrij worden gezet (de wachtrij weigerde ze); probeer ze opnieuw.",
    de: () => "Die Zustellung konnte nicht eingereiht werden (die Warteschlange hat sie abgelehnt); wiederholen Sie sie.",
  },
});

export const EVENT_GAVE_UP = defineReason({
  kind: "event",
  params: z.object({ attempts: z.number(), lastError: words }),
  description: "Sending failed through all its retries.",
  messages: {
    en: (p) => `Gave up after ${p.attempts} attempts; the last error was ${p.lastError}. Retry the delivery when the cause is fixed.`,
    fr: (p) => `Abandon après ${p.attempts} tentatives ; la dernière erreur était ${p.lastError}. Relancez la livraison une fois la cause corrigée.`,
    nl: (p) => `Opgegeven na ${p.attempts} pogingen; de laatste fout was ${p.lastError}. Probeer de levering opnieuw wanneer de oorzaak is verholpen.`,
    de: (p) => `Nach ${p.attempts} Versuchen aufgegeben; der letzte Fehler war ${p.lastError}. Wiederholen Sie die Zustellung, wenn die Ursache behoben ist.`,
  },
});

export const EVENT_RETRY_REQUESTED = defineReason({
  kind: "event",
  params: z.object({ recipients: addresses.nullable() }),
  description: "The account asked to send a failed, bounced or blocked delivery again, possibly to corrected addresses.",
  messages: {
    en: (p) => `Retry requested${p.recipients ? ` to ${p.recipients.join(", ")}` : ""}.`,
    fr: (p) => `Nouvel essai demandé${p.recipients ? ` vers ${p.recipients.join(", ")}` : ""}.`,
    nl: (p) => `Nieuwe poging gevraagd${p.recipients ? ` naar ${p.recipients.join(", ")}` : ""}.`,
    de: (p) => `Wiederholung angefordert${p.recipients ? ` an ${p.recipients.join(", ")}` : ""}.`,
  },
});

const reportedBy = z.string().nullable();
const by = {
  en: (who: string | null) => (who ? ` (reported by ${who})` : ""),
  fr: (who: string | null) => (who ? ` (signalé par ${who})` : ""),
  nl: (who: string | null) => (who ? ` (gemeld door ${who})` : ""),
  de: (who: string | null) => (who ? ` (gemeldet von ${who})` : ""),
};

export const EVENT_BOUNCED = defineReason({
  kind: "event",
  params: z.object({ reasons: words, reportedBy, suppressed: z.boolean(), earlier }),
  description: "The mail bounced (or the provider did not send it to a suppressed address), with each address and why; about an earlier send, it changes nothing.",
  messages: {
    en: (p) => `${p.suppressed ? "Suppressed" : "Bounced"}${by.en(p.reportedBy)}: ${p.reasons}${about("en", p.earlier)}`,
    fr: (p) => `${p.suppressed ? "Supprimé" : "Renvoyé"}${by.fr(p.reportedBy)} : ${p.reasons}${about("fr", p.earlier)}`,
    nl: (p) => `${p.suppressed ? "Onderdrukt" : "Teruggekomen"}${by.nl(p.reportedBy)}: ${p.reasons}${about("nl", p.earlier)}`,
    de: (p) => `${p.suppressed ? "Unterdrückt" : "Zurückgekommen"}${by.de(p.reportedBy)}: ${p.reasons}${about("de", p.earlier)}`,
  },
});

export const EVENT_BOUNCED_EARLIER_SEND = defineReason({
  kind: "event",
  params: z.object({ reasons: words, reportedBy }),
  description: "A bounce reported when the delivery was blocked or handed over since: kept in the history, it changes nothing.",
  messages: {
    en: (p) => `Bounced${by.en(p.reportedBy)}, for an earlier send: ${p.reasons}`,
    fr: (p) => `Renvoyé${by.fr(p.reportedBy)}, pour un envoi antérieur : ${p.reasons}`,
    nl: (p) => `Teruggekomen${by.nl(p.reportedBy)}, voor een eerdere verzending: ${p.reasons}`,
    de: (p) => `Zurückgekommen${by.de(p.reportedBy)}, für einen früheren Versand: ${p.reasons}`,
  },
});

const report = z.object({ recipient: z.string(), words: words.nullable(), earlier });

export const EVENT_DELIVERED = defineReason({
  kind: "event",
  params: report,
  description: "Cloudflare Email Service reported the mail delivered to a recipient's server.",
  messages: {
    en: (p) => `Delivered to ${p.recipient}${p.words ? `: ${p.words}` : "."}${about("en", p.earlier)}`,
    fr: (p) => `Remis à ${p.recipient}${p.words ? ` : ${p.words}` : "."}${about("fr", p.earlier)}`,
    nl: (p) => `Afgeleverd bij ${p.recipient}${p.words ? `: ${p.words}` : "."}${about("nl", p.earlier)}`,
    de: (p) => `Zugestellt an ${p.recipient}${p.words ? `: ${p.words}` : "."}${about("de", p.earlier)}`,
  },
});

export const EVENT_DEFERRED = defineReason({
  kind: "event",
  params: report,
  description: "Cloudflare Email Service reported a delay for a recipient; it keeps trying.",
  messages: {
    en: (p) => `Delayed for ${p.recipient}${p.words ? `: ${p.words}` : ""}; Cloudflare Email Service keeps trying.${about("en", p.earlier)}`,
    fr: (p) => `Retardé pour ${p.recipient}${p.words ? ` : ${p.words}` : ""} ; Cloudflare Email Service continue d'essayer.${about("fr", p.earlier)}`,
    nl: (p) => `Vertraagd voor ${p.recipient}${p.words ? `: ${p.words}` : ""}; Cloudflare Email Service blijft het proberen.${about("nl", p.earlier)}`,
    de: (p) => `Verzögert für ${p.recipient}${p.words ? `: ${p.words}` : ""}; Cloudflare Email Service versucht es weiter.${about("de", p.earlier)}`,
  },
});

export const EVENT_COMPLAINED = defineReason({
  kind: "event",
  params: z.object({ recipient: z.string(), type: z.string().nullable(), earlier }),
  description: "A recipient reported the mail as spam.",
  messages: {
    en: (p) => `${p.recipient} reported the mail as spam${p.type ? ` (${p.type})` : ""}.${about("en", p.earlier)}`,
    fr: (p) => `${p.recipient} a signalé l'e-mail comme spam${p.type ? ` (${p.type})` : ""}.${about("fr", p.earlier)}`,
    nl: (p) => `${p.recipient} heeft de e-mail als spam gemeld${p.type ? ` (${p.type})` : ""}.${about("nl", p.earlier)}`,
    de: (p) => `${p.recipient} hat die E-Mail als Spam gemeldet${p.type ? ` (${p.type})` : ""}.${about("de", p.earlier)}`,
  },
});

export const EVENT_UNVERIFIED_REPORT = defineReason({
  kind: "event",
  params: z.object({ why: z.enum(["recipient", "reference"]), reportedBy, reasons: words }),
  description:
    "A failure report by mail that did not prove it is about this delivery: it names no recipient the delivery addressed, or does not refer to the message that was sent. Kept in the history, it changes nothing.",
  messages: {
    en: (p) => `A failure report${by.en(p.reportedBy)} was not believed: it ${p.why === "recipient" ? "names no address this invoice was sent to" : "does not refer to the mail that was sent"}. It says: ${p.reasons}`,
    fr: (p) => `Un rapport d'échec${by.fr(p.reportedBy)} n'a pas été retenu : il ${p.why === "recipient" ? "ne nomme aucune adresse à laquelle cette facture a été envoyée" : "ne se rapporte pas à l'e-mail envoyé"}. Il indique : ${p.reasons}`,
    nl: (p) => `Een foutmelding${by.nl(p.reportedBy)} werd niet geloofd: ze ${p.why === "recipient" ? "noemt geen adres waarnaar deze factuur is verstuurd" : "verwijst niet naar de verstuurde e-mail"}. Ze zegt: ${p.reasons}`,
    de: (p) => `Ein Fehlerbericht${by.de(p.reportedBy)} wurde nicht übernommen: Er ${p.why === "recipient" ? "nennt keine Adresse, an die diese Rechnung gesendet wurde" : "bezieht sich nicht auf die gesendete E-Mail"}. Er besagt: ${p.reasons}`,
  },
});
