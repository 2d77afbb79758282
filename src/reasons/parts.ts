import { z } from "zod";
import { defineReason } from "./define.ts";

/**
 * Why a part of a mail did not become a file: each is listed with the mail
 * (GET /v1/inbound-messages/{id}, `skippedParts`), so that nothing a mail
 * held is dropped without a word.
 */

const none = z.object({});
/** Pixels, or null when the picture's header could not be read. */
const pixels = z.number().nullable();

/** "1568×268 pixels", or nothing when the size is not known. */
const size = (p: { width: number | null; height: number | null }, unit: string) => (p.width !== null && p.height !== null ? ` (${p.width}×${p.height} ${unit})` : "");

export const SKIPPED_BODY = defineReason({
  kind: "skipped",
  params: none,
  description: "The text or HTML of the mail (also its alternatives, such as Apple Watch text, and unnamed text parts), or the rich text of an Outlook winmail.dat that holds no file.",
  messages: {
    en: () => "The text of the mail, which is read as the message, not as a file.",
    fr: () => "Le texte de l'e-mail, lu comme message et non comme fichier.",
    nl: () => "De tekst van de e-mail, die als bericht wordt gelezen en niet als bestand.",
    de: () => "Der Text der E-Mail, der als Nachricht und nicht als Datei gelesen wird.",
  },
});

export const SKIPPED_SIGNATURE = defineReason({
  kind: "skipped",
  params: z.object({ what: z.enum(["smime", "pgp", "pgp_key"]) }),
  description:
    "A digital signature of the mail, by its bytes: S/MIME (`smime.p7s`, `application/pkcs7-signature`) or OpenPGP (`signature.asc`, `application/pgp-signature`), or the sender's OpenPGP public key that mail clients attach to signed mail. The signed files themselves are taken as usual. A part that only claims to be a signature is taken and scanned like any file.",
  messages: {
    en: (p) => (p.what === "pgp_key" ? "The sender's OpenPGP public key, attached to check their signatures; it holds no document." : `A digital signature of the mail (${p.what === "smime" ? "S/MIME" : "OpenPGP"}): it shows who sent it and holds no document.`),
    fr: (p) => (p.what === "pgp_key" ? "La clé publique OpenPGP de l'expéditeur, jointe pour vérifier ses signatures ; elle ne contient aucun document." : `Une signature numérique de l'e-mail (${p.what === "smime" ? "S/MIME" : "OpenPGP"}) : elle atteste l'expéditeur et ne contient aucun document.`),
    nl: (p) => (p.what === "pgp_key" ? "De openbare OpenPGP-sleutel van de afzender, bijgevoegd om zijn handtekeningen te controleren; die bevat geen document." : `Een digitale handtekening van de e-mail (${p.what === "smime" ? "S/MIME" : "OpenPGP"}): die toont wie hem verstuurde en bevat geen document.`),
    de: (p) => (p.what === "pgp_key" ? "Der öffentliche OpenPGP-Schlüssel des Absenders, angehängt zur Prüfung seiner Signaturen; er enthält kein Dokument." : `Eine digitale Signatur der E-Mail (${p.what === "smime" ? "S/MIME" : "OpenPGP"}): Sie zeigt den Absender und enthält kein Dokument.`),
  },
});

export const SKIPPED_ENCRYPTED = defineReason({
  kind: "skipped",
  params: z.object({ what: z.enum(["smime", "pgp"]) }),
  description: "Content encrypted for the mail's recipients (S/MIME enveloped data, PGP/MIME, an encrypted OpenPGP file or body): it cannot be read. The mail also gets a `MAIL_ENCRYPTED` inbox item.",
  messages: {
    en: (p) => `Content encrypted for its recipients (${p.what === "smime" ? "S/MIME" : "OpenPGP"}), which cannot be read.`,
    fr: (p) => `Un contenu chiffré pour ses destinataires (${p.what === "smime" ? "S/MIME" : "OpenPGP"}), qui ne peut pas être lu.`,
    nl: (p) => `Inhoud die voor de ontvangers is versleuteld (${p.what === "smime" ? "S/MIME" : "OpenPGP"}) en niet kan worden gelezen.`,
    de: (p) => `Für die Empfänger verschlüsselter Inhalt (${p.what === "smime" ? "S/MIME" : "OpenPGP"}), der nicht gelesen werden kann.`,
  },
});

export const SKIPPED_SIGNATURE_LOGO = defineReason({
  kind: "skipped",
  params: none,
  description: "A small picture the HTML body shows (referenced by `cid:` or in a multipart/related), up to the signature image size: the logo of an email signature, an icon.",
  messages: {
    en: () => "A small picture in the text of the mail, such as the logo of an email signature.",
    fr: () => "Une petite image dans le texte de l'e-mail, comme le logo d'une signature électronique.",
    nl: () => "Een kleine afbeelding in de tekst van de e-mail, zoals het logo van een e-mailhandtekening.",
    de: () => "Ein kleines Bild im Text der E-Mail, etwa das Logo einer E-Mail-Signatur.",
  },
});

export const SKIPPED_INLINE_IMAGE = defineReason({
  kind: "skipped",
  params: z.object({ width: pixels, height: pixels }),
  description:
    "A larger picture the HTML body shows that is no document of its own: shaped like a banner or too small for a page, or shown beside a PDF or e-invoice of the same mail. A document-shaped photo shown in the body of a mail without PDF (how phone mail apps send a photo) is imported.",
  messages: {
    en: (p) => `A picture shown in the text of the mail${size(p, "pixels")}, not a document of its own.`,
    fr: (p) => `Une image affichée dans le texte de l'e-mail${size(p, "pixels")}, pas un document en soi.`,
    nl: (p) => `Een afbeelding in de tekst van de e-mail${size(p, "pixels")}, geen apart document.`,
    de: (p) => `Ein Bild im Text der E-Mail${size(p, "Pixel")}, kein eigenes Dokument.`,
  },
});

export const SKIPPED_IMAGE_NOT_DOCUMENT = defineReason({
  kind: "skipped",
  params: z.object({ width: z.number(), height: z.number(), because: z.enum(["small", "shape", "beside_document"]) }),
  description:
    "An attached image that cannot be a scanned or photographed document: smaller than a legible page, shaped like a banner or a strip, or, beside a PDF or e-invoice of the same mail, smaller than a full page photo or scan (see the document image limits).",
  messages: {
    en: (p) =>
      ({
        small: `An image of ${p.width}×${p.height} pixels, too small to hold a legible page.`,
        shape: `An image of ${p.width}×${p.height} pixels, shaped like a banner or a strip rather than a page.`,
        beside_document: `An image of ${p.width}×${p.height} pixels beside the PDF or e-invoice of the same mail, too small to be a photo or scan of a whole page of its own.`,
      })[p.because],
    fr: (p) =>
      ({
        small: `Une image de ${p.width}×${p.height} pixels, trop petite pour contenir une page lisible.`,
        shape: `Une image de ${p.width}×${p.height} pixels, en forme de bannière ou de bande plutôt que de page.`,
        beside_document: `Une image de ${p.width}×${p.height} pixels à côté du PDF ou de la facture électronique du même e-mail, trop petite pour être à elle seule la photo ou le scan d'une page entière.`,
      })[p.because],
    nl: (p) =>
      ({
        small: `Een afbeelding van ${p.width}×${p.height} pixels, te klein voor een leesbare pagina.`,
        shape: `Een afbeelding van ${p.width}×${p.height} pixels, in de vorm van een banner of strook en niet van een pagina.`,
        beside_document: `Een afbeelding van ${p.width}×${p.height} pixels naast de PDF of e-factuur van dezelfde e-mail, te klein om zelf een foto of scan van een volledige pagina te zijn.`,
      })[p.because],
    de: (p) =>
      ({
        small: `Ein Bild von ${p.width}×${p.height} Pixeln, zu klein für eine lesbare Seite.`,
        shape: `Ein Bild von ${p.width}×${p.height} Pixeln in Form eines Banners oder Streifens statt einer Seite.`,
        beside_document: `Ein Bild von ${p.width}×${p.height} Pixeln neben dem PDF oder der E-Rechnung derselben E-Mail, zu klein, um selbst Foto oder Scan einer ganzen Seite zu sein.`,
      })[p.because],
  },
});

export const SKIPPED_REPORT = defineReason({
  kind: "skipped",
  params: none,
  description: "A part of a delivery, feedback or read report (the machine-readable status, the returned headers or mail): evidence about another mail, never imported. The mail gets a `MAIL_REPORT` inbox item.",
  messages: {
    en: () => "Part of a report: the report's details, or the mail it is about.",
    fr: () => "Une partie d'un rapport : le détail du rapport, ou l'e-mail qu'il concerne.",
    nl: () => "Een deel van een rapport: de gegevens van het rapport, of de e-mail waarover het gaat.",
    de: () => "Teil eines Berichts: die Angaben des Berichts oder die E-Mail, um die es geht.",
  },
});

export const SKIPPED_EMPTY = defineReason({
  kind: "skipped",
  params: none,
  description: "A part, or a ZIP archive, with nothing in it. A named empty attachment also gives the mail an `EMPTY_ATTACHMENT` inbox item.",
  messages: {
    en: () => "This part is empty (0 bytes).",
    fr: () => "Cette partie est vide (0 octet).",
    nl: () => "Dit onderdeel is leeg (0 bytes).",
    de: () => "Dieser Teil ist leer (0 Byte).",
  },
});

export const SKIPPED_DUPLICATE_PART = defineReason({
  kind: "skipped",
  params: z.object({ of: z.string() }),
  description:
    "The same file, under the same name, as one taken before from the same mail (attached twice, or also inside a forwarded mail or archive): taken once. The same bytes under another name are a file of their own, which the rules on names check, and are imported once all the same.",
  messages: {
    en: (p) => `The same file as "${p.of}" in this mail, taken once.`,
    fr: (p) => `Le même fichier que « ${p.of} » dans cet e-mail, pris une seule fois.`,
    nl: (p) => `Hetzelfde bestand als "${p.of}" in deze e-mail, één keer genomen.`,
    de: (p) => `Dieselbe Datei wie „${p.of}“ in dieser E-Mail, einmal übernommen.`,
  },
});

export const SKIPPED_CALENDAR = defineReason({
  kind: "skipped",
  params: none,
  description: "A calendar invitation or event (iCalendar, `text/calendar`, `.ics`), by its bytes.",
  messages: {
    en: () => "A calendar invitation or event, not an invoice.",
    fr: () => "Une invitation ou un événement d'agenda, pas une facture.",
    nl: () => "Een agenda-uitnodiging of -afspraak, geen factuur.",
    de: () => "Eine Kalendereinladung oder ein Termin, keine Rechnung.",
  },
});

export const SKIPPED_CONTACT_CARD = defineReason({
  kind: "skipped",
  params: none,
  description: "A contact card (vCard, `.vcf`) that mail clients attach to a signature, by its bytes.",
  messages: {
    en: () => "A contact card (vCard), not an invoice.",
    fr: () => "Une fiche de contact (vCard), pas une facture.",
    nl: () => "Een contactkaart (vCard), geen factuur.",
    de: () => "Eine Kontaktkarte (vCard), keine Rechnung.",
  },
});

export const SKIPPED_RESOURCE_FORK = defineReason({
  kind: "skipped",
  params: none,
  description: "The Mac file information (an AppleDouble resource fork, `application/applefile` in a multipart/appledouble) that older Mac mail programs send beside a file, by its bytes; the file itself is taken.",
  messages: {
    en: () => "Mac file information (an AppleDouble resource fork) that travels with the file beside it, which is taken.",
    fr: () => "Des informations de fichier Mac (une branche de ressources AppleDouble) qui accompagnent le fichier voisin, lequel est pris.",
    nl: () => "Mac-bestandsinformatie (een AppleDouble-resourcevork) die bij het bestand ernaast hoort; dat bestand wordt genomen.",
    de: () => "Mac-Dateiinformationen (ein AppleDouble-Ressourcenzweig), die zur Datei daneben gehören; diese Datei wird übernommen.",
  },
});
