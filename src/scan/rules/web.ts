import { xmlText } from "../../formats/xml-text.ts";
import type { ReasonParams } from "../../reasons/catalogue.ts";
import { rule, type RuleInput } from "./types.ts";

/** Names under which a browser renders a text file as a page, whatever its first bytes look like. */
const WEB_PAGE_NAME = /\.(html?|xhtml?|shtml|mht(ml)?)[\s.]*$/i;

/**
 * What makes a page or drawing run code or load it in a browser. Tags are
 * read one at a time with a bounded pattern, so a 25 MB file of half-open
 * tags costs linear time.
 */
const TAG = /<([a-z][\w:-]*)([^<>]*)/gi;
const EVENT_HANDLER = /(?:^|[\s/"'])on[a-z]+\s*=/i;
const ACTIVE_ELEMENTS = new Set(["script", "iframe", "frame", "object", "embed", "applet"]);
/** Browsers drop tabs and line breaks inside a URL's scheme: `java&#9;script:` still runs. */
const SCRIPT_URL = /(?:java|vb|live)script:|data:(?:text\/html|image\/svg\+xml|(?:application|text)\/(?:x-)?(?:java|ecma)script)/i;

function activeContent(text: string): ReasonParams<"HTML_SCRIPT"> | null {
  for (const [, name, attributes] of text.matchAll(TAG)) {
    const element = name!.toLowerCase().replace(/^.*:/, "");
    if (ACTIVE_ELEMENTS.has(element)) return element === "script" ? { content: "script" } : { content: "embedded", element };
    if (EVENT_HANDLER.test(attributes!)) return { content: "handler", element };
  }
  const urls = decodeEntities(text).replace(/[\t\n\r\0]/g, "");
  const url = SCRIPT_URL.exec(urls);
  return url ? { content: "url", url: url[0].toLowerCase() } : null;
}

/** Numeric character references and the named ones that spell a URL scheme, as a browser decodes them in attributes. */
function decodeEntities(text: string): string {
  const named: Record<string, string> = { colon: ":", tab: "\t", newline: "\n", sol: "/", lpar: "(", rpar: ")" };
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));?/gi, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    const code = hex ? parseInt(hex, 16) : dec ? parseInt(dec, 10) : undefined;
    if (code !== undefined) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    return named[name!.toLowerCase()] ?? whole;
  });
}

function isWebPage({ detected, originalName }: RuleInput): boolean {
  return detected.family === "html" || ((detected.family === "text" || detected.family === "xml") && WEB_PAGE_NAME.test(originalName));
}

export const htmlScript = rule("HTML_SCRIPT", (input) => (isWebPage(input) ? activeContent(xmlText(input.bytes)) : null));

export const svgScript = rule("SVG_SCRIPT", ({ bytes, detected }) => (detected.family === "svg" ? activeContent(xmlText(bytes)) : null));
