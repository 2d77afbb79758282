import type { DocumentFormat, Verdict } from "../db/schema/index.ts";
import { MIN_DOCUMENT_IMAGE_PIXELS } from "../limits.ts";
import { imageHeader } from "./images.ts";
import { readOleDirectory, oleHasMacros } from "./ole.ts";
import { checkPdfStructure } from "./pdf.ts";
import { sniff, type Detected } from "./sniff.ts";
import { checkXml } from "./xml.ts";

export interface Decision {
  verdict: Verdict;
  detectedType: string;
  reasonCode: string | null;
  reason: string | null;
  format: DocumentFormat | null;
  scanner: string | null;
  signature: string | null;
}

/** The built-in rules, named in inbox items as the scanner that fired. */
export const BUILT_IN = "built-in rules";

/**
 * Extensions of files that run code when opened. A file named so is never
 * imported, whatever its bytes look like: scripts are plain text, so the
 * name is the only sign of what Windows will do with them.
 */
const EXECUTABLE_NAME = /\.(exe|com|scr|pif|cpl|msi|msp|mst|dll|sys|ocx|bat|cmd|ps1|psm1|vbs|vbe|js|jse|wsf|wsh|hta|lnk|jar|reg|scf|inf|sh|app|apk|appimage|iso|img|vhd|vhdx)$/i;

const EINVOICE_ROOTS: Record<string, DocumentFormat> = {
  "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2 Invoice": "ubl",
  "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2 CreditNote": "ubl",
  "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100 CrossIndustryInvoice": "cii",
  "urn:ferd:CrossIndustryDocument:invoice:1p0 CrossIndustryDocument": "zugferd",
};

/**
 * Decides, from the bytes, what a file is and whether it may be imported:
 * executables and scripts never, damaged files are `invalid`, types we do
 * not import `unsupported`, documents (PDF, image, e-invoice XML) import,
 * and office/text files can accompany an invoice.
 */
export async function decide(bytes: Uint8Array, originalName: string): Promise<Decision> {
  const detected = await sniff(bytes);
  const decision = (verdict: Verdict, reasonCode: string | null, reason: string | null, extra: Partial<Decision> = {}): Decision => ({
    verdict,
    detectedType: detected.mime,
    reasonCode,
    reason,
    format: null,
    scanner: verdict === "malicious" ? BUILT_IN : null,
    signature: null,
    ...extra,
  });

  if (detected.family === "executable") return decision("malicious", "EXECUTABLE", `It is a program (${describe(detected)}), which is never imported.`);
  if (detected.family === "script") return decision("malicious", "SCRIPT", "It is a script, which is never imported.");
  if (EXECUTABLE_NAME.test(originalName.trim())) {
    return decision("malicious", "EXECUTABLE_NAME", `Its name ends in ${/\.[^.]+$/.exec(originalName.trim())?.[0]}, a type that runs code when opened.`);
  }

  switch (detected.family) {
    case "pdf": {
      const structure = checkPdfStructure(bytes);
      if (!structure.ok) return decision("invalid", "PDF_DAMAGED", `The PDF is damaged: ${structure.problem}.`);
      return decision("document", null, null, { format: "pdf" });
    }
    case "image": {
      const header = imageHeader(detected.ext, bytes);
      if (!header) return decision("invalid", "IMAGE_DAMAGED", `The ${detected.ext.toUpperCase()} image is damaged: its header does not decode.`);
      if (header.width < MIN_DOCUMENT_IMAGE_PIXELS && header.height < MIN_DOCUMENT_IMAGE_PIXELS) {
        return decision("ignored", "IMAGE_TOO_SMALL", `The image is ${header.width}×${header.height} pixels, too small to be an invoice (a logo or an icon).`);
      }
      return decision("document", null, null, { format: "image" });
    }
    case "xml": {
      const check = checkXml(new TextDecoder().decode(bytes));
      if (!check.ok) {
        return check.code === "XML_DOCTYPE"
          ? decision("malicious", "XML_DOCTYPE", "The XML declares a DOCTYPE or entities, as XML attacks do; e-invoices never need one.")
          : decision("invalid", "XML_MALFORMED", `The XML is not well-formed: ${check.problem}.`);
      }
      const format = EINVOICE_ROOTS[`${check.root.namespace} ${check.root.localName}`];
      return format ? decision("document", null, null, { format }) : decision("companion", null, null);
    }
    case "office": {
      if (/m$/.test(detected.ext) || (detected.ole && hasOleMacros(bytes))) {
        return decision("malicious", "OFFICE_MACRO", `It is a ${detected.ext.toUpperCase()} file with macros, which can run code when opened.`);
      }
      return decision("companion", null, null);
    }
    case "text":
      return decision("companion", null, null);
    case "html":
      return decision("unsupported", "HTML_FILE", "It is a web page (HTML), not an invoice document.");
    case "svg":
      return decision("unsupported", "SVG_FILE", "It is an SVG drawing, which is not imported as an invoice.");
    case "archive":
      return decision("unsupported", "ARCHIVE_UNSUPPORTED", `It is a ${detected.ext.toUpperCase()} archive; only ZIP archives are opened. Send the files themselves or a ZIP.`);
    case "email":
      return decision("unsupported", "EMAIL_FILE", detected.ext === "msg" ? "It is an Outlook .msg item; forward the mail itself, or as an attachment in .eml form." : "It is a mail that could not be opened.");
    default:
      return decision("unsupported", "UNKNOWN_TYPE", `Its type (${describe(detected)}) cannot be imported; invoices are imported from PDF, image and e-invoice XML files.`);
  }
}

function hasOleMacros(bytes: Uint8Array): boolean {
  const directory = readOleDirectory(bytes);
  return directory !== null && oleHasMacros(directory);
}

function describe(detected: Detected): string {
  return detected.ext === "bin" ? "unknown binary data" : `${detected.ext.toUpperCase()}, ${detected.mime}`;
}
