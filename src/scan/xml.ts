import { XMLValidator } from "fast-xml-parser";

export type XmlCheck = { ok: true; root: { localName: string; namespace: string | null } } | { ok: false; code: "XML_DOCTYPE" | "XML_MALFORMED"; problem: string };

/**
 * Checks that XML is well-formed and carries no DOCTYPE: a DOCTYPE is how
 * entity expansion attacks (billion laughs, external entities) start, and
 * no e-invoice needs one. Returns the root element and its namespace URI.
 */
export function checkXml(text: string): XmlCheck {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { ok: false, code: "XML_DOCTYPE", problem: "it declares a DOCTYPE or entities" };
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
