import { BIDI_CONTROLS, CONTROL_CHARACTERS, stripUnsafeCharacters, visibleName } from "../../formats/file-names.ts";
import type { ReasonParams } from "../../reasons/catalogue.ts";
import { rule } from "./types.ts";

/**
 * Extensions of files that run code, install software or mount a disk when
 * opened, on Windows, macOS, Linux or Android. Scripts are plain text, so
 * for them the name is the only sign of what the system will do.
 */
export const EXECUTABLE_EXTENSIONS = new Set([
  // Windows programs, libraries, installers and control panel items
  "exe", "com", "scr", "pif", "cpl", "dll", "sys", "ocx", "drv", "xll", "msi", "msp", "mst", "msix", "msixbundle", "appx", "appxbundle", "appinstaller", "application", "gadget",
  // Windows scripts and script hosts
  "bat", "cmd", "ps1", "psm1", "psd1", "ps1xml", "psc1", "vbs", "vbe", "vb", "js", "jse", "wsf", "wsh", "ws", "wsc", "sct", "hta", "msh", "msh1", "msh2", "mshxml",
  // Windows shortcuts, settings and files that point elsewhere or run what they point to
  "lnk", "url", "website", "reg", "scf", "inf", "settingcontent-ms", "library-ms", "searchconnector-ms", "diagcab", "chm", "hlp", "iqy", "slk", "one", "onepkg",
  // Office databases and add-ins that carry macros by design
  "mdb", "mde", "accde", "ade", "adp", "xla", "ppa",
  // Disk images, which mount and bypass the mark of the web
  "iso", "img", "vhd", "vhdx", "dmg",
  // Java, Android, macOS, Linux
  "jar", "jnlp", "class", "apk", "aab", "dex", "app", "pkg", "command", "tool", "sh", "bash", "zsh", "csh", "ksh", "run", "deb", "rpm", "appimage", "desktop",
]);

/** Extensions of the documents an invoice mail carries, which a disguised program pretends to be. */
const DOCUMENT_EXTENSIONS = new Set([
  "pdf", "xml", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt", "csv",
  "jpg", "jpeg", "png", "gif", "tif", "tiff", "bmp", "heic", "webp", "zip", "htm", "html", "eml", "msg",
]);

/**
 * The name as the system reads it: Windows ignores trailing dots and spaces
 * (`invoice.exe.` runs as `invoice.exe`), and the invisible characters the
 * other rules report say nothing about the type.
 */
function effectiveName(original: string): string {
  return stripUnsafeCharacters(original).replace(/[\s.]+$/, "");
}

function extensions(original: string): string[] {
  const parts = effectiveName(original).toLowerCase().split(".");
  return parts.length > 1 ? parts.slice(1).map((p) => p.trim()) : [];
}

export const bidiName = rule("NAME_BIDI_OVERRIDE", ({ originalName }) => (originalName.search(BIDI_CONTROLS) === -1 ? null : { name: visibleName(originalName) }));

export const controlName = rule("NAME_CONTROL_CHARACTERS", ({ originalName }) =>
  originalName.search(CONTROL_CHARACTERS) === -1 ? null : { name: visibleName(originalName) },
);

export const pathName = rule("NAME_PATH", ({ originalName, source }): ReasonParams<"NAME_PATH"> | null => {
  const name = visibleName(originalName);
  if (source === "archive") {
    // Folders inside an archive are normal; a path that climbs out of it or starts at a root is not.
    if (/^[\\/]|^[a-z]:/i.test(originalName)) return { name, how: "absolute_in_archive" };
    if (/(^|[\\/])\.\.([\\/]|$)/.test(originalName)) return { name, how: "climbs_out_of_archive" };
    return null;
  }
  return /[\\/]/.test(originalName) ? { name, how: "folder" } : null;
});

export const doubleExtension = rule("DOUBLE_EXTENSION", ({ originalName }) => {
  const exts = extensions(originalName);
  const program = exts.at(-1);
  const document = exts.at(-2);
  if (!program || !document || !EXECUTABLE_EXTENSIONS.has(program) || !DOCUMENT_EXTENSIONS.has(document)) return null;
  return { name: visibleName(originalName), document, program };
});

export const executableName = rule("EXECUTABLE_NAME", ({ originalName }) => {
  const extension = extensions(originalName).at(-1);
  return extension && EXECUTABLE_EXTENSIONS.has(extension) ? { extension } : null;
});
