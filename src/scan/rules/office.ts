import { zipEntryNames } from "../../formats/zip.ts";
import { startsWith } from "../../bytes.ts";
import { OLE_SIGNATURE, oleHasMacros, readOleDirectory } from "../../formats/ole.ts";
import type { Rule } from "./types.ts";

/** Where ODF (LibreOffice, OpenOffice) keeps Basic modules and scripts; a library's index alone is no code. */
const ODF_CODE = /^(Basic\/[^/]+\/(?!script-lb\.xml$)[^/]+\.xml|Scripts\/.+)$/;

export const officeMacro: Rule = {
  code: "OFFICE_MACRO",
  description:
    "An Office document with macros: a VBA project in an OOXML package (`vbaProject.bin` in any part, whatever the content type says), a macro-enabled type (.docm, .xlsm, .pptm...), a VBA storage in an OLE file (.doc, .xls, .ppt, .msg, or any other), or Basic modules and scripts in an ODF document.",
  check({ bytes, detected }) {
    const kind = detected.ext.toUpperCase();
    if (startsWith(bytes, OLE_SIGNATURE)) {
      const directory = readOleDirectory(bytes);
      return directory && oleHasMacros(directory) ? `It is ${article(kind)} ${kind} file with VBA macros, which can run code when opened.` : null;
    }
    if (detected.family !== "office") return null;
    // file-type names the macro-enabled OOXML types by their content type: docm, xlsm, pptm, dotm, xltm, potm, ppsm, xlam, ppam.
    if (/m$/.test(detected.ext)) return `It is a macro-enabled ${kind} file, which can run code when opened.`;
    const names = zipEntryNames(bytes);
    if (!names) return null;
    if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) {
      return `It is ${article(kind)} ${kind} file carrying a VBA project (vbaProject.bin), which can run code when opened.`;
    }
    if (names.some((n) => ODF_CODE.test(n))) return `It is ${article(kind)} ${kind} file with Basic macros or scripts, which can run code when opened.`;
    return null;
  },
};

function article(word: string): string {
  return /^[AEFHILMNORSX]/.test(word) ? "an" : "a";
}
