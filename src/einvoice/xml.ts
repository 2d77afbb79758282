import { SaxesParser } from "saxes";
import { MAX_XML_BYTES, MAX_XML_DEPTH, MAX_XML_ELEMENTS, MAX_XML_TEXT_CHARS } from "./limits.ts";
import { Unreadable } from "../formats/unreadable.ts";

/** One element of a parsed document, named by namespace URI and local name (the prefix is the producer's choice and is dropped). */
export interface XmlElement {
  readonly ns: string;
  readonly name: string;
  /** Attributes by name (`schemeID`), or by qualifiedName when they have a namespace. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own character data; null when it is longer than MAX_XML_TEXT_CHARS. */
  text: string | null;
}

/** `{namespace}local`, the key of an element in `skip`. */
export function qualifiedName(ns: string, name: string): string {
  return `{${ns}}${name}`;
}

/**
 * Parses XML into a tree of elements, refusing what could hurt: a DOCTYPE
 * (internal entities expand exponentially, external ones fetch), more than
 * MAX_XML_BYTES, nesting deeper than MAX_XML_DEPTH, more than
 * MAX_XML_ELEMENTS kept elements. Elements named in `skip` are checked for
 * well-formedness but not kept (invoice lines: never needed, often most of
 * the file). Throws Unreadable.
 */
export function parseXml(bytes: Uint8Array, skip: ReadonlySet<string> = new Set(), notes?: XmlNotes): XmlElement {
  if (bytes.length > MAX_XML_BYTES) {
    throw new Unreadable("too_large", `The XML is larger than ${MAX_XML_BYTES / 1024 / 1024} MiB.`);
  }
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let kept = 0;
  // Depth of the skipped subtree we are in (0: keeping elements).
  let skipping = 0;

  parser.on("doctype", () => {
    throw new Unreadable("unsafe", "The XML declares a DOCTYPE; documents with a DTD or entities are refused because entities can expand without bound or fetch outside content.");
  });
  parser.on("opentag", (tag) => {
    if (stack.length + skipping >= MAX_XML_DEPTH) {
      throw new Unreadable("too_large", `The XML nests elements deeper than ${MAX_XML_DEPTH} levels.`);
    }
    const ns = tag.uri ?? "";
    if (skipping > 0 || skip.has(qualifiedName(ns, tag.local ?? tag.name))) {
      skipping++;
      return;
    }
    if (++kept > MAX_XML_ELEMENTS) {
      throw new Unreadable("too_large", `The XML has more than ${MAX_XML_ELEMENTS} elements outside its lines.`);
    }
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) {
      attributes[attribute.uri ? qualifiedName(attribute.uri, attribute.local) : attribute.local] = attribute.value;
    }
    const element: XmlElement = { ns, name: tag.local ?? tag.name, attributes, children: [], text: "" };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on("closetag", () => {
    if (skipping > 0) skipping--;
    else stack.pop();
  });
  const addText = (text: string) => {
    const element = stack.at(-1);
    if (skipping > 0 || !element || element.text === null) return;
    element.text = element.text.length + text.length > MAX_XML_TEXT_CHARS ? null : element.text + text;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);

  try {
    parser.write(decodeXml(bytes, notes)).close();
  } catch (error) {
    if (error instanceof Unreadable) throw error;
    throw new Unreadable("malformed", `The XML is not well-formed: ${firstLine(error)}`);
  }
  if (!root) throw new Unreadable("malformed", "The XML is not well-formed: it has no root element.");
  return root;
}

/** An XML declaration's encoding, whatever characters its name holds (readers only know a few). */
const DECLARED_ENCODING = /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*?encoding\s*=\s*(["'])([^"'>]*)\1/;

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * The document's text, decoded as its byte order mark or XML declaration says
 * (UTF-8 when neither does). An encoding name no decoder knows (writers put
 * `UTF-8-W/O-BOM` there) is read as UTF-8 when the bytes are valid UTF-8,
 * with its declaration rewritten so the parser takes it, and `notes` says so;
 * otherwise the XML cannot be read (Unreadable), which the reader reports.
 */
export function decodeXml(bytes: Uint8Array, notes?: XmlNotes): string {
  const [a, b] = bytes;
  if (a === 0xfe && b === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  if (a === 0xff && b === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (a === 0x00 && b === 0x3c) return new TextDecoder("utf-16be").decode(bytes);
  if (a === 0x3c && b === 0x00) return new TextDecoder("utf-16le").decode(bytes);
  const head = String.fromCharCode(...bytes.subarray(0, 256));
  const label = DECLARED_ENCODING.exec(head)?.[2];
  if (label === undefined) return new TextDecoder().decode(bytes);
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    // An encoding name the runtime does not know: below.
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new Unreadable("unsupported", `The XML declares the character encoding "${label.slice(0, 64)}", which no reader knows, and its bytes are not UTF-8.`);
  }
  if (notes) notes.unknownEncoding = label.slice(0, 64);
  return text.replace(DECLARED_ENCODING, (declaration, quote: string, name: string) => declaration.replace(`${quote}${name}${quote}`, `${quote}UTF-8${quote}`));
}

/** What reading an XML noticed without refusing it. */
export interface XmlNotes {
  /** The encoding it declares that no decoder knows, read as UTF-8. */
  unknownEncoding?: string;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.slice(0, 200);
}

/**
 * Finds elements by paths such as `cac:PartyLegalEntity/cbc:RegistrationName`,
 * written with the caller's own prefixes for namespace URIs: the document's
 * prefixes play no part. `first` takes the first match at each step; `all`
 * returns every match of the last step under the first match of the others.
 */
export function pathFinder(namespaces: Readonly<Record<string, string>>) {
  const compiled = new Map<string, { ns: string; name: string }[]>();
  const steps = (path: string) => {
    let result = compiled.get(path);
    if (!result) {
      result = path.split("/").map((step) => {
        const [prefix, name] = step.split(":") as [string, string];
        const ns = namespaces[prefix];
        if (ns === undefined || !name) throw new Error(`unknown prefix in path ${path}`);
        return { ns, name };
      });
      compiled.set(path, result);
    }
    return result;
  };
  const first = (element: XmlElement | undefined, path: string): XmlElement | undefined => {
    let current = element;
    for (const { ns, name } of steps(path)) current = current?.children.find((c) => c.ns === ns && c.name === name);
    return current;
  };
  const all = (element: XmlElement | undefined, path: string): XmlElement[] => {
    const parts = steps(path);
    const last = parts.at(-1)!;
    let current = element;
    for (const { ns, name } of parts.slice(0, -1)) current = current?.children.find((c) => c.ns === ns && c.name === name);
    return current ? current.children.filter((c) => c.ns === last.ns && c.name === last.name) : [];
  };
  /** The collapsed text at a path (see textOf). */
  const text = (element: XmlElement | undefined, path: string): string | null => textOf(first(element, path));
  return { first, all, text };
}

/** The element's text with runs of whitespace collapsed; null when absent, empty or too long. */
export function textOf(element: XmlElement | undefined): string | null {
  const text = element?.text?.replace(/\s+/g, " ").trim();
  return text ? text : null;
}
