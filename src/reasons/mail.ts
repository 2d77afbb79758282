import { z } from "zod";
import { defineReason, type Format } from "./define.ts";
import { reasonRef } from "./ref.ts";

/**
 * What a mail as a whole came to when it brought no file to import or
 * could not be opened, and why an inbox item about a file no longer stands.
 */

export const NO_ATTACHMENT = defineReason({
  kind: "no_attachment",
  params: z.object({ sender: z.string(), smallImagesOnly: z.boolean() }),
  description:
    "A mail that brought nothing to import: no attachment, or only pictures that are not invoices (logos, banners, pictures in the text; `smallImagesOnly`). Informational; the mail ends `ignored`. Its parts are listed with the mail, each with why it was not taken.",
  messages: {
    en: (p) => `The mail from ${p.sender} had no invoice attached${p.smallImagesOnly ? " (only pictures that are not invoices, such as logos and banners)" : ""}, so nothing was imported.`,
    fr: (p) => `L'e-mail de ${p.sender} ne contenait pas de facture en pièce jointe${p.smallImagesOnly ? " (seulement des images qui ne sont pas des factures, comme des logos et des bannières)" : ""}, rien n'a donc été importé.`,
    nl: (p) => `De e-mail van ${p.sender} had geen factuur als bijlage${p.smallImagesOnly ? " (alleen afbeeldingen die geen facturen zijn, zoals logo's en banners)" : ""}, dus er is niets geïmporteerd.`,
    de: (p) => `Die E-Mail von ${p.sender} hatte keine Rechnung im Anhang${p.smallImagesOnly ? " (nur Bilder, die keine Rechnungen sind, etwa Logos und Banner)" : ""}, daher wurde nichts importiert.`,
  },
});

/** `"a.pdf"`, or `"a.pdf" and "b.pdf"`, with each language's quotation marks. */
const quoted = (names: readonly string[], f: Format, open: string, close: string) => f.list(names.map((n) => `${open}${n}${close}`));

export const EMPTY_ATTACHMENT = defineReason({
  kind: "invalid",
  params: z.object({ sender: z.string(), names: z.array(z.string()).min(1) }),
  description:
    "A mail that named an attachment (`invoice.pdf`) whose content is empty (0 bytes): the sender meant to send a file and it did not come through. Not for empty parts without a name, which are only listed with the mail.",
  messages: {
    en: (p, f) =>
      `${p.names.length === 1 ? "The attachment" : "The attachments"} ${quoted(p.names, f, '"', '"')} of the mail from ${p.sender} ${p.names.length === 1 ? "is" : "are"} empty (0 bytes), so there was nothing to import. Ask the sender to attach ${p.names.length === 1 ? "it" : "them"} again.`,
    fr: (p, f) =>
      `${p.names.length === 1 ? "La pièce jointe" : "Les pièces jointes"} ${quoted(p.names, f, "« ", " »")} de l'e-mail de ${p.sender} ${p.names.length === 1 ? "est vide" : "sont vides"} (0 octet) : il n'y avait rien à importer. Demandez à l'expéditeur de ${p.names.length === 1 ? "la" : "les"} joindre à nouveau.`,
    nl: (p, f) =>
      `${p.names.length === 1 ? "De bijlage" : "De bijlagen"} ${quoted(p.names, f, '"', '"')} van de e-mail van ${p.sender} ${p.names.length === 1 ? "is" : "zijn"} leeg (0 bytes), dus er viel niets te importeren. Vraag de afzender ${p.names.length === 1 ? "die" : "ze"} opnieuw bij te voegen.`,
    de: (p, f) =>
      `${p.names.length === 1 ? "Der Anhang" : "Die Anhänge"} ${quoted(p.names, f, "„", "“")} der E-Mail von ${p.sender} ${p.names.length === 1 ? "ist" : "sind"} leer (0 Byte), daher gab es nichts zu importieren. Bitten Sie den Absender, ${p.names.length === 1 ? "ihn" : "sie"} erneut anzuhängen.`,
  },
});

export const MAIL_ENCRYPTED = defineReason({
  kind: "unsupported",
  params: z.object({ sender: z.string(), how: z.enum(["smime", "pgp"]) }),
  description:
    "A mail encrypted for its recipients, with S/MIME (`application/pkcs7-mime` enveloped data, `smime.p7m`) or OpenPGP (PGP/MIME `multipart/encrypted`, an inline `BEGIN PGP MESSAGE` body, an encrypted `.pgp` file): the connector holds no key, so what is encrypted cannot be read. Not for signed mail, whose signature is only listed with the mail and whose files are imported.",
  messages: {
    en: (p) => `The mail from ${p.sender} is encrypted (${p.how === "smime" ? "S/MIME" : "OpenPGP"}) and cannot be read, so no invoice could be taken from what is encrypted. Ask the sender to send the invoice without encryption.`,
    fr: (p) => `L'e-mail de ${p.sender} est chiffré (${p.how === "smime" ? "S/MIME" : "OpenPGP"}) et ne peut pas être lu : aucune facture n'a pu être tirée de son contenu chiffré. Demandez à l'expéditeur d'envoyer la facture sans chiffrement.`,
    nl: (p) => `De e-mail van ${p.sender} is versleuteld (${p.how === "smime" ? "S/MIME" : "OpenPGP"}) en kan niet worden gelezen, dus er kon geen factuur uit de versleutelde inhoud worden gehaald. Vraag de afzender de factuur zonder versleuteling te sturen.`,
    de: (p) => `Die E-Mail von ${p.sender} ist verschlüsselt (${p.how === "smime" ? "S/MIME" : "OpenPGP"}) und kann nicht gelesen werden, daher konnte dem verschlüsselten Inhalt keine Rechnung entnommen werden. Bitten Sie den Absender, die Rechnung unverschlüsselt zu senden.`,
  },
});

const reports = z.enum(["delivery_status", "feedback", "read_receipt", "other"]);

export const MAIL_REPORT = defineReason({
  kind: "report",
  params: z.object({ sender: z.string(), report: reports, failedRecipients: z.array(z.string()) }),
  description:
    "A report that a mail server or mail client sent to an import address: a delivery status notification (a bounce, `multipart/report; report-type=delivery-status`, or a mail from MAILER-DAEMON), a feedback report about spam or abuse (ARF), a read receipt. Informational; nothing in it is imported, not even the mail it returns, and the mail ends `ignored`.",
  messages: {
    en: (p, f) =>
      ({
        delivery_status: `A delivery report from ${p.sender}${p.failedRecipients.length ? `: mail to ${f.list(p.failedRecipients)} could not be delivered` : ""}.`,
        feedback: `A feedback report from ${p.sender} about a mail reported as spam or abuse.`,
        read_receipt: `A read receipt from ${p.sender}.`,
        other: `An automatic report from ${p.sender}.`,
      })[p.report] + " Reports are not invoices, so nothing was imported.",
    fr: (p, f) =>
      ({
        delivery_status: `Un rapport de remise de ${p.sender}${p.failedRecipients.length ? ` : le courrier adressé à ${f.list(p.failedRecipients)} n'a pas pu être remis` : ""}.`,
        feedback: `Un rapport de réclamation de ${p.sender} concernant un e-mail signalé comme spam ou abus.`,
        read_receipt: `Un accusé de lecture de ${p.sender}.`,
        other: `Un rapport automatique de ${p.sender}.`,
      })[p.report] + " Les rapports ne sont pas des factures, rien n'a donc été importé.",
    nl: (p, f) =>
      ({
        delivery_status: `Een afleveringsrapport van ${p.sender}${p.failedRecipients.length ? `: e-mail aan ${f.list(p.failedRecipients)} kon niet worden afgeleverd` : ""}.`,
        feedback: `Een klachtrapport van ${p.sender} over een e-mail die als spam of misbruik is gemeld.`,
        read_receipt: `Een leesbevestiging van ${p.sender}.`,
        other: `Een automatisch rapport van ${p.sender}.`,
      })[p.report] + " Rapporten zijn geen facturen, dus er is niets geïmporteerd.",
    de: (p, f) =>
      ({
        delivery_status: `Ein Zustellbericht von ${p.sender}${p.failedRecipients.length ? `: Die E-Mail an ${f.list(p.failedRecipients)} konnte nicht zugestellt werden` : ""}.`,
        feedback: `Ein Beschwerdebericht von ${p.sender} zu einer als Spam oder Missbrauch gemeldeten E-Mail.`,
        read_receipt: `Eine Lesebestätigung von ${p.sender}.`,
        other: `Ein automatischer Bericht von ${p.sender}.`,
      })[p.report] + " Berichte sind keine Rechnungen, daher wurde nichts importiert.",
  },
});

export const MAIL_UNREADABLE = defineReason({
  kind: "invalid",
  params: z.object({ detail: z.string() }),
  description: "A mail postal-mime cannot parse within its limits (nesting, header size). It is kept as received.",
  messages: {
    en: (p) => `The mail could not be read (${p.detail}); it is kept as received.`,
    fr: (p) => `L'e-mail n'a pas pu être lu (${p.detail}) ; il est conservé tel que reçu.`,
    nl: (p) => `De e-mail kon niet worden gelezen (${p.detail}); hij wordt bewaard zoals ontvangen.`,
    de: (p) => `Die E-Mail konnte nicht gelesen werden (${p.detail}); sie wird wie empfangen aufbewahrt.`,
  },
});

export const MAIL_TOO_MANY_FILES = defineReason({
  kind: "unsupported",
  params: z.object({ maxFiles: z.number(), maxBytes: z.number(), from: z.string() }),
  description: "A mail holding more files than the per-mail file limit, or more bytes once its containers are opened: the files up to the limit are taken, the rest is not, and this item says from where.",
  messages: {
    en: (p, f: Format) => `The mail holds more than ${p.maxFiles} files or ${f.mebibytes(p.maxBytes)} once opened; the files from "${p.from}" on were not taken.`,
    fr: (p, f: Format) => `L'e-mail contient plus de ${p.maxFiles} fichiers ou ${f.mebibytes(p.maxBytes)} une fois ouvert ; les fichiers à partir de « ${p.from} » n'ont pas été pris.`,
    nl: (p, f: Format) => `De e-mail bevat na openen meer dan ${p.maxFiles} bestanden of ${f.mebibytes(p.maxBytes)}; de bestanden vanaf "${p.from}" zijn niet genomen.`,
    de: (p, f: Format) => `Die E-Mail enthält geöffnet mehr als ${p.maxFiles} Dateien oder ${f.mebibytes(p.maxBytes)}; die Dateien ab „${p.from}“ wurden nicht übernommen.`,
  },
});

const grouped = z.object({ count: z.number(), malicious: z.number(), invalid: z.number(), unsupported: z.number(), scanFailed: z.number() });
type Grouped = z.infer<typeof grouped>;
/** "40 damaged or invalid and 2 dangerous", in the message's language. */
const groupedCounts = (p: Grouped, f: Format, words: Record<Exclude<keyof Grouped, "count">, string>) =>
  f.list((["malicious", "invalid", "unsupported", "scanFailed"] as const).filter((k) => p[k] > 0).map((k) => `${f.number(p[k])} ${words[k]}`));

export const MORE_FILES_NOT_IMPORTED = defineReason({
  kind: "unsupported",
  params: grouped,
  description:
    "One item for the files of a mail beyond the per-mail inbox item limit that were not imported, with how many of each kind; the mail lists each file with its own reason. Its kind is the gravest among them (dangerous, then not scanned, damaged, unsupported); when it is not scanned, rescanning it rescans them all. It does not fire for a mail with fewer such files: each then has an item of its own.",
  messages: {
    en: (p, f: Format) =>
      `${f.number(p.count)} more files of this mail were not imported (${groupedCounts(p, f, { malicious: "dangerous", invalid: "damaged or invalid", unsupported: "not supported", scanFailed: "not scanned" })}). The mail lists each of them with its reason.`,
    fr: (p, f: Format) =>
      `${f.number(p.count)} autres fichiers de cet e-mail n'ont pas été importés (${groupedCounts(p, f, { malicious: "dangereux", invalid: "endommagés ou invalides", unsupported: "non pris en charge", scanFailed: "non analysés" })}). L'e-mail les liste chacun avec sa raison.`,
    nl: (p, f: Format) =>
      `${f.number(p.count)} andere bestanden van deze e-mail zijn niet geïmporteerd (${groupedCounts(p, f, { malicious: "gevaarlijk", invalid: "beschadigd of ongeldig", unsupported: "niet ondersteund", scanFailed: "niet gescand" })}). De e-mail toont elk ervan met de reden.`,
    de: (p, f: Format) =>
      `${f.number(p.count)} weitere Dateien dieser E-Mail wurden nicht importiert (${groupedCounts(p, f, { malicious: "gefährlich", invalid: "beschädigt oder ungültig", unsupported: "nicht unterstützt", scanFailed: "nicht geprüft" })}). Die E-Mail führt jede mit ihrem Grund auf.`,
  },
});

export const PROCESSING_FAILED = defineReason({
  kind: "invalid",
  params: z.object({}),
  description: "The ingest step failed through all its retries (the dead-letter queue ended it). The raw mail is kept, so it can be processed again.",
  messages: {
    en: () => "The mail could not be processed after several attempts. It is kept as received, so it can be processed again.",
    fr: () => "L'e-mail n'a pas pu être traité après plusieurs tentatives. Il est conservé tel que reçu, afin de pouvoir être traité à nouveau.",
    nl: () => "De e-mail kon na meerdere pogingen niet worden verwerkt. Hij wordt bewaard zoals ontvangen, zodat hij opnieuw verwerkt kan worden.",
    de: () => "Die E-Mail konnte nach mehreren Versuchen nicht verarbeitet werden. Sie wird wie empfangen aufbewahrt, damit sie erneut verarbeitet werden kann.",
  },
});

const confirmation = z.object({ link: z.string().nullable(), code: z.string().nullable() });
type Confirmation = z.infer<typeof confirmation>;

/** "open <link> or enter the confirmation code <code>", in each language. */
const how = {
  en: (p: Confirmation) => [p.link && `open ${p.link}`, p.code && `enter the confirmation code ${p.code}`].filter(Boolean).join(" or "),
  fr: (p: Confirmation) => [p.link && `ouvrez ${p.link}`, p.code && `saisissez le code de confirmation ${p.code}`].filter(Boolean).join(" ou "),
  nl: (p: Confirmation) => [p.link && `open ${p.link}`, p.code && `voer de bevestigingscode ${p.code} in`].filter(Boolean).join(" of "),
  de: (p: Confirmation) => [p.link && `öffnen Sie ${p.link}`, p.code && `geben Sie den Bestätigungscode ${p.code} ein`].filter(Boolean).join(" oder "),
};

const forwarding = (provider: string) =>
  defineReason({
    kind: "forwarding_confirmation",
    params: confirmation,
    description: `${provider} asks the target of an automatic forward to confirm it: the item carries the link and code, so that a person can finish setting up forwarding.`,
    messages: {
      en: (p) => `${provider} asks to confirm that mail may be forwarded to this import address: ${how.en(p)}.`,
      fr: (p) => `${provider} demande de confirmer que le courrier peut être transféré vers cette adresse d'import : ${how.fr(p)}.`,
      nl: (p) => `${provider} vraagt te bevestigen dat e-mail naar dit importadres mag worden doorgestuurd: ${how.nl(p)}.`,
      de: (p) => `${provider} bittet um Bestätigung, dass E-Mails an diese Importadresse weitergeleitet werden dürfen: ${how.de(p)}.`,
    },
  });

export const GMAIL_FORWARDING = forwarding("Gmail");
export const OUTLOOK_FORWARDING = forwarding("Outlook");

// ---- Why an inbox item about a file no longer stands ----

export const RESCAN_IMPORTED = defineReason({
  kind: "resolution",
  params: z.object({ purchaseInvoiceId: z.string() }),
  description: "A rescan found the file clean, and it became (part of) a purchase invoice.",
  messages: {
    en: (p) => `Resolved by a rescan: the file is now part of purchase invoice ${p.purchaseInvoiceId}.`,
    fr: (p) => `Résolu par une nouvelle analyse : le fichier fait maintenant partie de la facture d'achat ${p.purchaseInvoiceId}.`,
    nl: (p) => `Opgelost door een nieuwe scan: het bestand hoort nu bij aankoopfactuur ${p.purchaseInvoiceId}.`,
    de: (p) => `Durch eine erneute Prüfung erledigt: Die Datei gehört jetzt zur Eingangsrechnung ${p.purchaseInvoiceId}.`,
  },
});

export const RESCAN_ALREADY_IMPORTED = defineReason({
  kind: "resolution",
  params: z.object({}),
  description: "A rescan found the file clean; the same file had already been imported from another mail.",
  messages: {
    en: () => "Resolved by a rescan: the file was found clean, and had already been imported.",
    fr: () => "Résolu par une nouvelle analyse : le fichier a été trouvé sain, et avait déjà été importé.",
    nl: () => "Opgelost door een nieuwe scan: het bestand bleek schoon en was al geïmporteerd.",
    de: () => "Durch eine erneute Prüfung erledigt: Die Datei wurde als sauber befunden und war bereits importiert.",
  },
});

export const RESCAN_REGROUPED = defineReason({
  kind: "resolution",
  params: z.object({}),
  description: "The item that grouped a mail's files beyond the inbox item limit no longer stands after a rescan: fewer files are left out, and each has an item of its own or was imported.",
  messages: {
    en: () => "Resolved by a rescan: the files it grouped were imported or now have items of their own.",
    fr: () => "Résolu par une nouvelle analyse : les fichiers regroupés ici ont été importés ou ont maintenant leur propre élément.",
    nl: () => "Opgelost door een nieuwe scan: de bestanden die hier gegroepeerd waren, zijn geïmporteerd of hebben nu een eigen item.",
    de: () => "Durch eine erneute Prüfung erledigt: Die hier zusammengefassten Dateien wurden importiert oder haben jetzt einen eigenen Eintrag.",
  },
});

export const RESCAN_CLEAN = defineReason({
  kind: "resolution",
  params: z.object({ note: reasonRef.nullable() }),
  description: "A rescan found the file clean, but it is no invoice of its own (an appendix-only file, a logo).",
  messages: {
    en: (p, f: Format) => `Resolved by a rescan: the file was found clean${p.note ? ` (${f.reason(p.note)})` : ""}.`,
    fr: (p, f: Format) => `Résolu par une nouvelle analyse : le fichier a été trouvé sain${p.note ? ` (${f.reason(p.note)})` : ""}.`,
    nl: (p, f: Format) => `Opgelost door een nieuwe scan: het bestand bleek schoon${p.note ? ` (${f.reason(p.note)})` : ""}.`,
    de: (p, f: Format) => `Durch eine erneute Prüfung erledigt: Die Datei wurde als sauber befunden${p.note ? ` (${f.reason(p.note)})` : ""}.`,
  },
});
