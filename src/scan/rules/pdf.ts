import { visibleName } from "../../formats/file-names.ts";
import { MAX_PDF_INFLATED_TOTAL_BYTES } from "../../pdf/limits.ts";
import { readPdfObjects, type EmbeddedFile, type PdfContents } from "../../pdf/objects.ts";
import { sniff } from "../../formats/sniff.ts";
import { declaresDoctype, xmlText } from "../../formats/xml-text.ts";
import { EXECUTABLE_EXTENSIONS } from "./names.ts";
import type { Rule } from "./types.ts";

/**
 * The PDF rules read the names of every object, as a PDF reader sees them:
 * hex escapes decoded (`/J#61vaScript`), compressed object streams inflated.
 * A name anywhere counts, used or not: a dangerous action a reader could
 * reach by repairing the file is as dangerous as one it reaches directly.
 */

const hasJavaScript = (pdf: PdfContents) => pdf.names.has("JavaScript") || pdf.names.has("JS");
const hasLaunch = (pdf: PdfContents) => pdf.names.has("Launch");

export const pdfJavaScript: Rule = {
  code: "PDF_JAVASCRIPT",
  description:
    "A PDF with JavaScript: a /JS or /JavaScript action or name tree anywhere (an /OpenAction, a link, a form field, the document's names), also hex-escaped or inside a compressed object stream. An /OpenAction that only sets the page or zoom is no JavaScript.",
  check: ({ pdf }) => (pdf && hasJavaScript(pdf) ? "The PDF contains JavaScript, which a PDF reader runs when the file is opened or used." : null),
};

export const pdfLaunch: Rule = {
  code: "PDF_LAUNCH",
  description: "A PDF with a /Launch action, which asks the reader to start a program or open another file.",
  check: ({ pdf }) => (pdf && hasLaunch(pdf) ? "The PDF contains a launch action, which asks the reader to start a program or open another file." : null),
};

/**
 * Factur-X, ZUGFeRD and XRechnung PDFs embed their invoice as XML
 * (factur-x.xml, zugferd-invoice.xml, ZUGFeRD-invoice.xml, xrechnung.xml),
 * and may embed supporting documents beside it. XML without a DOCTYPE is
 * data whatever its name; a PDF is accepted when it passes these rules
 * itself and embeds nothing further. Anything else (programs, office files,
 * archives, web pages, what cannot be decoded) is refused.
 */
export const pdfEmbeddedFile: Rule = {
  code: "PDF_EMBEDDED_FILE",
  description:
    "A PDF embedding a file other than XML (the e-invoice of Factur-X, ZUGFeRD, XRechnung: factur-x.xml, zugferd-invoice.xml, ZUGFeRD-invoice.xml, xrechnung.xml, or supporting XML) or a plain PDF: a program, an office file, an archive, a web page, XML with a DOCTYPE, a PDF with scripts or files of its own, a file named like a program, or data that cannot be decoded.",
  async check({ pdf }) {
    if (!pdf) return null;
    let budget = MAX_PDF_INFLATED_TOTAL_BYTES - pdf.decodedBytes;
    for (const file of pdf.embeddedFiles) {
      const problem = await embeddedProblem(file, budget);
      if (problem.why) return `The PDF embeds ${describeName(file)}, ${problem.why}; only e-invoice XML (such as factur-x.xml) and plain PDFs may be embedded.`;
      budget -= problem.decodedBytes;
    }
    return null;
  },
};

export const pdfUnreadableObjects: Rule = {
  code: "PDF_UNREADABLE_OBJECTS",
  description:
    "A PDF whose objects cannot all be checked: an object stream in a filter that is not decoded (LZW, ASCII85, a TIFF predictor...), one that does not decompress or expands past 16 MiB (48 MiB for all streams of a file), or objects nested more than 64 deep. What cannot be checked could hide a script.",
  check: ({ pdf }) => (pdf?.unreadable.length ? `Part of the PDF cannot be checked for scripts: ${pdf.unreadable[0]}.` : null),
};

async function embeddedProblem(file: EmbeddedFile, budget: number): Promise<{ why: string | null; decodedBytes: number }> {
  const fail = (why: string) => ({ why, decodedBytes: 0 });
  if (!file.bytes) return fail(`which cannot be checked (${file.problem})`);
  const ext = file.name?.toLowerCase().replace(/[\s.]+$/, "").split(".").at(-1);
  if (file.name && ext && file.name.includes(".") && EXECUTABLE_EXTENSIONS.has(ext)) return fail("named like a program");
  const detected = await sniff(file.bytes);
  if (detected.family === "xml") return { why: declaresDoctype(xmlText(file.bytes)) ? "an XML file that declares a DOCTYPE or entities" : null, decodedBytes: 0 };
  if (detected.family !== "pdf") return fail(`a ${detected.ext.toUpperCase()} file (${detected.mime})`);
  const inner = await readPdfObjects(file.bytes, Math.max(0, budget));
  const used = { decodedBytes: inner.decodedBytes };
  if (hasJavaScript(inner) || hasLaunch(inner)) return { why: "a PDF with JavaScript or a launch action", ...used };
  if (inner.embeddedFiles.length > 0) return { why: "a PDF that embeds files of its own", ...used };
  if (inner.encryption) return { why: "an encrypted PDF, which cannot be checked", ...used };
  if (inner.unreadable.length > 0) return { why: `a PDF that cannot be checked (${inner.unreadable[0]})`, ...used };
  return { why: null, ...used };
}

function describeName(file: EmbeddedFile): string {
  return file.name ? `"${visibleName(file.name)}"` : "an unnamed file";
}
