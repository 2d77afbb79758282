/**
 * A small MIME writer for fixtures, so that tests build mails in the exact
 * shapes real clients send (Gmail, Outlook, Apple Mail...) without copying
 * anyone's mail into the repository.
 */
export interface Leaf {
  headers: [string, string][];
  body: string | Uint8Array;
  encoding: "base64" | "7bit" | "8bit" | "quoted-printable";
}
export interface Multipart {
  subtype: string;
  parts: Node[];
  headers?: [string, string][];
}
export type Node = Leaf | Multipart;

let boundaryCounter = 0;
const encoder = new TextEncoder();

export function text(body: string, type = "text/plain"): Leaf {
  return { headers: [["Content-Type", `${type}; charset=utf-8`]], body, encoding: "8bit" };
}

export function html(body: string): Leaf {
  return text(body, "text/html");
}

export interface AttachmentOptions {
  disposition?: "attachment" | "inline" | null;
  contentId?: string;
  /**
   * The name parameters written verbatim (RFC 2231, encoded words...), on
   * Content-Disposition, or on Content-Type when there is no disposition.
   * By default: `filename="<name>"` and `name="<name>"`.
   */
  params?: string;
  extraHeaders?: [string, string][];
}

export function attachment(name: string | null, type: string, bytes: Uint8Array | string, options: AttachmentOptions = {}): Leaf {
  const disposition = options.disposition === undefined ? "attachment" : options.disposition;
  const quoted = (param: string) => (name === null ? "" : `; ${param}="${name}"`);
  const headers: [string, string][] = [];
  if (disposition) {
    headers.push(["Content-Type", type + (options.params ? "" : quoted("name"))]);
    headers.push(["Content-Disposition", disposition + (options.params ?? quoted("filename"))]);
  } else {
    headers.push(["Content-Type", type + (options.params ?? quoted("name"))]);
  }
  if (options.contentId) headers.push(["Content-ID", `<${options.contentId}>`]);
  headers.push(...(options.extraHeaders ?? []));
  return { headers, body: typeof bytes === "string" ? encoder.encode(bytes) : bytes, encoding: "base64" };
}

/** A whole mail attached as message/rfc822 (forward as attachment). */
export function forwarded(inner: string | Uint8Array, name: string | null = null): Leaf {
  const headers: [string, string][] = [["Content-Type", "message/rfc822"]];
  headers.push(["Content-Disposition", name ? `attachment; filename="${name}"` : "inline"]);
  return { headers, body: inner, encoding: "8bit" };
}

export function multipart(subtype: string, ...parts: Node[]): Multipart {
  return { subtype, parts };
}

export interface MailOptions {
  from?: string;
  to?: string;
  subject?: string;
  messageId?: string | null;
  date?: string;
  headers?: [string, string][];
}

/** Writes a whole mail with CRLF line ends. */
export function mail(body: Node, options: MailOptions = {}): Uint8Array {
  const headers: [string, string][] = [
    ["From", options.from ?? "Supplier Billing <billing@supplier.example>"],
    ["To", options.to ?? "be0123456749@invoices.example.com"],
    ["Subject", options.subject ?? "Invoice"],
    ["Date", options.date ?? "Thu, 26 Nov 2026 10:00:00 +0100"],
    ["MIME-Version", "1.0"],
  ];
  if (options.messageId !== null) headers.push(["Message-ID", `<${options.messageId ?? crypto.randomUUID()}@supplier.example>`]);
  headers.push(...(options.headers ?? []));
  return concat([encoder.encode(headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")), render(body)]);
}

function render(node: Node): Uint8Array {
  if ("parts" in node) {
    const boundary = `----=_Part_${++boundaryCounter}_${Math.random().toString(36).slice(2)}`;
    const chunks: Uint8Array[] = [encoder.encode(`${(node.headers ?? []).map(([k, v]) => `${k}: ${v}\r\n`).join("")}Content-Type: multipart/${node.subtype}; boundary="${boundary}"\r\n\r\nThis is a multi-part message in MIME format.\r\n`)];
    for (const part of node.parts) chunks.push(encoder.encode(`\r\n--${boundary}\r\n`), render(part));
    chunks.push(encoder.encode(`\r\n--${boundary}--\r\n`));
    return concat(chunks);
  }
  const head = [...node.headers, ["Content-Transfer-Encoding", node.encoding]].map(([k, v]) => `${k}: ${v}\r\n`).join("") + "\r\n";
  const bytes = typeof node.body === "string" ? encoder.encode(node.body) : node.body;
  const body = node.encoding === "base64" ? encoder.encode(wrap(base64(bytes), 76)) : bytes;
  return concat([encoder.encode(head), body]);
}

/** Native in workerd; Node (scripts/send-sample.ts uses these helpers too) needs the fallback. */
function base64(bytes: Uint8Array): string {
  if (typeof bytes.toBase64 === "function") return bytes.toBase64();
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join("\r\n");
}

export function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
