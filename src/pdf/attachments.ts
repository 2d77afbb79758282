import { MAX_NAME_TREE_DEPTH, MAX_NAME_TREE_NODES } from "./limits.ts";
import type { PdfDocument } from "./document.ts";
import { pdfText, PdfStream, type Lookup, type PdfDict, type PdfValue } from "./values.ts";

/**
 * A file the document attaches, as a viewer lists it, with its stream still
 * encoded: the e-invoice reader decodes only the one it reads. (The scan
 * rules' sweep gives every embedded stream decoded instead: EmbeddedFile in
 * objects.ts.)
 */
export interface Attachment {
  /** The file name the PDF gives it (/UF, else /F, else its key in the name tree). */
  name: string;
  stream: PdfStream;
}

/**
 * The files attached to a PDF, from the EmbeddedFiles name tree and the
 * catalog's associated files (/AF, which PDF/A-3 and Factur-X require), each
 * stream once.
 */
export function attachments(document: PdfDocument): Attachment[] {
  const catalog = document.catalog();
  const specs: { spec: PdfValue; key: string | null }[] = [];
  const names = document.lookup(catalog, "Names");
  const tree = names instanceof Map ? document.lookup(names, "EmbeddedFiles") : null;
  if (tree instanceof Map) walkNameTree(document, tree, 0, new Set(), specs);
  const associated = document.lookup(catalog, "AF");
  if (Array.isArray(associated)) {
    for (const spec of associated.slice(0, MAX_NAME_TREE_NODES)) specs.push({ spec: document.resolve(spec), key: null });
  }

  const files: Attachment[] = [];
  const seen = new Set<PdfStream>();
  for (const { spec, key } of specs) {
    if (!(spec instanceof Map)) continue;
    const holder = document.lookup(spec, "EF");
    if (!(holder instanceof Map)) continue;
    const stream = document.lookup(holder, "F") ?? document.lookup(holder, "UF");
    if (!(stream instanceof PdfStream) || seen.has(stream)) continue;
    seen.add(stream);
    files.push({ name: fileSpecName(spec, (dict, key) => document.lookup(dict, key)) ?? key ?? "", stream });
  }
  return files;
}

/** The file name a file specification gives: /UF (the Unicode one), else /F; null when neither is a string with something in it. */
export function fileSpecName(spec: PdfDict, lookup: Lookup): string | null {
  for (const key of ["UF", "F"]) {
    const value = lookup(spec, key);
    if (value instanceof Uint8Array && value.length > 0) return pdfText(value);
  }
  return null;
}

function walkNameTree(document: PdfDocument, node: PdfDict, depth: number, visited: Set<PdfDict>, out: { spec: PdfValue; key: string | null }[]): void {
  if (depth > MAX_NAME_TREE_DEPTH || visited.has(node) || visited.size >= MAX_NAME_TREE_NODES) return;
  visited.add(node);
  const names = document.lookup(node, "Names");
  if (Array.isArray(names)) {
    for (let i = 0; i + 1 < names.length && out.length < MAX_NAME_TREE_NODES; i += 2) {
      const key = document.resolve(names[i]);
      out.push({ spec: document.resolve(names[i + 1]), key: key instanceof Uint8Array ? pdfText(key) : null });
    }
  }
  const kids = document.lookup(node, "Kids");
  if (!Array.isArray(kids)) return;
  for (const kid of kids) {
    const child = document.resolve(kid);
    if (child instanceof Map) walkNameTree(document, child, depth + 1, visited, out);
  }
}
