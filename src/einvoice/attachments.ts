import { SaxesParser } from "saxes";
import { indexOfAscii } from "../bytes.ts";
import { Unreadable } from "../formats/unreadable.ts";
import { MAX_EINVOICE_ATTACHMENT_BYTES, MAX_EINVOICE_ATTACHMENTS, MAX_XML_BYTES } from "./limits.ts";
import { decodeXml } from "./xml.ts";

/** A file an e-invoice XML carries, decoded from base64. */
export interface XmlAttachment {
  /** Its filename attribute, or null when it has none. */
  name: string | null;
  /** Its mimeCode attribute, as the sender declared it (never trusted). */
  declaredType: string | null;
  bytes: Uint8Array;
}

/** The elements that carry a file as base64: UBL's (BG-24 in the UBL binding) and CII's (BG-24 in the CII binding). */
const BINARY_OBJECTS = new Set(["EmbeddedDocumentBinaryObject", "AttachmentBinaryObject"]);

/**
 * The files an e-invoice XML carries as base64, decoded (white space in the
 * base64 ignored). The invoice reader keeps no long text (MAX_XML_TEXT_CHARS),
 * so this is a pass of its own, made only when the bytes name one of the
 * elements. Throws Unreadable past MAX_EINVOICE_ATTACHMENTS files, past
 * MAX_EINVOICE_ATTACHMENT_BYTES in one, or on base64 that does not decode:
 * a file that cannot be checked is not let through.
 */
export function xmlAttachments(bytes: Uint8Array): XmlAttachment[] {
  if (bytes.length > MAX_XML_BYTES || indexOfAscii(bytes, "BinaryObject") === -1) return [];
  const found: XmlAttachment[] = [];
  const parser = new SaxesParser({ xmlns: true, position: false });
  const maxChars = Math.ceil(MAX_EINVOICE_ATTACHMENT_BYTES / 3) * 4;
  let current: { name: string | null; declaredType: string | null; chunks: string[]; chars: number } | null = null;
  parser.on("doctype", () => {
    throw new Unreadable("unsafe", "The XML declares a DOCTYPE.");
  });
  parser.on("opentag", (tag) => {
    if (current || !BINARY_OBJECTS.has(tag.local ?? tag.name)) return;
    if (found.length >= MAX_EINVOICE_ATTACHMENTS) throw new Unreadable("too_large", `The XML carries more than ${MAX_EINVOICE_ATTACHMENTS} files.`);
    const attribute = (local: string) => Object.values(tag.attributes).find((a) => a.local === local)?.value ?? null;
    current = { name: attribute("filename"), declaredType: attribute("mimeCode"), chunks: [], chars: 0 };
  });
  const addText = (text: string) => {
    if (!current) return;
    current.chars += text.length;
    if (current.chars > maxChars + 1024) throw new Unreadable("too_large", `A file the XML carries is larger than ${MAX_EINVOICE_ATTACHMENT_BYTES} bytes.`);
    current.chunks.push(text);
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", (tag) => {
    if (!current || !BINARY_OBJECTS.has(tag.local ?? tag.name)) return;
    const base64 = current.chunks.join("").replace(/\s+/g, "");
    if (base64.length > maxChars) throw new Unreadable("too_large", `A file the XML carries is larger than ${MAX_EINVOICE_ATTACHMENT_BYTES} bytes.`);
    found.push({ name: current.name, declaredType: current.declaredType, bytes: fromBase64(base64, current.name) });
    current = null;
  });
  try {
    parser.write(decodeXml(bytes)).close();
  } catch (error) {
    if (error instanceof Unreadable) throw error;
    throw new Unreadable("malformed", "The XML is not well-formed.");
  }
  return found;
}

function fromBase64(base64: string, name: string | null): Uint8Array {
  try {
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  } catch {
    throw new Unreadable("malformed", `The file ${name === null ? "the XML carries" : `"${name}"`} is not valid base64.`);
  }
}
