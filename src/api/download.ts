import { safeFileName } from "../formats/file-names.ts";

/**
 * Headers that serve a stored file as a download, never for display: a file
 * that came by mail is untrusted, so the browser must not render or sniff it.
 */
export function downloadHeaders(file: { name: string; detectedType: string | null; size: number }): Record<string, string> {
  return {
    "Content-Type": file.detectedType ?? "application/octet-stream",
    "Content-Length": String(file.size),
    "Content-Disposition": contentDisposition(file.name),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
  };
}

/**
 * `attachment` with an ASCII fallback name and the exact name in RFC 5987
 * form. Stored names are safe already; the name is made safe again here, so
 * that none can ever reach a Content-Disposition with a folder, a control or
 * a bidi character in it.
 */
export function contentDisposition(raw: string): string {
  const name = safeFileName(raw, "file");
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
