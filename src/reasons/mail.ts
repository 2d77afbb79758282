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
  description: "A mail that brought nothing to import: no attachment, or only images too small to be invoices. Informational; the mail ends `ignored`.",
  messages: {
    en: (p) => `The mail from ${p.sender} had no invoice attached${p.smallImagesOnly ? " (only images too small to be invoices)" : ""}, so nothing was imported.`,
    fr: (p) => `L'e-mail de ${p.sender} ne contenait pas de facture en pièce jointe${p.smallImagesOnly ? " (seulement des images trop petites pour être des factures)" : ""}, rien n'a donc été importé.`,
    nl: (p) => `De e-mail van ${p.sender} had geen factuur als bijlage${p.smallImagesOnly ? " (alleen afbeeldingen die te klein zijn voor facturen)" : ""}, dus er is niets geïmporteerd.`,
    de: (p) => `Die E-Mail von ${p.sender} hatte keine Rechnung im Anhang${p.smallImagesOnly ? " (nur Bilder, die für Rechnungen zu klein sind)" : ""}, daher wurde nichts importiert.`,
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
