import { visibleName } from "../../formats/file-names.ts";
import { imageHeader } from "../../formats/images.ts";
import { latin1Text } from "../../bytes.ts";
import { sniff } from "../../formats/sniff.ts";
import { declaresDoctype, xmlText } from "../../formats/xml-text.ts";
import { MAX_PDF_INFLATED_TOTAL_BYTES } from "../../pdf/limits.ts";
import { readPdfObjects, type EmbeddedFile, type PdfContents } from "../../pdf/objects.ts";
import type { ReasonParams } from "../../reasons/catalogue.ts";
import { EXECUTABLE_EXTENSIONS } from "./names.ts";
import { rule, type RuleInput } from "./types.ts";

/**
 * The PDF rules read the names of every object, as a PDF reader sees them:
 * hex escapes decoded (`/J#61vaScript`), compressed object streams inflated.
 * A name anywhere counts, used or not: a dangerous action a reader could
 * reach by repairing the file is as dangerous as one it reaches directly.
 */

const hasJavaScript = (pdf: PdfContents) => pdf.names.has("JavaScript") || pdf.names.has("JS");
const hasLaunch = (pdf: PdfContents) => pdf.names.has("Launch");

export const pdfJavaScript = rule("PDF_JAVASCRIPT", ({ pdf }) => (pdf && hasJavaScript(pdf) ? {} : null));

export const pdfLaunch = rule("PDF_LAUNCH", ({ pdf }) => (pdf && hasLaunch(pdf) ? {} : null));

/** An XFA template's script element, any namespace prefix: `<script contentType="application/x-javascript">`, or FormCalc without one. */
const XFA_SCRIPT = /<(?:[\w.-]+:)?script[\s>/]/i;

export const pdfXfaScript = rule("PDF_XFA_SCRIPT", ({ pdf }) => (pdf?.xfa.some((packet) => XFA_SCRIPT.test(latin1Text(packet))) ? {} : null));

/** Actions that fetch or send something outside the document, whatever their target. */
const REMOTE_ACTIONS = ["GoToR", "GoToE", "ImportData", "SubmitForm"] as const;

/**
 * What a URI action's address does, when it is more than a web or mail
 * link: runs script, opens a file of the reader's computer, or reaches a
 * Windows share (`\\host\share`, `//host/share`, `smb:`), which makes
 * Windows send the reader's credentials to the host. Readers ignore white
 * space and control characters in a scheme, so they are left out first.
 */
function uriDanger(address: string): "script" | "local_file" | "network_share" | null {
  const plain = address.replace(/[\x00-\x20\x7f]+/g, "").toLowerCase();
  if (/^(javascript|vbscript|data):/.test(plain)) return "script";
  if (plain.startsWith("file:")) return "local_file";
  if (/^(\\\\|\/\/|smb:)/.test(plain)) return "network_share";
  return null;
}

export const pdfRemoteAction = rule("PDF_REMOTE_ACTION", ({ pdf }): ReasonParams<"PDF_REMOTE_ACTION"> | null => {
  if (!pdf) return null;
  const target = (action: { target: string | null } | undefined) => (action?.target ? visibleName(action.target) : null);
  // By name first, as for JavaScript: an action in an object the sweep could not read as a dictionary still counts.
  const remote = REMOTE_ACTIONS.find((name) => pdf.names.has(name));
  if (remote) return { action: remote, target: target(pdf.actions.find((a) => a.type === remote)) };
  for (const action of pdf.actions) {
    if (action.type !== "URI" || action.target === null) continue;
    const uri = uriDanger(action.target) ?? (action.automatic ? "opens_itself" : null);
    if (uri) return { action: "URI", uri, target: target(action)! };
  }
  return null;
});

/** What is wrong with one embedded file: PDF_EMBEDDED_FILE's parameters but the name. */
type EmbeddedProblem = ReasonParams<"PDF_EMBEDDED_FILE"> extends infer P ? (P extends unknown ? Omit<P, "name"> : never) : never;

/**
 * The types EN 16931 allows for supporting documents (BG-24, attached
 * document binary object: PDF, PNG, JPEG, CSV, XLSX, ODS), by the short
 * name sniff gives them; PDF is checked apart (below).
 */
export const SUPPORTING_DOCUMENT_TYPES: ReadonlySet<string> = new Set(["png", "jpg", "csv", "xlsx", "ods"]);

/**
 * Factur-X, ZUGFeRD and XRechnung PDFs embed their invoice as XML
 * (factur-x.xml, zugferd-invoice.xml, ZUGFeRD-invoice.xml, xrechnung.xml),
 * and may embed supporting documents beside it. XML without a DOCTYPE is
 * data whatever its name; a PDF is accepted when it passes these rules
 * itself and embeds nothing further; a PNG, JPEG, CSV, XLSX or ODS when it
 * is what it says (an image that opens) and every rule passes it. Anything
 * else (programs, other office files, archives, web pages, what cannot be
 * decoded) is refused.
 */
export const pdfEmbeddedFile = rule("PDF_EMBEDDED_FILE", async ({ pdf, checkCarried }) => {
  if (!pdf) return null;
  let budget = MAX_PDF_INFLATED_TOTAL_BYTES - pdf.decodedBytes;
  for (const file of pdf.embeddedFiles) {
    const { problem, decodedBytes } = await embeddedProblem(file, budget, checkCarried);
    if (problem) return { name: file.name === null ? null : visibleName(file.name), ...problem } as ReasonParams<"PDF_EMBEDDED_FILE">;
    budget -= decodedBytes;
  }
  return null;
});

export const pdfUnreadableObjects = rule("PDF_UNREADABLE_OBJECTS", ({ pdf }) => (pdf?.unreadable.length ? { detail: pdf.unreadable[0]! } : null));

async function embeddedProblem(file: EmbeddedFile, budget: number, checkCarried: RuleInput["checkCarried"]): Promise<{ problem: EmbeddedProblem | null; decodedBytes: number }> {
  const fail = (problem: EmbeddedProblem) => ({ problem, decodedBytes: 0 });
  if (!file.bytes) return fail({ problem: "undecodable", detail: file.problem ?? "no data" });
  const ext = file.name?.toLowerCase().replace(/[\s.]+$/, "").split(".").at(-1);
  if (file.name && ext && file.name.includes(".") && EXECUTABLE_EXTENSIONS.has(ext)) return fail({ problem: "program_name" });
  const detected = await sniff(file.bytes);
  if (detected.family === "xml") return { problem: declaresDoctype(xmlText(file.bytes)) ? { problem: "xml_doctype" } : null, decodedBytes: 0 };
  if (SUPPORTING_DOCUMENT_TYPES.has(detected.ext)) {
    if (detected.family === "image" && !imageHeader(detected.ext, file.bytes)) return fail({ problem: "damaged", type: detected.ext.toUpperCase() });
    const finding = await checkCarried(file.bytes, file.name ?? "", detected);
    return { problem: finding ? { problem: "flagged", code: finding.code } : null, decodedBytes: 0 };
  }
  if (detected.family !== "pdf") return fail({ problem: "type", type: detected.ext.toUpperCase(), mime: detected.mime });
  const inner = await readPdfObjects(file.bytes, Math.max(0, budget));
  const found = (problem: EmbeddedProblem | null) => ({ problem, decodedBytes: inner.decodedBytes });
  if (hasJavaScript(inner) || hasLaunch(inner)) return found({ problem: "pdf_active" });
  if (inner.embeddedFiles.length > 0) return found({ problem: "pdf_embeds" });
  if (inner.encryption) return found({ problem: "pdf_encrypted" });
  if (inner.unreadable.length > 0) return found({ problem: "pdf_unreadable", detail: inner.unreadable[0]! });
  return found(null);
}
