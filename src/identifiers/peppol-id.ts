import { belgianNumberProblem } from "./belgian-number.ts";
import { abnValid, gs1Valid, ibanValid, luhnValid, mod11Valid, mod97Valid } from "./check-digits.ts";
import { checkVatNumber, stripSeparators, vatPrefixCheckable, vatPrefixOf, type Checked } from "./vat-number.ts";

/**
 * Peppol participant identifiers, `scheme:identifier`, where the scheme is an
 * ISO 6523 ICD code from Peppol's code list "Participant identifier schemes"
 * (v9.7). The identifier is checked where its scheme publishes a format or
 * check digits, so a typo is caught before an invoice is routed to nobody.
 */

/** Peppol's identifier policy (4.4): at most 130 characters after `scheme:`. */
const MAX_IDENTIFIER_LENGTH = 130;

interface Scheme {
  /** What people call the identifier, for messages. */
  name: string;
  /** The shape after normalisation; when absent any identifier of printable characters is taken. */
  pattern?: RegExp;
  /** The check digits, where the scheme has them. */
  valid?: (identifier: string) => boolean;
  /** For the VAT schemes (99xx): the country whose VAT numbers they hold. */
  vatCountry?: string;
}

const vat = (country: string, countryName: string): Scheme => ({ name: `${countryName} VAT number`, vatCountry: country });

const schemes: Record<string, Scheme> = {
  "0002": { name: "French SIREN/SIRET number", pattern: /^\d{9}(\d{5})?$/, valid: (id) => luhnValid(id.slice(0, 9)) },
  "0007": { name: "Swedish organisation number", pattern: /^\d{10}$/, valid: luhnValid },
  "0009": { name: "French SIRET number", pattern: /^\d{14}$/ },
  "0060": { name: "D-U-N-S number", pattern: /^\d{9}$/ },
  "0088": { name: "GLN", pattern: /^\d{13}$/, valid: gs1Valid },
  "0096": { name: "Danish P-number", pattern: /^\d{10}$/ },
  "0097": { name: "FTI number", pattern: /^\d{11,16}$/ },
  "0106": { name: "Dutch KvK number", pattern: /^\d{8}(\d{9})?$/ },
  "0130": { name: "European Commission directorate code" },
  "0135": { name: "SIA object identifier" },
  "0142": { name: "SECETI object identifier" },
  "0151": { name: "Australian Business Number", pattern: /^\d{11}$/, valid: abnValid },
  "0158": { name: "Slovak ICO", pattern: /^\d{8}$/ },
  "0183": { name: "Swiss UID", pattern: /^CHE\d{9}$/, valid: (id) => mod11Valid(id.slice(3), [5, 4, 3, 2, 7, 6, 5, 4]) },
  "0184": { name: "Danish CVR number", pattern: /^[1-9]\d{7}$/ },
  "0188": { name: "Japanese corporate number" },
  "0190": { name: "Dutch OIN", pattern: /^\d{20}$/ },
  "0191": { name: "Estonian company code", pattern: /^[1789]\d{7}$/ },
  "0192": { name: "Norwegian organisation number", pattern: /^\d{9}$/, valid: (id) => mod11Valid(id, [3, 2, 7, 6, 5, 4, 3, 2]) },
  "0193": { name: "UBL.BE party identifier", pattern: /^.{4,50}$/ },
  "0195": { name: "Singapore UEN" },
  "0196": { name: "Icelandic kennitala", pattern: /^\d{10}$/ },
  "0198": { name: "Danish SE number", pattern: /^DK\d{8}$/ },
  "0199": { name: "LEI", pattern: /^[A-Z0-9]{18}\d{2}$/, valid: mod97Valid },
  "0200": { name: "Lithuanian legal entity code", pattern: /^\d{9}$/ },
  "0201": { name: "Italian IPA office code", pattern: /^[0-9A-Z]{6}$/ },
  "0204": { name: "Leitweg-ID", pattern: /^\d{2,12}(-[0-9A-Z]{0,30})?-\d{2}$/ },
  "0205": { name: "Italian CODDEST" },
  "0208": { name: "Belgian enterprise number", pattern: /^[01]\d{9}$/, valid: (id) => belgianNumberProblem(id) === null },
  "0209": { name: "GS1 identification key" },
  "0210": { name: "Italian codice fiscale", pattern: /^[A-Z0-9]{11,16}$/ },
  "0211": { name: "Italian partita IVA", pattern: /^IT\d{11}$/, valid: (id) => luhnValid(id.slice(2)) },
  "0216": { name: "Finnish OVT code", pattern: /^[A-Z0-9]+$/ },
  "0218": { name: "Latvian registration number", pattern: /^\d{9}(\d{2})?$/ },
  "0221": { name: "Japanese qualified invoice issuer number" },
  "0225": { name: "French CTC electronic address", pattern: /^[A-Za-z0-9_-]{1,130}$/ },
  "0230": { name: "Malaysian e-invoicing identifier" },
  "0235": { name: "UAE tax identification number", pattern: /^1\d{9}$/ },
  "0240": { name: "Luxembourg register number", pattern: /^\d{11}$/ },
  "0242": { name: "Peppol service provider id", pattern: /^\d{6}(-[0-9A-Z_]{3,12}(\.[0-9A-Z._~-]{3,24})?)?$/ },
  "0244": { name: "Nigerian tax id", pattern: /^\d{13}$/ },
  "0245": { name: "Slovak DIC", pattern: /^\d{10}$/ },
  "0246": { name: "German electronic business address", pattern: /^DE\d{9}(-\d{5})?(\.[0-9A-Z]{1,8})?$/ },
  "0248": { name: "Omani VAT number", pattern: /^OM\d{10}$/ },
  "9909": vat("NO", "Norwegian"),
  "9910": vat("HU", "Hungarian"),
  "9913": { name: "Business Registers Network id" },
  "9914": vat("AT", "Austrian"),
  "9915": { name: "Austrian government code", pattern: /^[A-Z][A-Z0-9]*$/ },
  "9918": { name: "IBAN", pattern: /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/, valid: ibanValid },
  "9919": { name: "Austrian company register number" },
  "9920": vat("ES", "Spanish"),
  "9922": vat("AD", "Andorran"),
  "9923": vat("AL", "Albanian"),
  "9924": vat("BA", "Bosnian"),
  "9925": vat("BE", "Belgian"),
  "9926": vat("BG", "Bulgarian"),
  "9927": vat("CH", "Swiss"),
  "9928": vat("CY", "Cypriot"),
  "9929": vat("CZ", "Czech"),
  "9930": vat("DE", "German"),
  "9931": vat("EE", "Estonian"),
  "9932": vat("GB", "United Kingdom"),
  "9933": vat("GR", "Greek"),
  "9934": vat("HR", "Croatian"),
  "9935": vat("IE", "Irish"),
  "9936": vat("LI", "Liechtenstein"),
  "9937": vat("LT", "Lithuanian"),
  "9938": vat("LU", "Luxembourg"),
  "9939": vat("LV", "Latvian"),
  "9940": vat("MC", "Monegasque"),
  "9941": vat("ME", "Montenegrin"),
  "9942": vat("MK", "North Macedonian"),
  "9943": vat("MT", "Maltese"),
  "9944": vat("NL", "Dutch"),
  "9945": vat("PL", "Polish"),
  "9946": vat("PT", "Portuguese"),
  "9947": vat("RO", "Romanian"),
  "9948": vat("RS", "Serbian"),
  "9949": vat("SI", "Slovenian"),
  "9950": vat("SK", "Slovak"),
  "9951": vat("SM", "San Marino"),
  "9952": vat("TR", "Turkish"),
  "9953": vat("VA", "Vatican"),
  "9957": vat("FR", "French"),
  "9959": { name: "US Employer Identification Number", pattern: /^\d{9}$/ },
};

/** Schemes Peppol has removed from its code list: ids under them no longer route. */
const removedSchemes = new Set(["0037", "0212", "0213", "0215", "9901", "9902", "9904", "9905", "9906", "9907", "9908", "9912", "9916", "9917", "9921", "9954", "9955", "9956", "9958"]);

/** The part a document's or a person's typing adds around an id: `iso6523-actorid-upis::` and blanks. */
const ACTOR_ID_PREFIX = /^iso6523-actorid-upis::/i;

function checkVatIdentifier(identifier: string, scheme: Scheme, country: string): Checked {
  const prefix = vatPrefixOf(country);
  const compact = stripSeparators(identifier);
  // Identifiers are written with or without the country prefix; the normal form has it.
  const withPrefix = compact.startsWith(prefix) ? compact : compact.startsWith(country) ? prefix + compact.slice(country.length) : prefix + compact;
  if (!vatPrefixCheckable(prefix)) {
    return /^[A-Z]{2}[A-Z0-9]{2,20}$/.test(withPrefix)
      ? { ok: true, value: withPrefix }
      : { ok: false, message: `it should be a ${scheme.name} such as ${prefix}123456789` };
  }
  const checked = checkVatNumber(withPrefix, country);
  if (!checked.ok) return { ok: false, message: checked.message.replace(/\.$/, "") };
  if (!checked.value.startsWith(prefix)) return { ok: false, message: `it should be a ${scheme.name}, starting with ${prefix}` };
  return checked;
}

/**
 * Checks and normalises a participant id (`0208:0123.456.749` ->
 * `0208:0123456749`); the message says what is wrong in words a person can act on.
 */
export function checkPeppolId(raw: string): Checked {
  const text = raw.trim().replace(ACTOR_ID_PREFIX, "");
  const match = /^(\d{4}):(.+)$/.exec(text);
  if (!match) {
    return { ok: false, message: `${raw.trim()} is not a Peppol participant id: write it as scheme:identifier, e.g. 0208:0123456749.` };
  }
  const [, code, rest] = match as unknown as [string, string, string];
  const scheme = schemes[code];
  if (!scheme) {
    const why = removedSchemes.has(code) ? "Peppol no longer uses that scheme" : "that is not a scheme of Peppol's code list";
    return { ok: false, message: `${code} is not a usable Peppol identifier scheme: ${why}. Common ones are 0208 (Belgian enterprise number), 9925 (Belgian VAT), 0088 (GLN), 0106 (Dutch KvK), 9930 (German VAT).` };
  }
  const identifier = rest.trim();
  const invalid = (why: string): Checked => ({ ok: false, message: `${code}:${identifier} is not a valid Peppol participant id: ${why}.` });
  if (identifier.length > MAX_IDENTIFIER_LENGTH) return invalid(`the identifier after ${code}: may have at most ${MAX_IDENTIFIER_LENGTH} characters`);
  if (scheme.vatCountry) {
    const checked = checkVatIdentifier(identifier, scheme, scheme.vatCountry);
    return checked.ok ? { ok: true, value: `${code}:${checked.value}` } : invalid(checked.message);
  }
  if (!scheme.pattern) {
    return /^[\x21-\x7e]+$/.test(identifier) ? { ok: true, value: `${code}:${identifier}` } : invalid("it may only hold printable characters, without spaces");
  }
  // Numbers are often typed with the separators they are printed with (`0123.456.749`, `51 824 753 556`).
  const value = scheme.pattern.test(identifier) ? identifier : stripSeparators(identifier);
  if (!scheme.pattern.test(value)) return invalid(`it does not have the format of a ${scheme.name}`);
  if (scheme.valid && !scheme.valid(value)) return invalid(`the check digits of the ${scheme.name} do not match`);
  return { ok: true, value: `${code}:${value}` };
}
