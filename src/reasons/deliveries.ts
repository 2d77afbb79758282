import { z } from "zod";
import { defineReason, type Format } from "./define.ts";

/**
 * Why a delivery is blocked (before anything is queued), failed or bounced,
 * and the inbox items that ask the account to correct an address.
 */

const none = z.object({});
/** A provider's or remote server's words (`550 5.1.1 User unknown`), shown as they are in every language. */
const words = z.string();

export const CONNECTOR_INACTIVE = defineReason({
  kind: "delivery",
  params: none,
  description: "The email connector is not active: email deliveries are blocked (or fail, when it was switched off after they were queued) until it is re-activated.",
  messages: {
    en: () => "The email connector is not active: activate it (POST /v1/connectors/email), then retry the delivery.",
    fr: () => "Le connecteur e-mail n'est pas actif : activez-le (POST /v1/connectors/email), puis relancez la livraison.",
    nl: () => "De e-mailconnector is niet actief: activeer hem (POST /v1/connectors/email) en probeer de levering daarna opnieuw.",
    de: () => "Der E-Mail-Connector ist nicht aktiv: Aktivieren Sie ihn (POST /v1/connectors/email) und wiederholen Sie dann die Zustellung.",
  },
});

export const NO_RECIPIENTS = defineReason({
  kind: "delivery",
  params: none,
  description: "The email channel is on but has no address to send to.",
  messages: {
    en: () => "The delivery has no recipient: give the customer an email address, then retry.",
    fr: () => "La livraison n'a pas de destinataire : donnez une adresse e-mail au client, puis réessayez.",
    nl: () => "De levering heeft geen ontvanger: geef de klant een e-mailadres en probeer het daarna opnieuw.",
    de: () => "Die Zustellung hat keinen Empfänger: Geben Sie dem Kunden eine E-Mail-Adresse und versuchen Sie es dann erneut.",
  },
});

export const TOO_MANY_RECIPIENTS = defineReason({
  kind: "delivery",
  params: z.object({ count: z.number(), max: z.number() }),
  description: "More recipients than Cloudflare Email Service takes for one message (refused before anything is queued).",
  messages: {
    en: (p) => `The mail would go to ${p.count} recipients; Cloudflare sends one message to at most ${p.max}.`,
    fr: (p) => `L'e-mail irait à ${p.count} destinataires ; Cloudflare envoie un message à ${p.max} destinataires au plus.`,
    nl: (p) => `De e-mail zou naar ${p.count} ontvangers gaan; Cloudflare stuurt één bericht naar hoogstens ${p.max}.`,
    de: (p) => `Die E-Mail ginge an ${p.count} Empfänger; Cloudflare sendet eine Nachricht an höchstens ${p.max}.`,
  },
});

export const MESSAGE_TOO_LARGE = defineReason({
  kind: "delivery",
  params: z.object({ bytes: z.number(), maxBytes: z.number() }),
  description: "The mail with its attachments would weigh more than Cloudflare Email Service sends (checked before queueing, and again once composed).",
  messages: {
    en: (p, f: Format) => `With its attachments the mail would weigh ${f.mebibytes(p.bytes)}; Cloudflare sends at most ${f.mebibytes(p.maxBytes)}. Send a smaller PDF.`,
    fr: (p, f: Format) => `Avec ses pièces jointes, l'e-mail pèserait ${f.mebibytes(p.bytes)} ; Cloudflare envoie au plus ${f.mebibytes(p.maxBytes)}. Envoyez un PDF plus petit.`,
    nl: (p, f: Format) => `Met de bijlagen zou de e-mail ${f.mebibytes(p.bytes)} wegen; Cloudflare verstuurt hoogstens ${f.mebibytes(p.maxBytes)}. Stuur een kleinere PDF.`,
    de: (p, f: Format) => `Mit den Anhängen wäre die E-Mail ${f.mebibytes(p.bytes)} groß; Cloudflare sendet höchstens ${f.mebibytes(p.maxBytes)}. Senden Sie ein kleineres PDF.`,
  },
});

export const PEPPOL_UNAVAILABLE = defineReason({
  kind: "delivery",
  params: none,
  description: "A Peppol delivery while this connector has no Peppol connector to hand it to (PEPPOL_QUEUE is not bound).",
  messages: {
    en: () => "This connector is not connected to a Peppol connector (PEPPOL_QUEUE is not bound).",
    fr: () => "Ce connecteur n'est pas relié à un connecteur Peppol (PEPPOL_QUEUE n'est pas lié).",
    nl: () => "Deze connector is niet verbonden met een Peppol-connector (PEPPOL_QUEUE is niet gekoppeld).",
    de: () => "Dieser Connector ist mit keinem Peppol-Connector verbunden (PEPPOL_QUEUE ist nicht gebunden).",
  },
});

export const NO_PARTICIPANT_ID = defineReason({
  kind: "delivery",
  params: none,
  description: "A Peppol delivery to a customer without a Peppol participant id.",
  messages: {
    en: () => "The customer has no Peppol participant id.",
    fr: () => "Le client n'a pas d'identifiant de participant Peppol.",
    nl: () => "De klant heeft geen Peppol-deelnemers-ID.",
    de: () => "Der Kunde hat keine Peppol-Teilnehmer-ID.",
  },
});

export const QUEUE_UNAVAILABLE = defineReason({
  kind: "delivery",
  params: none,
  description: "The outbound or Peppol queue refused the delivery: it is failed, never left queued, and can be retried.",
  messages: {
    en: () => "The delivery could not be queued (the queue refused it); retry it.",
    fr: () => "La livraison n'a pas pu être mise en file d'attente (la file l'a refusée) ; relancez-la.",
    nl: () => "De levering kon niet in de wachtrij worden gezet (de wachtrij weigerde ze); probeer ze opnieuw.",
    de: () => "Die Zustellung konnte nicht eingereiht werden (die Warteschlange hat sie abgelehnt); wiederholen Sie sie.",
  },
});

export const FILE_MISSING = defineReason({
  kind: "delivery",
  params: none,
  description: "A file of the sales invoice is no longer in storage when the mail is composed.",
  messages: {
    en: () => "A file of the invoice is missing from storage; upload the invoice again.",
    fr: () => "Un fichier de la facture manque dans le stockage ; téléversez à nouveau la facture.",
    nl: () => "Een bestand van de factuur ontbreekt in de opslag; upload de factuur opnieuw.",
    de: () => "Eine Datei der Rechnung fehlt im Speicher; laden Sie die Rechnung erneut hoch.",
  },
});

export const RETRIES_EXHAUSTED = defineReason({
  kind: "delivery",
  params: z.object({ attempts: z.number(), lastError: words }),
  description: "Sending failed through all of the outbound queue's retries (a provider fault that did not pass); the dead-letter queue made it failed.",
  messages: {
    en: (p) => `Gave up after ${p.attempts} attempts; the last error was ${p.lastError}. Retry the delivery when the cause is fixed.`,
    fr: (p) => `Abandon après ${p.attempts} tentatives ; la dernière erreur était ${p.lastError}. Relancez la livraison une fois la cause corrigée.`,
    nl: (p) => `Opgegeven na ${p.attempts} pogingen; de laatste fout was ${p.lastError}. Probeer de levering opnieuw wanneer de oorzaak is verholpen.`,
    de: (p) => `Nach ${p.attempts} Versuchen aufgegeben; der letzte Fehler war ${p.lastError}. Wiederholen Sie die Zustellung, wenn die Ursache behoben ist.`,
  },
});

const refused = z.object({ recipient: z.string(), error: words });

export const SENDER_NOT_VERIFIED = defineReason({
  kind: "delivery",
  params: refused,
  description: "Cloudflare Email Service refuses the sending address (its domain is not onboarded or verified): an operator must set it up.",
  messages: {
    en: (p) => `Cloudflare Email Service does not send from this connector's address yet (${p.error}); the operator must verify the sending domain, then retry the delivery.`,
    fr: (p) => `Cloudflare Email Service n'envoie pas encore depuis l'adresse de ce connecteur (${p.error}) ; l'opérateur doit vérifier le domaine d'envoi, puis relancez la livraison.`,
    nl: (p) => `Cloudflare Email Service verstuurt nog niet vanaf het adres van deze connector (${p.error}); de beheerder moet het verzenddomein verifiëren, probeer de levering daarna opnieuw.`,
    de: (p) => `Cloudflare Email Service sendet noch nicht von der Adresse dieses Connectors (${p.error}); der Betreiber muss die Absenderdomain verifizieren, danach wiederholen Sie die Zustellung.`,
  },
});

export const RECIPIENT_NOT_ALLOWED = defineReason({
  kind: "delivery",
  params: refused,
  description: "Cloudflare refuses the recipient (Email Routing without Email Sending only sends to verified addresses).",
  messages: {
    en: (p) => `Cloudflare does not allow sending to ${p.recipient} (${p.error}).`,
    fr: (p) => `Cloudflare n'autorise pas l'envoi à ${p.recipient} (${p.error}).`,
    nl: (p) => `Cloudflare staat verzenden naar ${p.recipient} niet toe (${p.error}).`,
    de: (p) => `Cloudflare erlaubt das Senden an ${p.recipient} nicht (${p.error}).`,
  },
});

export const MESSAGE_REFUSED = defineReason({
  kind: "delivery",
  params: refused,
  description: "Cloudflare Email Service refuses the message itself (a header or field it does not take): retrying the same message cannot succeed.",
  messages: {
    en: (p) => `Cloudflare Email Service refused the message for ${p.recipient}: ${p.error}`,
    fr: (p) => `Cloudflare Email Service a refusé le message pour ${p.recipient} : ${p.error}`,
    nl: (p) => `Cloudflare Email Service weigerde het bericht voor ${p.recipient}: ${p.error}`,
    de: (p) => `Cloudflare Email Service hat die Nachricht für ${p.recipient} abgelehnt: ${p.error}`,
  },
});

export const REJECTED = defineReason({
  kind: "delivery",
  params: refused,
  description: "Cloudflare Email Service reported (an Email Sending event) that it rejected the message for a recipient.",
  messages: {
    en: (p) => `Cloudflare Email Service rejected the mail to ${p.recipient}: ${p.error}`,
    fr: (p) => `Cloudflare Email Service a rejeté l'e-mail à ${p.recipient} : ${p.error}`,
    nl: (p) => `Cloudflare Email Service heeft de e-mail aan ${p.recipient} geweigerd: ${p.error}`,
    de: (p) => `Cloudflare Email Service hat die E-Mail an ${p.recipient} abgelehnt: ${p.error}`,
  },
});

export const DELIVERY_FAILED = defineReason({
  kind: "delivery",
  params: refused,
  description: "Cloudflare Email Service reported (an Email Sending event) that it could not deliver the message to a recipient.",
  messages: {
    en: (p) => `Cloudflare Email Service could not deliver the mail to ${p.recipient}: ${p.error}`,
    fr: (p) => `Cloudflare Email Service n'a pas pu remettre l'e-mail à ${p.recipient} : ${p.error}`,
    nl: (p) => `Cloudflare Email Service kon de e-mail niet afleveren bij ${p.recipient}: ${p.error}`,
    de: (p) => `Cloudflare Email Service konnte die E-Mail nicht an ${p.recipient} zustellen: ${p.error}`,
  },
});

export const BOUNCED = defineReason({
  kind: "delivery",
  params: z.object({ reasons: words }),
  description: "A mail server refused an address after the send (a delivery status notification, or an Email Sending event): correct the address and retry.",
  messages: {
    en: (p) => `The mail bounced: ${p.reasons}.`,
    fr: (p) => `L'e-mail a été renvoyé : ${p.reasons}.`,
    nl: (p) => `De e-mail is teruggekomen: ${p.reasons}.`,
    de: (p) => `Die E-Mail kam zurück: ${p.reasons}.`,
  },
});

/** What every item about an undelivered invoice names, so that the account can act on it. */
const undelivered = z.object({ invoice: z.string(), customer: z.string(), deliveryId: z.string(), reasons: words });
type Undelivered = z.infer<typeof undelivered>;

const remedy = {
  en: (p: Undelivered) => `Correct the address, then retry delivery ${p.deliveryId} (POST /v1/deliveries/${p.deliveryId}/retry).`,
  fr: (p: Undelivered) => `Corrigez l'adresse, puis relancez la livraison ${p.deliveryId} (POST /v1/deliveries/${p.deliveryId}/retry).`,
  nl: (p: Undelivered) => `Verbeter het adres en probeer levering ${p.deliveryId} daarna opnieuw (POST /v1/deliveries/${p.deliveryId}/retry).`,
  de: (p: Undelivered) => `Korrigieren Sie die Adresse und wiederholen Sie dann die Zustellung ${p.deliveryId} (POST /v1/deliveries/${p.deliveryId}/retry).`,
};

export const RECIPIENT_SUPPRESSED = defineReason({
  kind: "delivery",
  params: undelivered,
  description:
    "Cloudflare Email Service did not send to an address because mail to it bounced or was reported as spam before (at send time, or reported by an event): the delivery and an inbox item ask for a corrected address.",
  messages: {
    en: (p) => `Invoice ${p.invoice} to ${p.customer} was not sent to ${p.reasons}: Cloudflare Email Service no longer sends to an address that bounced or reported its mail as spam. ${remedy.en(p)}`,
    fr: (p) => `La facture ${p.invoice} à ${p.customer} n'a pas été envoyée à ${p.reasons} : Cloudflare Email Service n'envoie plus à une adresse dont le courrier a été renvoyé ou signalé comme spam. ${remedy.fr(p)}`,
    nl: (p) => `Factuur ${p.invoice} aan ${p.customer} is niet verstuurd naar ${p.reasons}: Cloudflare Email Service verstuurt niet meer naar een adres waarvan e-mail terugkwam of als spam werd gemeld. ${remedy.nl(p)}`,
    de: (p) => `Die Rechnung ${p.invoice} an ${p.customer} wurde nicht an ${p.reasons} gesendet: Cloudflare Email Service sendet nicht mehr an eine Adresse, deren E-Mails zurückkamen oder als Spam gemeldet wurden. ${remedy.de(p)}`,
  },
});

export const DELIVERY_BOUNCED = defineReason({
  kind: "delivery_bounced",
  params: undelivered,
  description: "An inbox item for a sent invoice that bounced: it names the invoice, the customer, the addresses and the servers' words, and the delivery to retry.",
  messages: {
    en: (p) => `Invoice ${p.invoice} to ${p.customer} bounced: ${p.reasons}. ${remedy.en(p)}`,
    fr: (p) => `La facture ${p.invoice} à ${p.customer} a été renvoyée : ${p.reasons}. ${remedy.fr(p)}`,
    nl: (p) => `Factuur ${p.invoice} aan ${p.customer} is teruggekomen: ${p.reasons}. ${remedy.nl(p)}`,
    de: (p) => `Die Rechnung ${p.invoice} an ${p.customer} kam zurück: ${p.reasons}. ${remedy.de(p)}`,
  },
});
