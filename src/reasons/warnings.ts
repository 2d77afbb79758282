import { z } from "zod";
import { defineReason, type Messages } from "./define.ts";

/**
 * What a purchase invoice's e-invoice data lacks or gets wrong, or why it
 * has none. The invoice is imported all the same: the warnings tell the
 * account what to check.
 */

const none = z.object({});

export const BUYER_VAT_MISMATCH = defineReason({
  kind: "warning",
  params: none,
  description: "The e-invoice names a buyer VAT number that is not the account's, however the two are written.",
  messages: {
    en: () => "The invoice is addressed to another VAT number than the account's.",
    fr: () => "La facture est adressée à un autre numéro de TVA que celui du compte.",
    nl: () => "De factuur is gericht aan een ander btw-nummer dan dat van het account.",
    de: () => "Die Rechnung ist an eine andere USt-IdNr. als die des Kontos gerichtet.",
  },
});

export const XML_ENCODING_UNKNOWN = defineReason({
  kind: "warning",
  params: none,
  description:
    "The e-invoice XML declares a character encoding no reader knows (writers put names such as UTF-8-W/O-BOM there); its bytes are valid UTF-8, so it was read as UTF-8. It does not fire on the encodings readers know (UTF-8, UTF-16, ISO-8859-1, windows-1252...). An XML in an unknown encoding whose bytes are not UTF-8 is not read at all.",
  messages: {
    en: () => "The e-invoice declares a character encoding no reader knows; it was read as UTF-8: check names with accents.",
    fr: () => "La facture électronique déclare un encodage de caractères qu'aucun lecteur ne connaît ; elle a été lue en UTF-8 : vérifiez les noms accentués.",
    nl: () => "De e-factuur vermeldt een tekencodering die geen enkele lezer kent; ze werd als UTF-8 gelezen: controleer namen met accenten.",
    de: () => "Die E-Rechnung gibt eine Zeichenkodierung an, die kein Leseprogramm kennt; sie wurde als UTF-8 gelesen: prüfen Sie Namen mit Akzenten.",
  },
});

/** On the PDF's file row the attachment and why it failed; on the purchase invoice (warnings are codes alone) neither. */
const embeddedXml = z.object({ attachment: z.string(), detail: z.string() }).partial();
const which = (p: z.infer<typeof embeddedXml>) => (p.attachment ? ` (${p.attachment}${p.detail ? `: ${p.detail}` : ""})` : "");

export const EMBEDDED_XML_UNREADABLE = defineReason({
  kind: "warning",
  params: embeddedXml,
  description:
    "A PDF embeds its invoice as XML (factur-x.xml, xrechnung.xml, zugferd-invoice.xml, the file its XMP metadata names, or an order-x.xml) and that XML cannot be read: not well-formed, beyond the reader's limits (docs/operating.md), or in an encoding no reader knows whose bytes are not UTF-8. The PDF is imported as a plain PDF, without e-invoice data, and its purchase invoice carries this warning; the file's own reason names the attachment and the problem. It does not fire on a PDF without such an attachment (a plain PDF), on one whose XML is read, nor when another of its attachments holds the invoice; an embedded XML with a DOCTYPE, or one that cannot be decoded, is refused by PDF_EMBEDDED_FILE before.",
  messages: {
    en: (p) => `The PDF embeds its invoice as XML${which(p)}, but that XML cannot be read: it was imported as a plain PDF. Check its data, or ask the supplier for a corrected file.`,
    fr: (p) => `Le PDF contient sa facture en XML${which(p)}, mais ce XML est illisible : il a été importé comme un simple PDF. Vérifiez ses données ou demandez un fichier corrigé au fournisseur.`,
    nl: (p) => `De pdf bevat zijn factuur als XML${which(p)}, maar die XML is onleesbaar: hij werd als gewone pdf geïmporteerd. Controleer de gegevens of vraag de leverancier om een gecorrigeerd bestand.`,
    de: (p) => `Das PDF enthält seine Rechnung als XML${which(p)}, aber dieses XML ist nicht lesbar: Es wurde als einfaches PDF importiert. Prüfen Sie die Daten oder bitten Sie den Lieferanten um eine korrigierte Datei.`,
  },
});

/** A mandatory field of EN 16931 that the e-invoice lacks, or holds in a form that cannot be read. */
const missing = (field: string, messages: Messages<unknown>) =>
  defineReason({ kind: "warning", params: none, description: `The e-invoice has no readable ${field}.`, messages });

export const MISSING_DOCUMENT_TYPE = missing("document type (BT-3)", {
  en: () => "The e-invoice does not say whether it is an invoice or a credit note.",
  fr: () => "La facture électronique n'indique pas s'il s'agit d'une facture ou d'un avoir.",
  nl: () => "De e-factuur vermeldt niet of het een factuur of een creditnota is.",
  de: () => "Die E-Rechnung gibt nicht an, ob sie eine Rechnung oder eine Gutschrift ist.",
});
export const MISSING_NUMBER = missing("invoice number (BT-1)", {
  en: () => "The e-invoice has no invoice number.",
  fr: () => "La facture électronique n'a pas de numéro de facture.",
  nl: () => "De e-factuur heeft geen factuurnummer.",
  de: () => "Die E-Rechnung hat keine Rechnungsnummer.",
});
export const MISSING_ISSUE_DATE = missing("issue date (BT-2)", {
  en: () => "The e-invoice has no readable issue date.",
  fr: () => "La facture électronique n'a pas de date d'émission lisible.",
  nl: () => "De e-factuur heeft geen leesbare factuurdatum.",
  de: () => "Die E-Rechnung hat kein lesbares Rechnungsdatum.",
});
export const MISSING_CURRENCY = missing("currency (BT-5)", {
  en: () => "The e-invoice has no readable currency.",
  fr: () => "La facture électronique n'a pas de devise lisible.",
  nl: () => "De e-factuur heeft geen leesbare munteenheid.",
  de: () => "Die E-Rechnung hat keine lesbare Währung.",
});
export const MISSING_TOTAL_AMOUNT = missing("amount due (BT-115)", {
  en: () => "The e-invoice has no readable amount due.",
  fr: () => "La facture électronique n'a pas de montant à payer lisible.",
  nl: () => "De e-factuur heeft geen leesbaar te betalen bedrag.",
  de: () => "Die E-Rechnung hat keinen lesbaren fälligen Betrag.",
});
export const MISSING_TAX_EXCLUSIVE_AMOUNT = missing("total without VAT (BT-109)", {
  en: () => "The e-invoice has no readable total without VAT.",
  fr: () => "La facture électronique n'a pas de total hors TVA lisible.",
  nl: () => "De e-factuur heeft geen leesbaar totaal exclusief btw.",
  de: () => "Die E-Rechnung hat keine lesbare Summe ohne Umsatzsteuer.",
});
export const MISSING_SELLER_NAME = missing("seller name (BT-27)", {
  en: () => "The e-invoice does not name its seller.",
  fr: () => "La facture électronique ne nomme pas son vendeur.",
  nl: () => "De e-factuur noemt de verkoper niet.",
  de: () => "Die E-Rechnung nennt ihren Verkäufer nicht.",
});
export const MISSING_BUYER_NAME = missing("buyer name (BT-44)", {
  en: () => "The e-invoice does not name its buyer.",
  fr: () => "La facture électronique ne nomme pas son acheteur.",
  nl: () => "De e-factuur noemt de koper niet.",
  de: () => "Die E-Rechnung nennt ihren Käufer nicht.",
});
