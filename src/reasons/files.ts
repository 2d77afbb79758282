import { z } from "zod";
import { defineReason, type Format } from "./define.ts";
import { reasonRef } from "./ref.ts";

/**
 * Why a file was not imported, or was left out: the built-in rules
 * (src/scan/rules/), the containers split.ts could not open safely, ClamAV,
 * and the validity checks of src/scan/decide.ts.
 */

const none = z.object({});
const name = z.string();
/** A technical detail (a parser's or decoder's words), shown as it is in every language. */
const detail = z.string();

/** "an" before a vowel sound, for the English sentences that name a type (`an XLSM file`, `a DOCX file`). */
const article = (word: string) => (/^[AEFHILMNORSX]/.test(word) ? "an" : "a");

// ---- Dangerous content: the built-in rules, in their order (malicious) ----

export const EICAR = defineReason({
  kind: "malicious",
  params: none,
  description:
    "The EICAR anti-virus test file anywhere in a file: in its bytes, in each file taken out of a ZIP, forwarded mail or winmail.dat, and in a PDF's object streams and embedded files.",
  messages: {
    en: () => "It contains the EICAR test file, which every virus scanner reports as a virus.",
    fr: () => "Le fichier contient le fichier de test EICAR, que tout antivirus signale comme un virus.",
    nl: () => "Het bestand bevat het EICAR-testbestand, dat elke virusscanner als virus meldt.",
    de: () => "Die Datei enthält die EICAR-Testdatei, die jeder Virenscanner als Virus meldet.",
  },
});

const typeAndMime = z.object({ type: z.string(), mime: z.string() });

export const EXECUTABLE = defineReason({
  kind: "malicious",
  params: typeAndMime,
  description:
    "A program of any platform, by its bytes whatever its name or declared type: Windows (PE: .exe, .dll, .scr), Linux (ELF), macOS (Mach-O), Windows Installer (MSI), shortcuts (LNK), Java (JAR, class), Android (APK, DEX), WebAssembly, Flash, packages (deb, rpm), browser extensions, compiled help (CHM).",
  messages: {
    en: (p) => `It is a program (${p.type}, ${p.mime}), which is never imported.`,
    fr: (p) => `C'est un programme (${p.type}, ${p.mime}), qui n'est jamais importé.`,
    nl: (p) => `Het is een programma (${p.type}, ${p.mime}), dat nooit wordt geïmporteerd.`,
    de: (p) => `Die Datei ist ein Programm (${p.type}, ${p.mime}), das nie importiert wird.`,
  },
});

export const SCRIPT = defineReason({
  kind: "malicious",
  params: none,
  description: "A script that names its interpreter on its first line (`#!/bin/sh`, `#!/usr/bin/env python`), whatever its name.",
  messages: {
    en: () => "It is a script (its first line names the program that runs it), which is never imported.",
    fr: () => "C'est un script (sa première ligne nomme le programme qui l'exécute), qui n'est jamais importé.",
    nl: () => "Het is een script (de eerste regel noemt het programma dat het uitvoert), dat nooit wordt geïmporteerd.",
    de: () => "Die Datei ist ein Skript (ihre erste Zeile nennt das Programm, das es ausführt), das nie importiert wird.",
  },
});

export const OFFICE_MACRO = defineReason({
  kind: "malicious",
  params: z.object({ type: z.string(), how: z.enum(["vba_storage", "macro_enabled_type", "vba_project", "odf_code"]) }),
  description:
    "An Office document with macros: a VBA project in an OOXML package (`vbaProject.bin` in any part, whatever the content type says), a macro-enabled type (.docm, .xlsm, .pptm...), a VBA storage in an OLE file (.doc, .xls, .ppt, .msg, or any other), or Basic modules and scripts in an ODF document.",
  messages: {
    en: ({ type, how }) =>
      ({
        vba_storage: `It is ${article(type)} ${type} file with VBA macros, which can run code when opened.`,
        macro_enabled_type: `It is a macro-enabled ${type} file, which can run code when opened.`,
        vba_project: `It is ${article(type)} ${type} file carrying a VBA project (vbaProject.bin), which can run code when opened.`,
        odf_code: `It is ${article(type)} ${type} file with Basic macros or scripts, which can run code when opened.`,
      })[how],
    fr: ({ type, how }) =>
      ({
        vba_storage: `C'est un fichier ${type} avec des macros VBA, qui peuvent exécuter du code à l'ouverture.`,
        macro_enabled_type: `C'est un fichier ${type} prenant en charge les macros, qui peuvent exécuter du code à l'ouverture.`,
        vba_project: `C'est un fichier ${type} contenant un projet VBA (vbaProject.bin), qui peut exécuter du code à l'ouverture.`,
        odf_code: `C'est un fichier ${type} avec des macros Basic ou des scripts, qui peuvent exécuter du code à l'ouverture.`,
      })[how],
    nl: ({ type, how }) =>
      ({
        vba_storage: `Het is een ${type}-bestand met VBA-macro's, die bij het openen code kunnen uitvoeren.`,
        macro_enabled_type: `Het is een ${type}-bestand met macro's, die bij het openen code kunnen uitvoeren.`,
        vba_project: `Het is een ${type}-bestand met een VBA-project (vbaProject.bin), dat bij het openen code kan uitvoeren.`,
        odf_code: `Het is een ${type}-bestand met Basic-macro's of scripts, die bij het openen code kunnen uitvoeren.`,
      })[how],
    de: ({ type, how }) =>
      ({
        vba_storage: `Die Datei ist eine ${type}-Datei mit VBA-Makros, die beim Öffnen Code ausführen können.`,
        macro_enabled_type: `Die Datei ist eine makrofähige ${type}-Datei, die beim Öffnen Code ausführen kann.`,
        vba_project: `Die Datei ist eine ${type}-Datei mit einem VBA-Projekt (vbaProject.bin), das beim Öffnen Code ausführen kann.`,
        odf_code: `Die Datei ist eine ${type}-Datei mit Basic-Makros oder Skripten, die beim Öffnen Code ausführen können.`,
      })[how],
  },
});

export const PDF_JAVASCRIPT = defineReason({
  kind: "malicious",
  params: none,
  description:
    "A PDF with JavaScript: a /JS or /JavaScript action or name tree anywhere (an /OpenAction, a link, a form field, the document's names), also hex-escaped or inside a compressed object stream. An /OpenAction that only sets the page or zoom is no JavaScript.",
  messages: {
    en: () => "The PDF contains JavaScript, which a PDF reader runs when the file is opened or used.",
    fr: () => "Le PDF contient du JavaScript, qu'un lecteur PDF exécute à l'ouverture ou à l'utilisation du fichier.",
    nl: () => "De PDF bevat JavaScript, dat een PDF-lezer uitvoert wanneer het bestand wordt geopend of gebruikt.",
    de: () => "Das PDF enthält JavaScript, das ein PDF-Reader beim Öffnen oder Verwenden der Datei ausführt.",
  },
});

export const PDF_LAUNCH = defineReason({
  kind: "malicious",
  params: none,
  description: "A PDF with a /Launch action, which asks the reader to start a program or open another file.",
  messages: {
    en: () => "The PDF contains a launch action, which asks the reader to start a program or open another file.",
    fr: () => "Le PDF contient une action de lancement, qui demande au lecteur de démarrer un programme ou d'ouvrir un autre fichier.",
    nl: () => "De PDF bevat een startactie, die de lezer vraagt een programma te starten of een ander bestand te openen.",
    de: () => "Das PDF enthält eine Startaktion, die den Reader auffordert, ein Programm zu starten oder eine andere Datei zu öffnen.",
  },
});

export const PDF_XFA_SCRIPT = defineReason({
  kind: "malicious",
  params: none,
  description:
    "A PDF whose XFA form (the XML that /AcroForm /XFA names, one stream or name/stream packets, plain or Flate-compressed) holds a script element: JavaScript (contentType=\"application/x-javascript\") or FormCalc, which Adobe readers run. It does not fire on an XFA form without scripts, nor on the word script in a field's text; an XFA packet that cannot be decoded is PDF_UNREADABLE_OBJECTS.",
  messages: {
    en: () => "The PDF contains an XFA form with scripts, which Adobe readers run when the form is opened or filled in.",
    fr: () => "Le PDF contient un formulaire XFA avec des scripts, que les lecteurs Adobe exécutent à l'ouverture ou au remplissage du formulaire.",
    nl: () => "De PDF bevat een XFA-formulier met scripts, die Adobe-lezers uitvoeren wanneer het formulier wordt geopend of ingevuld.",
    de: () => "Das PDF enthält ein XFA-Formular mit Skripten, die Adobe-Reader beim Öffnen oder Ausfüllen des Formulars ausführen.",
  },
});

const remoteAction = z.discriminatedUnion("action", [
  z.object({ action: z.enum(["GoToR", "GoToE", "ImportData", "SubmitForm"]), target: name.nullable() }),
  z.object({ action: z.literal("URI"), uri: z.enum(["script", "local_file", "network_share", "opens_itself"]), target: name }),
]);
type RemoteAction = z.infer<typeof remoteAction>;

const remoteWhat: Record<"en" | "fr" | "nl" | "de", (p: RemoteAction) => string> = {
  en: (p) => {
    const to = p.target === null ? "" : ` ("${p.target}")`;
    if (p.action !== "URI") {
      return {
        GoToR: `a link that opens another file${to}`,
        GoToE: `a link that opens a PDF embedded in this or another file${to}`,
        ImportData: `an action that imports form data from another file${to}`,
        SubmitForm: `an action that sends the form's data to an address${to}`,
      }[p.action];
    }
    return {
      script: `a link that runs a script${to}`,
      local_file: `a link to a file on the reader's computer${to}`,
      network_share: `a link to a network share${to}, which makes Windows send the reader's credentials to that host`,
      opens_itself: `a web address that is opened by itself, without a click${to}`,
    }[p.uri];
  },
  fr: (p) => {
    const to = p.target === null ? "" : ` (« ${p.target} »)`;
    if (p.action !== "URI") {
      return {
        GoToR: `un lien qui ouvre un autre fichier${to}`,
        GoToE: `un lien qui ouvre un PDF intégré dans ce fichier ou dans un autre${to}`,
        ImportData: `une action qui importe des données de formulaire depuis un autre fichier${to}`,
        SubmitForm: `une action qui envoie les données du formulaire à une adresse${to}`,
      }[p.action];
    }
    return {
      script: `un lien qui exécute un script${to}`,
      local_file: `un lien vers un fichier de l'ordinateur du lecteur${to}`,
      network_share: `un lien vers un partage réseau${to}, qui fait envoyer par Windows les identifiants du lecteur à cet hôte`,
      opens_itself: `une adresse web qui s'ouvre d'elle-même, sans clic${to}`,
    }[p.uri];
  },
  nl: (p) => {
    const to = p.target === null ? "" : ` ("${p.target}")`;
    if (p.action !== "URI") {
      return {
        GoToR: `een link die een ander bestand opent${to}`,
        GoToE: `een link die een PDF opent die in dit of een ander bestand is ingesloten${to}`,
        ImportData: `een actie die formuliergegevens uit een ander bestand importeert${to}`,
        SubmitForm: `een actie die de gegevens van het formulier naar een adres verstuurt${to}`,
      }[p.action];
    }
    return {
      script: `een link die een script uitvoert${to}`,
      local_file: `een link naar een bestand op de computer van de lezer${to}`,
      network_share: `een link naar een netwerkshare${to}, waardoor Windows de aanmeldgegevens van de lezer naar die host stuurt`,
      opens_itself: `een webadres dat vanzelf wordt geopend, zonder klik${to}`,
    }[p.uri];
  },
  de: (p) => {
    const to = p.target === null ? "" : ` („${p.target}“)`;
    if (p.action !== "URI") {
      return {
        GoToR: `einen Link, der eine andere Datei öffnet${to}`,
        GoToE: `einen Link, der ein in diese oder eine andere Datei eingebettetes PDF öffnet${to}`,
        ImportData: `eine Aktion, die Formulardaten aus einer anderen Datei importiert${to}`,
        SubmitForm: `eine Aktion, die die Formulardaten an eine Adresse sendet${to}`,
      }[p.action];
    }
    return {
      script: `einen Link, der ein Skript ausführt${to}`,
      local_file: `einen Link auf eine Datei auf dem Computer des Lesers${to}`,
      network_share: `einen Link auf eine Netzwerkfreigabe${to}, über den Windows die Anmeldedaten des Lesers an diesen Host sendet`,
      opens_itself: `eine Webadresse, die sich ohne Klick von selbst öffnet${to}`,
    }[p.uri];
  },
};

export const PDF_REMOTE_ACTION = defineReason({
  kind: "malicious",
  params: remoteAction,
  description:
    "A PDF with an action that reaches outside the document: /GoToR (open another file), /GoToE (open an embedded or external PDF), /ImportData, /SubmitForm (send form data), a /URI whose address is javascript:, vbscript:, data:, file:, or a Windows share (\\\\host\\share, //host/share, smb:), which leaks the reader's Windows credentials, and a web address an /OpenAction or an /AA (page, field or annotation) action opens without a click. It does not fire on links people click to https:, http: or mailto: addresses (payment links), nor on /GoTo actions within the document.",
  messages: {
    en: (p) => `The PDF contains ${remoteWhat.en(p)}.`,
    fr: (p) => `Le PDF contient ${remoteWhat.fr(p)}.`,
    nl: (p) => `De PDF bevat ${remoteWhat.nl(p)}.`,
    de: (p) => `Das PDF enthält ${remoteWhat.de(p)}.`,
  },
});

/** Why a file embedded in a PDF is refused. */
const embeddedProblem = z.discriminatedUnion("problem", [
  z.object({ problem: z.literal("undecodable"), detail }),
  z.object({ problem: z.literal("program_name") }),
  z.object({ problem: z.literal("type"), type: z.string(), mime: z.string() }),
  z.object({ problem: z.literal("xml_doctype") }),
  z.object({ problem: z.literal("pdf_active") }),
  z.object({ problem: z.literal("pdf_embeds") }),
  z.object({ problem: z.literal("damaged"), type: z.string() }),
  z.object({ problem: z.literal("flagged"), code: z.string() }),
  z.object({ problem: z.literal("pdf_encrypted") }),
  z.object({ problem: z.literal("pdf_unreadable"), detail }),
]);
type EmbeddedProblem = z.infer<typeof embeddedProblem>;

const embeddedWhy: Record<"en" | "fr" | "nl" | "de", (p: EmbeddedProblem) => string> = {
  en: (p) => {
    switch (p.problem) {
      case "undecodable": return `which cannot be checked (${p.detail})`;
      case "program_name": return "named like a program";
      case "type": return `a ${p.type} file (${p.mime})`;
      case "xml_doctype": return "an XML file that declares a DOCTYPE or entities";
      case "pdf_active": return "a PDF with JavaScript or a launch action";
      case "pdf_embeds": return "a PDF that embeds files of its own";
      case "damaged": return `a ${p.type} file that is damaged`;
      case "flagged": return `a file that the ${p.code} check refuses`;
      case "pdf_encrypted": return "an encrypted PDF, which cannot be checked";
      case "pdf_unreadable": return `a PDF that cannot be checked (${p.detail})`;
    }
  },
  fr: (p) => {
    switch (p.problem) {
      case "undecodable": return `qui ne peut pas être vérifié (${p.detail})`;
      case "program_name": return "nommé comme un programme";
      case "type": return `un fichier ${p.type} (${p.mime})`;
      case "xml_doctype": return "un fichier XML qui déclare un DOCTYPE ou des entités";
      case "pdf_active": return "un PDF avec du JavaScript ou une action de lancement";
      case "pdf_embeds": return "un PDF qui intègre lui-même des fichiers";
      case "damaged": return `un fichier ${p.type} endommagé`;
      case "flagged": return `un fichier que le contrôle ${p.code} refuse`;
      case "pdf_encrypted": return "un PDF chiffré, qui ne peut pas être vérifié";
      case "pdf_unreadable": return `un PDF qui ne peut pas être vérifié (${p.detail})`;
    }
  },
  nl: (p) => {
    switch (p.problem) {
      case "undecodable": return `dat niet gecontroleerd kan worden (${p.detail})`;
      case "program_name": return "met de naam van een programma";
      case "type": return `een ${p.type}-bestand (${p.mime})`;
      case "xml_doctype": return "een XML-bestand dat een DOCTYPE of entiteiten declareert";
      case "pdf_active": return "een PDF met JavaScript of een startactie";
      case "pdf_embeds": return "een PDF die zelf bestanden insluit";
      case "damaged": return `een beschadigd ${p.type}-bestand`;
      case "flagged": return `een bestand dat de controle ${p.code} weigert`;
      case "pdf_encrypted": return "een versleutelde PDF, die niet gecontroleerd kan worden";
      case "pdf_unreadable": return `een PDF die niet gecontroleerd kan worden (${p.detail})`;
    }
  },
  de: (p) => {
    switch (p.problem) {
      case "undecodable": return `die nicht geprüft werden kann (${p.detail})`;
      case "program_name": return "die wie ein Programm benannt ist";
      case "type": return `eine ${p.type}-Datei (${p.mime})`;
      case "xml_doctype": return "eine XML-Datei, die einen DOCTYPE oder Entitäten deklariert";
      case "pdf_active": return "ein PDF mit JavaScript oder einer Startaktion";
      case "pdf_embeds": return "ein PDF, das selbst Dateien einbettet";
      case "damaged": return `eine beschädigte ${p.type}-Datei`;
      case "flagged": return `eine Datei, die die Prüfung ${p.code} ablehnt`;
      case "pdf_encrypted": return "ein verschlüsseltes PDF, das nicht geprüft werden kann";
      case "pdf_unreadable": return `ein PDF, das nicht geprüft werden kann (${p.detail})`;
    }
  },
};

export const PDF_EMBEDDED_FILE = defineReason({
  kind: "malicious",
  params: z.intersection(z.object({ name: name.nullable() }), embeddedProblem),
  description:
    "A PDF embedding a file other than XML (the e-invoice of Factur-X, ZUGFeRD, XRechnung: factur-x.xml, zugferd-invoice.xml, ZUGFeRD-invoice.xml, xrechnung.xml, or supporting XML), a plain PDF, or a supporting document of a type EN 16931 allows (BG-24: PNG, JPEG, CSV, XLSX, ODS) that passes every rule itself: a program, another office file (DOCX, a macro-enabled XLSM), an archive, a web page, XML with a DOCTYPE, a PDF with scripts or files of its own, a damaged image, a supporting document another rule refuses (an XLSX with macros, EICAR in a CSV), a file named like a program, or data that cannot be decoded. It does not fire on an uncompressed PDF embedded with an indirect /Length: the objects inside a stream's data are never taken for the outer file's.",
  messages: {
    en: (p) => `The PDF embeds ${p.name === null ? "an unnamed file" : `"${p.name}"`}, ${embeddedWhy.en(p)}; only e-invoice XML (such as factur-x.xml), plain PDFs and clean supporting documents (PNG, JPEG, CSV, XLSX, ODS) may be embedded.`,
    fr: (p) => `Le PDF intègre ${p.name === null ? "un fichier sans nom" : `« ${p.name} »`}, ${embeddedWhy.fr(p)} ; seuls du XML de facture électronique (comme factur-x.xml), des PDF simples et des pièces justificatives saines (PNG, JPEG, CSV, XLSX, ODS) peuvent être intégrés.`,
    nl: (p) => `De PDF sluit ${p.name === null ? "een naamloos bestand" : `"${p.name}"`} in, ${embeddedWhy.nl(p)}; alleen XML van e-facturen (zoals factur-x.xml), gewone PDF's en veilige bijlagen (PNG, JPEG, CSV, XLSX, ODS) mogen worden ingesloten.`,
    de: (p) => `Das PDF bettet ${p.name === null ? "eine unbenannte Datei" : `„${p.name}“`} ein, ${embeddedWhy.de(p)}; eingebettet werden dürfen nur E-Rechnungs-XML (wie factur-x.xml), einfache PDFs und unbedenkliche Belege (PNG, JPEG, CSV, XLSX, ODS).`,
  },
});

export const PDF_UNREADABLE_OBJECTS = defineReason({
  kind: "malicious",
  params: z.object({ detail }),
  description:
    "A PDF whose objects cannot all be checked: an object stream in a filter that is not decoded (LZW, ASCII85, a TIFF predictor...), one that does not decompress or expands past the limit on a structure stream or on all streams of a file, or objects nested deeper than the nesting limit. What cannot be checked could hide a script.",
  messages: {
    en: (p) => `Part of the PDF cannot be checked for scripts: ${p.detail}.`,
    fr: (p) => `Une partie du PDF ne peut pas être vérifiée à la recherche de scripts : ${p.detail}.`,
    nl: (p) => `Een deel van de PDF kan niet op scripts worden gecontroleerd: ${p.detail}.`,
    de: (p) => `Ein Teil des PDFs kann nicht auf Skripte geprüft werden: ${p.detail}.`,
  },
});

/** What makes a web page or drawing active. */
const activeContent = z.discriminatedUnion("content", [
  z.object({ content: z.literal("script") }),
  z.object({ content: z.literal("embedded"), element: z.string() }),
  z.object({ content: z.literal("handler"), element: z.string() }),
  z.object({ content: z.literal("url"), url: z.string() }),
]);
type ActiveContent = z.infer<typeof activeContent>;

const found: Record<"en" | "fr" | "nl" | "de", (p: ActiveContent) => string> = {
  en: (p) =>
    p.content === "script" ? "a script element" : p.content === "embedded" ? `an embedded ${p.element}` : p.content === "handler" ? `an event handler (on…=) on a ${p.element} element` : `a ${p.url} URL`,
  fr: (p) =>
    p.content === "script" ? "un élément script" : p.content === "embedded" ? `un élément ${p.element} intégré` : p.content === "handler" ? `un gestionnaire d'événement (on…=) sur un élément ${p.element}` : `une URL ${p.url}`,
  nl: (p) =>
    p.content === "script" ? "een script-element" : p.content === "embedded" ? `een ingesloten ${p.element}` : p.content === "handler" ? `een event handler (on…=) op een ${p.element}-element` : `een ${p.url}-URL`,
  de: (p) =>
    p.content === "script" ? "einem script-Element" : p.content === "embedded" ? `einem eingebetteten ${p.element}` : p.content === "handler" ? `einem Event-Handler (on…=) an einem ${p.element}-Element` : `einer ${p.url}-URL`,
};

export const HTML_SCRIPT = defineReason({
  kind: "malicious",
  params: activeContent,
  description:
    "A web page (by its bytes, or a text file named .html, .htm, .xhtml, .mht) with scripts, event handlers (onload=...), javascript:/vbscript:/data:text/html URLs (entity-encoded too), or embedded frames and objects. A page without them is `unsupported` (HTML_FILE), not malicious.",
  messages: {
    en: (p) => `It is a web page with ${found.en(p)}, which a browser would run when it is opened.`,
    fr: (p) => `C'est une page web avec ${found.fr(p)}, qu'un navigateur exécuterait à l'ouverture.`,
    nl: (p) => `Het is een webpagina met ${found.nl(p)}, die een browser bij het openen zou uitvoeren.`,
    de: (p) => `Die Datei ist eine Webseite mit ${found.de(p)}, die ein Browser beim Öffnen ausführen würde.`,
  },
});

export const SVG_SCRIPT = defineReason({
  kind: "malicious",
  params: activeContent,
  description: "An SVG drawing with scripts, event handlers, javascript: URLs or embedded objects, which a browser runs when it shows the drawing. An SVG without them is `unsupported` (SVG_FILE).",
  messages: {
    en: (p) => `It is an SVG drawing with ${found.en(p)}, which a browser would run when it shows it.`,
    fr: (p) => `C'est un dessin SVG avec ${found.fr(p)}, qu'un navigateur exécuterait en l'affichant.`,
    nl: (p) => `Het is een SVG-tekening met ${found.nl(p)}, die een browser bij het weergeven zou uitvoeren.`,
    de: (p) => `Die Datei ist eine SVG-Zeichnung mit ${found.de(p)}, die ein Browser beim Anzeigen ausführen würde.`,
  },
});

export const XML_DOCTYPE = defineReason({
  kind: "malicious",
  params: none,
  description: "XML declaring a DOCTYPE or entities (in UTF-8 or UTF-16), as entity expansion attacks do (billion laughs, external entities); no e-invoice needs one.",
  messages: {
    en: () => "The XML declares a DOCTYPE or entities, as XML attacks do; e-invoices never need one.",
    fr: () => "Le XML déclare un DOCTYPE ou des entités, comme le font les attaques XML ; une facture électronique n'en a jamais besoin.",
    nl: () => "De XML declareert een DOCTYPE of entiteiten, zoals XML-aanvallen doen; e-facturen hebben die nooit nodig.",
    de: () => "Das XML deklariert einen DOCTYPE oder Entitäten, wie XML-Angriffe es tun; E-Rechnungen brauchen das nie.",
  },
});

const withName = z.object({ name });

export const NAME_BIDI_OVERRIDE = defineReason({
  kind: "malicious",
  params: withName,
  description: "A name with a right-to-left override or another bidirectional control (U+202E...), which makes `invoice\u202Efdp.exe` display as `invoiceexe.pdf`.",
  messages: {
    en: (p) => `Its name holds a right-to-left override or another direction mark, which makes a name display as something it is not: "${p.name}".`,
    fr: (p) => `Son nom contient un caractère d'inversion de sens d'écriture ou une autre marque de direction, qui fait paraître un nom pour ce qu'il n'est pas : « ${p.name} ».`,
    nl: (p) => `De naam bevat een rechts-naar-links-teken of een ander richtingsteken, waardoor een naam iets anders lijkt dan hij is: "${p.name}".`,
    de: (p) => `Der Name enthält ein Rechts-nach-links-Steuerzeichen oder eine andere Richtungsmarke, die einen Namen als etwas anderes erscheinen lässt: „${p.name}“.`,
  },
});

export const NAME_CONTROL_CHARACTERS = defineReason({
  kind: "malicious",
  params: withName,
  description: "A name with control characters (NUL, CR, LF...) or invisible ones (zero-width spaces), which cut names short in some programs and hide what a name says.",
  messages: {
    en: (p) => `Its name holds control or invisible characters, which no real file name needs: "${p.name}".`,
    fr: (p) => `Son nom contient des caractères de contrôle ou invisibles, dont aucun vrai nom de fichier n'a besoin : « ${p.name} ».`,
    nl: (p) => `De naam bevat stuur- of onzichtbare tekens, die geen echte bestandsnaam nodig heeft: "${p.name}".`,
    de: (p) => `Der Name enthält Steuer- oder unsichtbare Zeichen, die kein echter Dateiname braucht: „${p.name}“.`,
  },
});

export const NAME_PATH = defineReason({
  kind: "malicious",
  params: z.object({ name, how: z.enum(["folder", "absolute_in_archive", "climbs_out_of_archive"]) }),
  description:
    "An attachment name with a folder part (`../../x.pdf`, `C:\\x.pdf`, `a/b.pdf`), or an archive entry whose path leaves the archive (absolute, a drive, or `..`), as path traversal attacks do. Folders inside an archive are normal.",
  messages: {
    en: ({ name: n, how }) =>
      ({
        folder: `Its name, "${n}", holds a folder path, which a real attachment name never does.`,
        absolute_in_archive: `Its path in the archive, "${n}", is absolute, as archives that write outside their folder have.`,
        climbs_out_of_archive: `Its path in the archive, "${n}", climbs out of the archive's folder with "..".`,
      })[how],
    fr: ({ name: n, how }) =>
      ({
        folder: `Son nom, « ${n} », contient un chemin de dossier, ce que n'a jamais un vrai nom de pièce jointe.`,
        absolute_in_archive: `Son chemin dans l'archive, « ${n} », est absolu, comme dans les archives qui écrivent hors de leur dossier.`,
        climbs_out_of_archive: `Son chemin dans l'archive, « ${n} », sort du dossier de l'archive avec « .. ».`,
      })[how],
    nl: ({ name: n, how }) =>
      ({
        folder: `De naam, "${n}", bevat een mappad, wat een echte bijlagenaam nooit heeft.`,
        absolute_in_archive: `Het pad in het archief, "${n}", is absoluut, zoals bij archieven die buiten hun map schrijven.`,
        climbs_out_of_archive: `Het pad in het archief, "${n}", verlaat met ".." de map van het archief.`,
      })[how],
    de: ({ name: n, how }) =>
      ({
        folder: `Der Name „${n}“ enthält einen Ordnerpfad, was ein echter Anhangsname nie hat.`,
        absolute_in_archive: `Der Pfad im Archiv, „${n}“, ist absolut, wie bei Archiven, die außerhalb ihres Ordners schreiben.`,
        climbs_out_of_archive: `Der Pfad im Archiv, „${n}“, verlässt mit „..“ den Ordner des Archivs.`,
      })[how],
  },
});

export const DOUBLE_EXTENSION = defineReason({
  kind: "malicious",
  params: z.object({ name, document: z.string(), program: z.string() }),
  description: "A document's extension followed by a program's (`invoice.pdf.exe`, `scan.jpg   .scr`): a program dressed as a document.",
  messages: {
    en: (p) => `Its name, "${p.name}", poses as a .${p.document} document but ends in .${p.program}, which runs code when opened.`,
    fr: (p) => `Son nom, « ${p.name} », se fait passer pour un document .${p.document} mais se termine par .${p.program}, qui exécute du code à l'ouverture.`,
    nl: (p) => `De naam, "${p.name}", doet zich voor als een .${p.document}-document maar eindigt op .${p.program}, dat bij het openen code uitvoert.`,
    de: (p) => `Der Name „${p.name}“ gibt sich als .${p.document}-Dokument aus, endet aber auf .${p.program}, das beim Öffnen Code ausführt.`,
  },
});

export const EXECUTABLE_NAME = defineReason({
  kind: "malicious",
  params: z.object({ extension: z.string() }),
  description: "A name ending in the extension of a program, script, installer, shortcut or disk image (`.exe`, `.js`, `.vbs`, `.ps1`, `.bat`, `.cmd`, `.hta`, `.lnk`, `.jar`, `.msi`, `.iso`...), whatever the bytes are.",
  messages: {
    en: (p) => `Its name ends in .${p.extension}, a type that runs code when opened.`,
    fr: (p) => `Son nom se termine par .${p.extension}, un type qui exécute du code à l'ouverture.`,
    nl: (p) => `De naam eindigt op .${p.extension}, een type dat bij het openen code uitvoert.`,
    de: (p) => `Der Name endet auf .${p.extension}, ein Typ, der beim Öffnen Code ausführt.`,
  },
});

// ---- Containers that cannot be opened safely (split.ts decides them before any scan) ----

export const ARCHIVE_ENCRYPTED = defineReason({
  kind: "malicious",
  params: z.object({ entry: name }),
  description: "A ZIP with an encrypted (password-protected) entry: it cannot be scanned, and a password in the mail body is how malware passes filters.",
  messages: {
    en: (p) => `It is an encrypted archive, which cannot be scanned for viruses ("${p.entry}" is encrypted, so it cannot be scanned).`,
    fr: (p) => `C'est une archive chiffrée, qui ne peut pas être analysée à la recherche de virus (« ${p.entry} » est chiffré et ne peut donc pas être analysé).`,
    nl: (p) => `Het is een versleuteld archief, dat niet op virussen gescand kan worden ("${p.entry}" is versleuteld en kan dus niet worden gescand).`,
    de: (p) => `Die Datei ist ein verschlüsseltes Archiv, das nicht auf Viren geprüft werden kann („${p.entry}“ ist verschlüsselt und kann daher nicht geprüft werden).`,
  },
});

export const ARCHIVE_TOO_DEEP = defineReason({
  kind: "malicious",
  params: z.object({ max: z.number() }),
  description: "A ZIP nested in more ZIPs than the archive depth limit allows, as archive bombs are.",
  messages: {
    en: (p) => `It is an archive nested in more archives than an invoice archive ever is, as archive bombs are (more than ${p.max} archives deep).`,
    fr: (p) => `C'est une archive imbriquée dans plus d'archives qu'une archive de factures ne l'est jamais, comme les bombes d'archive (plus de ${p.max} niveaux d'archives).`,
    nl: (p) => `Het is een archief dat in meer archieven zit dan een archief met facturen ooit doet, zoals archiefbommen (meer dan ${p.max} archieven diep).`,
    de: (p) => `Die Datei ist ein Archiv, das tiefer in Archiven verschachtelt ist, als ein Rechnungsarchiv es je ist, wie Archivbomben (mehr als ${p.max} Archive tief).`,
  },
});

export const ARCHIVE_TOO_MANY_FILES = defineReason({
  kind: "malicious",
  params: z.discriminatedUnion("how", [z.object({ how: z.literal("entries"), entries: z.number(), max: z.number() }), z.object({ how: z.literal("zip64") })]),
  description: "A ZIP with more entries than the archive entry limit, or a ZIP64 archive (made for sizes no invoice archive has).",
  messages: {
    en: (p) => `It is an archive with too many files to be an invoice archive (${p.how === "zip64" ? "a ZIP64 archive, far larger than an invoice archive" : `${p.entries} entries; at most ${p.max} are opened`}).`,
    fr: (p) => `C'est une archive avec trop de fichiers pour être une archive de factures (${p.how === "zip64" ? "une archive ZIP64, bien plus grande qu'une archive de factures" : `${p.entries} fichiers ; au plus ${p.max} sont ouverts`}).`,
    nl: (p) => `Het is een archief met te veel bestanden voor een archief met facturen (${p.how === "zip64" ? "een ZIP64-archief, veel groter dan een archief met facturen" : `${p.entries} bestanden; er worden er hoogstens ${p.max} geopend`}).`,
    de: (p) => `Die Datei ist ein Archiv mit zu vielen Dateien für ein Rechnungsarchiv (${p.how === "zip64" ? "ein ZIP64-Archiv, weit größer als ein Rechnungsarchiv" : `${p.entries} Einträge; höchstens ${p.max} werden geöffnet`}).`,
  },
});

const bomb = z.discriminatedUnion("how", [
  z.object({ how: z.literal("size"), entry: name, bytes: z.number() }),
  z.object({ how: z.literal("ratio"), entry: name, ratio: z.number() }),
  z.object({ how: z.literal("inflates_past_declared"), entry: name }),
]);

export const ARCHIVE_BOMB = defineReason({
  kind: "malicious",
  params: bomb,
  description: "A ZIP entry that would expand past the entry size limit or the expansion ratio limit, as declared in the archive or while inflating.",
  messages: {
    en: (p) =>
      `It is an archive that expands far beyond its size, as archive bombs do (${p.how === "size" ? `"${p.entry}" would expand to ${p.bytes} bytes` : p.how === "ratio" ? `"${p.entry}" would expand ${p.ratio} times` : `"${p.entry}" expands beyond its declared size`}).`,
    fr: (p) =>
      `C'est une archive qui se décompresse bien au-delà de sa taille, comme les bombes d'archive (${p.how === "size" ? `« ${p.entry} » ferait ${p.bytes} octets` : p.how === "ratio" ? `« ${p.entry} » grandirait ${p.ratio} fois` : `« ${p.entry} » dépasse la taille qu'il déclare`}).`,
    nl: (p) =>
      `Het is een archief dat ver boven zijn grootte uitpakt, zoals archiefbommen doen (${p.how === "size" ? `"${p.entry}" zou ${p.bytes} bytes worden` : p.how === "ratio" ? `"${p.entry}" zou ${p.ratio} keer groter worden` : `"${p.entry}" wordt groter dan de opgegeven grootte`}).`,
    de: (p) =>
      `Die Datei ist ein Archiv, das sich weit über seine Größe hinaus entpackt, wie Archivbomben (${p.how === "size" ? `„${p.entry}“ würde ${p.bytes} Bytes groß` : p.how === "ratio" ? `„${p.entry}“ würde ${p.ratio}-mal größer` : `„${p.entry}“ wird größer als angegeben`}).`,
  },
});

const archiveDamage = z.discriminatedUnion("problem", [
  z.object({ problem: z.literal("no_directory") }),
  z.object({ problem: z.literal("broken_directory") }),
  z.object({ problem: z.literal("no_data"), entry: name }),
  z.object({ problem: z.literal("truncated"), entry: name }),
  z.object({ problem: z.literal("method"), entry: name, method: z.number() }),
  z.object({ problem: z.literal("does_not_decompress"), entry: name }),
]);
type ArchiveDamage = z.infer<typeof archiveDamage>;

const damage: Record<"en" | "fr" | "nl" | "de", (p: ArchiveDamage) => string> = {
  en: (p) => {
    switch (p.problem) {
      case "no_directory": return "no central directory";
      case "broken_directory": return "a broken central directory";
      case "no_data": return `no data for "${p.entry}"`;
      case "truncated": return `"${p.entry}" is truncated`;
      case "method": return `"${p.entry}" uses compression method ${p.method}, which cannot be opened`;
      case "does_not_decompress": return `"${p.entry}" does not decompress`;
    }
  },
  fr: (p) => {
    switch (p.problem) {
      case "no_directory": return "pas de répertoire central";
      case "broken_directory": return "un répertoire central endommagé";
      case "no_data": return `pas de données pour « ${p.entry} »`;
      case "truncated": return `« ${p.entry} » est tronqué`;
      case "method": return `« ${p.entry} » utilise la méthode de compression ${p.method}, qui ne peut pas être ouverte`;
      case "does_not_decompress": return `« ${p.entry} » ne se décompresse pas`;
    }
  },
  nl: (p) => {
    switch (p.problem) {
      case "no_directory": return "geen centrale map";
      case "broken_directory": return "een beschadigde centrale map";
      case "no_data": return `geen gegevens voor "${p.entry}"`;
      case "truncated": return `"${p.entry}" is afgekapt`;
      case "method": return `"${p.entry}" gebruikt compressiemethode ${p.method}, die niet geopend kan worden`;
      case "does_not_decompress": return `"${p.entry}" laat zich niet uitpakken`;
    }
  },
  de: (p) => {
    switch (p.problem) {
      case "no_directory": return "kein zentrales Verzeichnis";
      case "broken_directory": return "ein beschädigtes zentrales Verzeichnis";
      case "no_data": return `keine Daten für „${p.entry}“`;
      case "truncated": return `„${p.entry}“ ist abgeschnitten`;
      case "method": return `„${p.entry}“ verwendet die Komprimierungsmethode ${p.method}, die nicht geöffnet werden kann`;
      case "does_not_decompress": return `„${p.entry}“ lässt sich nicht entpacken`;
    }
  },
};

export const ARCHIVE_DAMAGED = defineReason({
  kind: "invalid",
  params: archiveDamage,
  description: "A ZIP whose directory or data cannot be read.",
  messages: {
    en: (p) => `It is a damaged archive that cannot be opened (${damage.en(p)}).`,
    fr: (p) => `C'est une archive endommagée qui ne peut pas être ouverte (${damage.fr(p)}).`,
    nl: (p) => `Het is een beschadigd archief dat niet geopend kan worden (${damage.nl(p)}).`,
    de: (p) => `Die Datei ist ein beschädigtes Archiv, das nicht geöffnet werden kann (${damage.de(p)}).`,
  },
});

export const CONTAINERS_TOO_DEEP = defineReason({
  kind: "malicious",
  params: z.object({ max: z.number() }),
  description: "Containers (forwarded mails, ZIPs, winmail.dat) nested deeper than the container depth limit.",
  messages: {
    en: (p) => `It is nested in more containers (mails, archives) than any real mail holds, as only an attack would be (more than ${p.max} deep).`,
    fr: (p) => `Il est imbriqué dans plus de conteneurs (e-mails, archives) qu'un vrai e-mail n'en contient, comme seule une attaque le ferait (plus de ${p.max} niveaux).`,
    nl: (p) => `Het zit in meer containers (e-mails, archieven) dan een echte e-mail bevat, zoals alleen een aanval doet (meer dan ${p.max} diep).`,
    de: (p) => `Die Datei steckt in mehr Containern (E-Mails, Archiven), als eine echte E-Mail enthält, wie es nur ein Angriff tut (mehr als ${p.max} tief).`,
  },
});

export const FORWARDS_TOO_DEEP = defineReason({
  kind: "unsupported",
  params: z.object({ max: z.number() }),
  description: "A mail forwarded as an attachment inside more forwarded mails than the forward depth limit.",
  messages: {
    en: (p) => `It is a mail forwarded more than ${p.max} times over; forward the original mail instead.`,
    fr: (p) => `C'est un e-mail transféré plus de ${p.max} fois de suite ; transférez plutôt l'e-mail d'origine.`,
    nl: (p) => `Het is een e-mail die meer dan ${p.max} keer na elkaar is doorgestuurd; stuur liever de oorspronkelijke e-mail door.`,
    de: (p) => `Die Datei ist eine mehr als ${p.max}-mal weitergeleitete E-Mail; leiten Sie stattdessen die ursprüngliche E-Mail weiter.`,
  },
});

export const EMAIL_UNREADABLE = defineReason({
  kind: "invalid",
  params: z.object({ detail }),
  description: "A forwarded mail (message/rfc822) that postal-mime cannot parse within its limits.",
  messages: {
    en: (p) => `The forwarded mail could not be read (${p.detail}).`,
    fr: (p) => `L'e-mail transféré n'a pas pu être lu (${p.detail}).`,
    nl: (p) => `De doorgestuurde e-mail kon niet worden gelezen (${p.detail}).`,
    de: (p) => `Die weitergeleitete E-Mail konnte nicht gelesen werden (${p.detail}).`,
  },
});

export const WINMAIL_UNREADABLE = defineReason({
  kind: "invalid",
  params: z.object({ problem: z.enum(["not_tnef", "truncated"]) }),
  description: "An Outlook winmail.dat (TNEF) that is not a TNEF stream after all, or is cut short before any attachment.",
  messages: {
    en: (p) => `The Outlook winmail.dat could not be read: ${p.problem === "not_tnef" ? "not a TNEF stream" : "the stream is truncated"}.`,
    fr: (p) => `Le winmail.dat d'Outlook n'a pas pu être lu : ${p.problem === "not_tnef" ? "ce n'est pas un flux TNEF" : "le flux est tronqué"}.`,
    nl: (p) => `De winmail.dat van Outlook kon niet worden gelezen: ${p.problem === "not_tnef" ? "het is geen TNEF-stroom" : "de stroom is afgekapt"}.`,
    de: (p) => `Die winmail.dat von Outlook konnte nicht gelesen werden: ${p.problem === "not_tnef" ? "kein TNEF-Datenstrom" : "der Datenstrom ist abgeschnitten"}.`,
  },
});

// ---- ClamAV ----

export const VIRUS_FOUND = defineReason({
  kind: "malicious",
  params: z.object({ signature: z.string() }),
  description: "ClamAV (when the operator configured it) found a signature; the item names it.",
  messages: {
    en: (p) => `ClamAV found ${p.signature} in it.`,
    fr: (p) => `ClamAV y a trouvé ${p.signature}.`,
    nl: (p) => `ClamAV vond er ${p.signature} in.`,
    de: (p) => `ClamAV hat darin ${p.signature} gefunden.`,
  },
});

export const CARRIED_FILE_REFUSED = defineReason({
  kind: "malicious",
  params: z.discriminatedUnion("problem", [
    z.object({ problem: z.literal("flagged"), name: name.nullable(), code: z.string(), signature: z.string().nullable() }),
    z.object({ problem: z.literal("unreadable"), detail }),
  ]),
  description:
    "An invoice (an e-invoice XML with base64 files in cbc:EmbeddedDocumentBinaryObject or ram:AttachmentBinaryObject, or a PDF with supporting documents embedded) that carries a file which a built-in rule or ClamAV calls malicious, or files that cannot be decoded and checked (bad base64, more or larger files than the limits). The invoice is not imported. It does not fire on clean carried files: those become appendices of the purchase invoice.",
  messages: {
    en: (p) =>
      p.problem === "flagged"
        ? `The invoice carries ${p.name === null ? "an unnamed file" : `"${p.name}"`}, which the ${p.code} check refuses${p.signature ? ` (${p.signature})` : ""}.`
        : `The invoice carries files that cannot be checked: ${p.detail}`,
    fr: (p) =>
      p.problem === "flagged"
        ? `La facture contient ${p.name === null ? "un fichier sans nom" : `« ${p.name} »`}, que le contrôle ${p.code} refuse${p.signature ? ` (${p.signature})` : ""}.`
        : `La facture contient des fichiers qui ne peuvent pas être vérifiés : ${p.detail}`,
    nl: (p) =>
      p.problem === "flagged"
        ? `De factuur bevat ${p.name === null ? "een naamloos bestand" : `"${p.name}"`}, dat de controle ${p.code} weigert${p.signature ? ` (${p.signature})` : ""}.`
        : `De factuur bevat bestanden die niet gecontroleerd kunnen worden: ${p.detail}`,
    de: (p) =>
      p.problem === "flagged"
        ? `Die Rechnung enthält ${p.name === null ? "eine unbenannte Datei" : `„${p.name}“`}, die die Prüfung ${p.code} ablehnt${p.signature ? ` (${p.signature})` : ""}.`
        : `Die Rechnung enthält Dateien, die nicht geprüft werden können: ${p.detail}`,
  },
});

export const SCAN_LIMIT_EXCEEDED = defineReason({
  kind: "scan_failed",
  params: z.object({ limit: z.string() }),
  description: "ClamAV did not scan the whole file because it is over one of clamd's limits (StreamMaxLength, MaxFileSize, MaxScanSize...): never called clean; it can be rescanned once the operator has raised the limit.",
  messages: {
    en: (p) => `ClamAV did not scan the whole file: it is over clamd's ${p.limit} limit, so it cannot be called clean and was not imported. Rescan it once the operator has raised the limit.`,
    fr: (p) => `ClamAV n'a pas analysé tout le fichier : il dépasse la limite ${p.limit} de clamd, il ne peut donc pas être déclaré sain et n'a pas été importé. Relancez l'analyse une fois que l'opérateur aura relevé la limite.`,
    nl: (p) => `ClamAV heeft niet het hele bestand gescand: het overschrijdt de limiet ${p.limit} van clamd, kan dus niet schoon worden genoemd en is niet geïmporteerd. Scan het opnieuw zodra de beheerder de limiet heeft verhoogd.`,
    de: (p) => `ClamAV hat nicht die ganze Datei geprüft: Sie überschreitet die Grenze ${p.limit} von clamd, kann also nicht als sauber gelten und wurde nicht importiert. Prüfen Sie sie erneut, sobald der Betreiber die Grenze angehoben hat.`,
  },
});

export const SCAN_FAILED = defineReason({
  kind: "scan_failed",
  params: none,
  description: "No scanner could give an answer after the scan queue's retries (clamd down for hours): never imported unscanned; rescan it from the inbox.",
  messages: {
    en: () => "The file could not be scanned after several attempts, so it was not imported. Rescan it from the inbox.",
    fr: () => "Le fichier n'a pas pu être analysé après plusieurs tentatives, il n'a donc pas été importé. Relancez l'analyse depuis la boîte de réception.",
    nl: () => "Het bestand kon na meerdere pogingen niet worden gescand en is dus niet geïmporteerd. Scan het opnieuw vanuit de inbox.",
    de: () => "Die Datei konnte nach mehreren Versuchen nicht geprüft werden und wurde daher nicht importiert. Prüfen Sie sie im Posteingang erneut.",
  },
});

// ---- Validity (invalid) ----

const pdfDamage = z.enum(["no_header", "cut_off", "no_xref", "xref_past_end"]);

export const PDF_DAMAGED = defineReason({
  kind: "invalid",
  params: z.object({ problem: pdfDamage }),
  description: "A PDF without its header, or cut off (no %%EOF marker, no startxref pointer, or one past the end of the file).",
  messages: {
    en: ({ problem }) =>
      `The PDF is damaged: ${{ no_header: "it has no PDF header", cut_off: "it is cut off: the end-of-file marker is missing", no_xref: "it has no cross-reference pointer", xref_past_end: "its cross-reference pointer points past the end of the file" }[problem]}.`,
    fr: ({ problem }) =>
      `Le PDF est endommagé : ${{ no_header: "il n'a pas d'en-tête PDF", cut_off: "il est tronqué : le marqueur de fin de fichier manque", no_xref: "il n'a pas de pointeur de références croisées", xref_past_end: "son pointeur de références croisées pointe au-delà de la fin du fichier" }[problem]}.`,
    nl: ({ problem }) =>
      `De PDF is beschadigd: ${{ no_header: "er is geen PDF-header", cut_off: "hij is afgekapt: de einde-bestandsmarkering ontbreekt", no_xref: "er is geen kruisverwijzingswijzer", xref_past_end: "de kruisverwijzingswijzer wijst voorbij het einde van het bestand" }[problem]}.`,
    de: ({ problem }) =>
      `Das PDF ist beschädigt: ${{ no_header: "es hat keinen PDF-Header", cut_off: "es ist abgeschnitten: die Dateiende-Markierung fehlt", no_xref: "es hat keinen Querverweis-Zeiger", xref_past_end: "sein Querverweis-Zeiger zeigt hinter das Dateiende" }[problem]}.`,
  },
});

const uncheckedParts = z.array(z.enum(["object_streams", "embedded_files", "xfa_forms"]));
type UncheckedParts = z.infer<typeof uncheckedParts>;

const parts: Record<"en" | "fr" | "nl" | "de", Record<UncheckedParts[number], string>> = {
  en: { object_streams: "its compressed object streams", embedded_files: "the files it embeds", xfa_forms: "its XFA form" },
  fr: { object_streams: "ses flux d'objets compressés", embedded_files: "les fichiers qu'il intègre", xfa_forms: "son formulaire XFA" },
  nl: { object_streams: "de gecomprimeerde objectstromen", embedded_files: "de ingesloten bestanden", xfa_forms: "het XFA-formulier" },
  de: { object_streams: "seine komprimierten Objektströme", embedded_files: "die eingebetteten Dateien", xfa_forms: "sein XFA-Formular" },
};

const joinParts = (language: keyof typeof parts, list: UncheckedParts, and: string) => list.map((part) => parts[language][part]).join(` ${and} `);

export const PDF_ENCRYPTED = defineReason({
  kind: "invalid",
  params: z.discriminatedUnion("how", [
    z.object({ how: z.literal("password") }),
    z.object({ how: z.literal("unknown_handler") }),
    z.object({ how: z.literal("unchecked"), unchecked: uncheckedParts }),
  ]),
  description:
    "A PDF that needs a password to open, one encrypted in a way the checks do not know (certificates, a product's own handler), or one whose encryption keeps compressed object streams, embedded files or an XFA form from the checks. A PDF with an owner password only (printing or copying restricted) opens without one and is imported.",
  messages: {
    en: (p) =>
      p.how === "password"
        ? "The PDF is protected by a password, so it can be neither read nor checked; ask the sender for an unprotected copy."
        : p.how === "unknown_handler"
          ? "The PDF is encrypted in a way the checks do not know (certificates, or a product's own), so it cannot be checked; ask the sender for an unprotected copy."
          : `The PDF is encrypted, which keeps ${joinParts("en", p.unchecked, "and")} from the checks; ask the sender for an unprotected copy.`,
    fr: (p) =>
      p.how === "password"
        ? "Le PDF est protégé par un mot de passe, il ne peut donc être ni lu ni vérifié ; demandez à l'expéditeur une copie non protégée."
        : p.how === "unknown_handler"
          ? "Le PDF est chiffré d'une manière que les contrôles ne connaissent pas (certificats, ou celle d'un produit), il ne peut donc pas être vérifié ; demandez à l'expéditeur une copie non protégée."
          : `Le PDF est chiffré, ce qui soustrait ${joinParts("fr", p.unchecked, "et")} aux contrôles ; demandez à l'expéditeur une copie non protégée.`,
    nl: (p) =>
      p.how === "password"
        ? "De PDF is met een wachtwoord beveiligd en kan dus gelezen noch gecontroleerd worden; vraag de afzender om een onbeveiligde kopie."
        : p.how === "unknown_handler"
          ? "De PDF is versleuteld op een manier die de controles niet kennen (certificaten, of die van een product), en kan dus niet worden gecontroleerd; vraag de afzender om een onbeveiligde kopie."
          : `De PDF is versleuteld, waardoor ${joinParts("nl", p.unchecked, "en")} aan de controles ontsnappen; vraag de afzender om een onbeveiligde kopie.`,
    de: (p) =>
      p.how === "password"
        ? "Das PDF ist mit einem Passwort geschützt und kann daher weder gelesen noch geprüft werden; bitten Sie den Absender um eine ungeschützte Kopie."
        : p.how === "unknown_handler"
          ? "Das PDF ist auf eine Weise verschlüsselt, die die Prüfungen nicht kennen (Zertifikate oder die eines Produkts), und kann daher nicht geprüft werden; bitten Sie den Absender um eine ungeschützte Kopie."
          : `Das PDF ist verschlüsselt, wodurch ${joinParts("de", p.unchecked, "und")} den Prüfungen entgehen; bitten Sie den Absender um eine ungeschützte Kopie.`,
  },
});

export const IMAGE_DAMAGED = defineReason({
  kind: "invalid",
  params: z.object({ type: z.string() }),
  description: "An image (PNG, JPEG, GIF, TIFF, WebP, BMP, HEIC, AVIF by its bytes) whose header does not decode: damaged, truncated, or only claiming to be an image.",
  messages: {
    en: (p) => `The ${p.type} image is damaged: its header does not decode.`,
    fr: (p) => `L'image ${p.type} est endommagée : son en-tête ne se décode pas.`,
    nl: (p) => `De ${p.type}-afbeelding is beschadigd: de header laat zich niet decoderen.`,
    de: (p) => `Das ${p.type}-Bild ist beschädigt: sein Header lässt sich nicht dekodieren.`,
  },
});

export const XML_MALFORMED = defineReason({
  kind: "invalid",
  params: z.object({ detail }),
  description: "XML that is not well-formed (the parser's words follow).",
  messages: {
    en: (p) => `The XML is not well-formed: ${p.detail}`,
    fr: (p) => `Le XML n'est pas bien formé : ${p.detail}`,
    nl: (p) => `De XML is niet welgevormd: ${p.detail}`,
    de: (p) => `Das XML ist nicht wohlgeformt: ${p.detail}`,
  },
});

export const XML_UNREADABLE = defineReason({
  kind: "invalid",
  params: z.object({ detail }),
  description: "XML beyond the reader's limits on size, depth or element count: a bomb or a file no invoice needs.",
  messages: {
    en: (p) => p.detail,
    fr: (p) => `Le XML ne peut pas être lu sans risque : ${p.detail}`,
    nl: (p) => `De XML kan niet veilig worden gelezen: ${p.detail}`,
    de: (p) => `Das XML kann nicht sicher gelesen werden: ${p.detail}`,
  },
});

// ---- Not imported because of what it is (unsupported) ----

/** "an Order-X order", "a UBL Order": an initialism starting with U is read "you". */
const anArticle = (description: string) => `${/^[AEIOU]/i.test(description) && !/^U[A-Z]/.test(description) ? "an" : "a"} ${description}`;

export const NOT_AN_INVOICE = defineReason({
  kind: "unsupported",
  params: z.object({ document: z.string(), attachment: name.nullable() }),
  description: "An order (Order-X, UBL Order, OrderResponse...), stand-alone or embedded in a PDF: it looks like an e-invoice and is not one, so it never becomes a purchase invoice or an appendix.",
  messages: {
    en: (p) => `${p.attachment === null ? `The XML is ${anArticle(p.document)}` : `The PDF embeds ${p.attachment}, ${anArticle(p.document)}`}, not an invoice. Orders are not imported as purchase invoices.`,
    fr: (p) => `${p.attachment === null ? `Le XML est un document ${p.document}` : `Le PDF intègre ${p.attachment}, un document ${p.document}`}, pas une facture. Les commandes ne sont pas importées comme factures d'achat.`,
    nl: (p) => `${p.attachment === null ? `De XML is een ${p.document}` : `De PDF sluit ${p.attachment} in, een ${p.document}`}, geen factuur. Bestellingen worden niet als aankoopfacturen geïmporteerd.`,
    de: (p) => `${p.attachment === null ? `Das XML ist ein Dokument vom Typ ${p.document}` : `Das PDF bettet ${p.attachment} ein, ein Dokument vom Typ ${p.document}`}, keine Rechnung. Bestellungen werden nicht als Eingangsrechnungen importiert.`,
  },
});

export const HTML_FILE = defineReason({
  kind: "unsupported",
  params: none,
  description: "A web page without active content: not an invoice document.",
  messages: {
    en: () => "It is a web page (HTML), not an invoice document.",
    fr: () => "C'est une page web (HTML), pas un document de facture.",
    nl: () => "Het is een webpagina (HTML), geen factuurdocument.",
    de: () => "Die Datei ist eine Webseite (HTML), kein Rechnungsdokument.",
  },
});

export const SVG_FILE = defineReason({
  kind: "unsupported",
  params: none,
  description: "An SVG drawing without active content: not imported as an invoice.",
  messages: {
    en: () => "It is an SVG drawing, which is not imported as an invoice.",
    fr: () => "C'est un dessin SVG, qui n'est pas importé comme facture.",
    nl: () => "Het is een SVG-tekening, die niet als factuur wordt geïmporteerd.",
    de: () => "Die Datei ist eine SVG-Zeichnung, die nicht als Rechnung importiert wird.",
  },
});

export const ARCHIVE_UNSUPPORTED = defineReason({
  kind: "unsupported",
  params: z.object({ type: z.string() }),
  description: "An archive other than ZIP (7z, RAR, gzip, tar, ISO...): only ZIP archives are opened.",
  messages: {
    en: (p) => `It is a ${p.type} archive; only ZIP archives are opened. Send the files themselves or a ZIP.`,
    fr: (p) => `C'est une archive ${p.type} ; seules les archives ZIP sont ouvertes. Envoyez les fichiers eux-mêmes ou un ZIP.`,
    nl: (p) => `Het is een ${p.type}-archief; alleen ZIP-archieven worden geopend. Stuur de bestanden zelf of een ZIP.`,
    de: (p) => `Die Datei ist ein ${p.type}-Archiv; nur ZIP-Archive werden geöffnet. Senden Sie die Dateien selbst oder ein ZIP.`,
  },
});

export const EMAIL_FILE = defineReason({
  kind: "unsupported",
  params: z.object({ how: z.enum(["outlook_msg", "unopened"]) }),
  description: "An Outlook .msg item (forward the mail itself, or as .eml), or a mail that could not be opened.",
  messages: {
    en: (p) => (p.how === "outlook_msg" ? "It is an Outlook .msg item; forward the mail itself, or as an attachment in .eml form." : "It is a mail that could not be opened."),
    fr: (p) => (p.how === "outlook_msg" ? "C'est un élément Outlook .msg ; transférez l'e-mail lui-même, ou en pièce jointe au format .eml." : "C'est un e-mail qui n'a pas pu être ouvert."),
    nl: (p) => (p.how === "outlook_msg" ? "Het is een Outlook .msg-item; stuur de e-mail zelf door, of als bijlage in .eml-vorm." : "Het is een e-mail die niet geopend kon worden."),
    de: (p) => (p.how === "outlook_msg" ? "Die Datei ist ein Outlook-.msg-Element; leiten Sie die E-Mail selbst weiter oder als Anhang im .eml-Format." : "Die Datei ist eine E-Mail, die nicht geöffnet werden konnte."),
  },
});

export const UNKNOWN_TYPE = defineReason({
  kind: "unsupported",
  params: z.object({ type: z.string().nullable(), mime: z.string().nullable() }),
  description: "Any other type (by its bytes): invoices are imported from PDF, image and e-invoice XML files.",
  messages: {
    en: (p) => `Its type (${p.type === null ? "unknown binary data" : `${p.type}, ${p.mime}`}) cannot be imported; invoices are imported from PDF, image and e-invoice XML files.`,
    fr: (p) => `Son type (${p.type === null ? "données binaires inconnues" : `${p.type}, ${p.mime}`}) ne peut pas être importé ; les factures sont importées depuis des fichiers PDF, image et XML de facture électronique.`,
    nl: (p) => `Het type (${p.type === null ? "onbekende binaire gegevens" : `${p.type}, ${p.mime}`}) kan niet worden geïmporteerd; facturen worden geïmporteerd uit PDF-, afbeeldings- en e-factuur-XML-bestanden.`,
    de: (p) => `Ihr Typ (${p.type === null ? "unbekannte Binärdaten" : `${p.type}, ${p.mime}`}) kann nicht importiert werden; Rechnungen werden aus PDF-, Bild- und E-Rechnungs-XML-Dateien importiert.`,
  },
});

// ---- Appendix-only files ----

export const XML_NOT_AN_INVOICE = defineReason({
  kind: "unsupported",
  params: z.object({ root: z.string() }),
  description: "XML that is no invoice (a delivery note, a timesheet): it can accompany an invoice as an appendix, like an office file.",
  messages: {
    en: (p) => `The XML is not an invoice: its root element is ${p.root}.`,
    fr: (p) => `Le XML n'est pas une facture : son élément racine est ${p.root}.`,
    nl: (p) => `De XML is geen factuur: het root-element is ${p.root}.`,
    de: (p) => `Das XML ist keine Rechnung: sein Wurzelelement ist ${p.root}.`,
  },
});

export const NO_INVOICE_WITH_APPENDIX = defineReason({
  kind: "unsupported",
  params: z.object({ name, note: reasonRef.nullable() }),
  description: "An office, text or other XML file in a mail without an invoice: such files are imported only as appendices of an invoice of the same mail.",
  messages: {
    en: (p, f: Format) => `"${p.name}" arrived without an invoice.${p.note ? ` ${f.reason(p.note)}` : ""} Office, text and other XML files are imported only as appendices of an invoice in the same mail.`,
    fr: (p, f: Format) => `« ${p.name} » est arrivé sans facture.${p.note ? ` ${f.reason(p.note)}` : ""} Les fichiers Office, texte et autres XML ne sont importés que comme annexes d'une facture du même e-mail.`,
    nl: (p, f: Format) => `"${p.name}" kwam zonder factuur.${p.note ? ` ${f.reason(p.note)}` : ""} Office-, tekst- en andere XML-bestanden worden alleen geïmporteerd als bijlage bij een factuur in dezelfde e-mail.`,
    de: (p, f: Format) => `„${p.name}“ kam ohne Rechnung.${p.note ? ` ${f.reason(p.note)}` : ""} Office-, Text- und andere XML-Dateien werden nur als Anlagen einer Rechnung derselben E-Mail importiert.`,
  },
});

// ---- Left out without an inbox item (ignored) ----

export const IMAGE_TOO_SMALL = defineReason({
  kind: "ignored",
  params: z.object({ width: z.number(), height: z.number() }),
  description: "An image smaller than the document image size in both dimensions: a logo, an icon, a tracking pixel.",
  messages: {
    en: (p) => `The image is ${p.width}×${p.height} pixels, too small to be an invoice (a logo or an icon).`,
    fr: (p) => `L'image fait ${p.width}×${p.height} pixels, trop petite pour être une facture (un logo ou une icône).`,
    nl: (p) => `De afbeelding is ${p.width}×${p.height} pixels, te klein voor een factuur (een logo of een pictogram).`,
    de: (p) => `Das Bild ist ${p.width}×${p.height} Pixel groß, zu klein für eine Rechnung (ein Logo oder ein Symbol).`,
  },
});
