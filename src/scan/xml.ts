import { XMLValidator } from "fast-xml-parser";

export type XmlCheck = { ok: true; root: { localName: string; namespace: string | null } } | { ok: false; code: "XML_DOCTYPE" | "XML_MALFORMED"; problem: string };

/**
 * XML as text, in the encoding its byte order mark names (UTF-16 either way,
 * else UTF-8). Read as UTF-8, a UTF-16 file would hide its `<!DOCTYPE`
 * between NUL bytes.
 */
export function xmlText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  return new TextDecoder().decode(bytes);
}

/** A DOCTYPE is how entity expansion attacks (billion laughs, external entities) start; no e-invoice needs one. */
export function declaresDoctype(text: string): boolean {
  return /<!DOCTYPE|<!ENTITY/i.test(text);
}

/**
 * Checks that XML is well-formed and carries no DOCTYPE. Returns the root
 * element and its namespace URI.
 */
export function checkXml(text: string): XmlCheck {
  if (declaresDoctype(text)) return { ok: false, code: "XML_DOCTYPE", problem: "it declares a DOCTYPE or entities" };
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) return { ok: false, code: "XML_MALFORMED", problem: `${valid.err.msg} (line ${valid.err.line})` };
  const root = rootElement(text);
  if (!root) return { ok: false, code: "XML_MALFORMED", problem: "it has no root element" };
  return { ok: true, root };
}

/** The first element's local name and namespace URI, by its prefix's declaration on that element. */
function rootElement(text: string): { localName: string; namespace: string | null } | null {
  const start = /<(?![?!])([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)>/.exec(text.replace(/<!--[\s\S]*?-->/g, ""));
  if (!start) return null;
  const prefix = start[1]?.slice(0, -1);
  const attributes = start[3] ?? "";
  const declaration = new RegExp(`xmlns${prefix ? `:${prefix}` : ""}\\s*=\\s*["']([^"']*)["']`).exec(attributes);
  return { localName: start[2]!, namespace: declaration?.[1] ?? null };
}
