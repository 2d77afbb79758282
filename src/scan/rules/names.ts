import { BIDI_CONTROLS, CONTROL_CHARACTERS, stripUnsafeCharacters, visibleName } from "../../formats/file-names.ts";
import type { Rule } from "./types.ts";

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

export const bidiName: Rule = {
  code: "NAME_BIDI_OVERRIDE",
  description: "A name with a right-to-left override or another bidirectional control, which makes `invoice‮fdp.exe` display as `invoiceexe.pdf`.",
  check: ({ originalName }) =>
    originalName.search(BIDI_CONTROLS) === -1
      ? null
      : `Its name holds a right-to-left override or another direction mark, which makes a name display as something it is not: "${visibleName(originalName)}".`,
};

export const controlName: Rule = {
  code: "NAME_CONTROL_CHARACTERS",
  description: "A name with control characters (NUL, CR, LF...) or invisible ones (zero-width spaces), which cut names short in some programs and hide what a name says.",
  check: ({ originalName }) =>
    originalName.search(CONTROL_CHARACTERS) === -1
      ? null
      : `Its name holds control or invisible characters, which no real file name needs: "${visibleName(originalName)}".`,
};

export const pathName: Rule = {
  code: "NAME_PATH",
  description:
    "An attachment name with a folder part (`../../x.pdf`, `C:\\x.pdf`, `a/b.pdf`), or an archive entry whose path leaves the archive (absolute, a drive, or `..`), as path traversal attacks do.",
  check({ originalName, source }) {
    const shown = visibleName(originalName);
    if (source === "archive") {
      // Folders inside an archive are normal; a path that climbs out of it or starts at a root is not.
      if (/^[\\/]|^[a-z]:/i.test(originalName)) return `Its path in the archive, "${shown}", is absolute, as archives that write outside their folder have.`;
      if (/(^|[\\/])\.\.([\\/]|$)/.test(originalName)) return `Its path in the archive, "${shown}", climbs out of the archive's folder with "..".`;
      return null;
    }
    return /[\\/]/.test(originalName) ? `Its name, "${shown}", holds a folder path, which a real attachment name never does.` : null;
  },
};

export const doubleExtension: Rule = {
  code: "DOUBLE_EXTENSION",
  description: "A document's extension followed by a program's (`invoice.pdf.exe`, `scan.jpg   .scr`): a program dressed as a document.",
  check({ originalName }) {
    const exts = extensions(originalName);
    const last = exts.at(-1);
    const before = exts.at(-2);
    if (!last || !before || !EXECUTABLE_EXTENSIONS.has(last) || !DOCUMENT_EXTENSIONS.has(before)) return null;
    return `Its name, "${visibleName(originalName)}", poses as a .${before} document but ends in .${last}, which runs code when opened.`;
  },
};

export const executableName: Rule = {
  code: "EXECUTABLE_NAME",
  description: "A name ending in the extension of a program, script, installer, shortcut or disk image (`.exe`, `.js`, `.vbs`, `.ps1`, `.bat`, `.cmd`, `.hta`, `.lnk`, `.jar`, `.msi`, `.iso`...), whatever the bytes are.",
  check({ originalName }) {
    const last = extensions(originalName).at(-1);
    return last && EXECUTABLE_EXTENSIONS.has(last) ? `Its name ends in .${last}, a type that runs code when opened.` : null;
  },
};
