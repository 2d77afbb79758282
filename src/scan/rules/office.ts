import { zipEntryNames } from "../../formats/zip.ts";
import { startsWith } from "../../bytes.ts";
import { OLE_SIGNATURE, oleHasMacros, readOleDirectory } from "../../formats/ole.ts";
import type { ReasonParams } from "../../reasons/catalogue.ts";
import { rule } from "./types.ts";

/** Where ODF (LibreOffice, OpenOffice) keeps Basic modules and scripts; a library's index alone is no code. */
const ODF_CODE = /^(Basic\/[^/]+\/(?!script-lb\.xml$)[^/]+\.xml|Scripts\/.+)$/;

export const officeMacro = rule("OFFICE_MACRO", ({ bytes, detected }): ReasonParams<"OFFICE_MACRO"> | null => {
  const type = detected.ext.toUpperCase();
  if (startsWith(bytes, OLE_SIGNATURE)) {
    const directory = readOleDirectory(bytes);
    return directory && oleHasMacros(directory) ? { type, how: "vba_storage" } : null;
  }
  if (detected.family !== "office") return null;
  // file-type names the macro-enabled OOXML types by their content type: docm, xlsm, pptm, dotm, xltm, potm, ppsm, xlam, ppam.
  if (/m$/.test(detected.ext)) return { type, how: "macro_enabled_type" };
  const names = zipEntryNames(bytes);
  if (!names) return null;
  if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) return { type, how: "vba_project" };
  if (names.some((n) => ODF_CODE.test(n))) return { type, how: "odf_code" };
  return null;
});
