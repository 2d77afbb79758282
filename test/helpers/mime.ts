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
  /** Headers written before From, as transport headers (Received, ARC, DKIM) are. */
  before?: [string, string][];
}

/** Writes a whole mail with CRLF line ends. */
export function mail(body: Node, options: MailOptions = {}): Uint8Array {
  const headers: [string, string][] = [
    ...(options.before ?? []),
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

/**
 * The header block a mail picks up on its way through Office 365 or Gmail
 * before it is forwarded: ARC and DKIM signatures, Authentication-Results,
 * Received chains, Exchange's X-MS-* fields, long values folded, about
 * `bytes` of it in all. `first` is the field that opens it.
 */
export function transportHeaders(bytes: number, first: "ARC-Seal" | "DKIM-Signature" | "Authentication-Results" = "ARC-Seal"): [string, string][] {
  const b64 = (n: number) => {
    const random = new Uint8Array(n);
    crypto.getRandomValues(random);
    return btoa(String.fromCharCode(...random)).replace(/.{1,70}/g, "$&\r\n\t").trimEnd();
  };
  const pool: [string, () => string][] = [
    ["ARC-Seal", () => `i=1; a=rsa-sha256; s=arcselector10001; d=microsoft.com; cv=none;\r\n\tb=${b64(256)}`],
    ["ARC-Message-Signature", () => `i=1; a=rsa-sha256; c=relaxed/relaxed; d=microsoft.com;\r\n\ts=arcselector10001; h=From:Date:Subject:Message-ID:Content-Type:MIME-Version;\r\n\tbh=${b64(32)};\r\n\tb=${b64(256)}`],
    ["ARC-Authentication-Results", () => "i=1; mx.microsoft.com 1; spf=pass\r\n\tsmtp.mailfrom=supplier.example; dmarc=pass action=none\r\n\theader.from=supplier.example; dkim=pass header.d=supplier.example; arc=none"],
    ["DKIM-Signature", () => `v=1; a=rsa-sha256; c=relaxed/relaxed; d=supplier.example;\r\n\ts=selector1; h=From:Date:Subject:Message-ID:Content-Type:MIME-Version;\r\n\tbh=${b64(32)};\r\n\tb=${b64(256)}`],
    ["Authentication-Results", () => "spf=pass (sender IP is 40.107.22.53)\r\n\tsmtp.mailfrom=supplier.example; dkim=pass (signature was verified)\r\n\theader.d=supplier.example;dmarc=pass action=none header.from=supplier.example;"],
    ["Received", () => `from AM0PR02MB5604.eurprd02.prod.outlook.com (2603:10a6:208:15b::${Math.floor(Math.random() * 9999)})\r\n\tby AM9PR02MB7091.eurprd02.prod.outlook.com with HTTPS; Thu, 26 Nov 2026\r\n\t09:58:${String(Math.floor(Math.random() * 60)).padStart(2, "0")} +0000`],
    ["X-MS-Exchange-AntiSpam-MessageData-ChunkCount", () => "1"],
    ["X-MS-Exchange-AntiSpam-MessageData-0", () => b64(600)],
    ["X-Microsoft-Antispam-Message-Info", () => b64(400)],
  ];
  const fields: [string, string][] = [[first, pool.find(([name]) => name === first)![1]()]];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const [name, value] = pool[i % pool.length]!;
    const field: [string, string] = [name, value()];
    fields.push(field);
    size += name.length + field[1].length + 4;
  }
  return fields;
}

/** The mail with the named top-level header fields (continuation lines and all) moved to the top, in that order. */
export function withHeadersFirst(raw: Uint8Array, names: string[]): Uint8Array {
  const text = new TextDecoder("latin1").decode(raw);
  const end = text.indexOf("\r\n\r\n");
  const fields = text.slice(0, end).split(/\r\n(?![ \t])/);
  const first = names.flatMap((name) => fields.filter((f) => f.toLowerCase().startsWith(`${name.toLowerCase()}:`)));
  const rest = fields.filter((f) => !first.includes(f));
  return Uint8Array.from([...first, ...rest].join("\r\n") + text.slice(end), (c) => c.charCodeAt(0));
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
