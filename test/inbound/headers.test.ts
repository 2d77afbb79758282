import { describe, expect, it } from "vitest";
import { parseAuthenticationResults } from "../../src/inbound/authentication-results.ts";
import { safeFileName } from "../../src/formats/file-names.ts";

describe("parseAuthenticationResults", () => {
  it("reads Cloudflare's verdicts and ignores a header the sender forged", () => {
    const forged = "evil.example; spf=pass; dkim=pass; dmarc=pass";
    const cloudflare = "mx.cloudflare.net; dkim=pass header.d=a.example header.s=s1 header.b=abc; spf=pass (mx.cloudflare.net: domain of x@a.example designates 1.2.3.4 as permitted sender) smtp.mailfrom=x@a.example; dmarc=none header.from=a.example";
    expect(parseAuthenticationResults(`${forged}, ${cloudflare}`)).toEqual({ spf: "pass", dkim: "pass", dmarc: "none" });
    expect(parseAuthenticationResults(`${cloudflare}, ${forged}`)).toEqual({ spf: "pass", dkim: "pass", dmarc: "none" });
  });

  it("reads the first header when none is Cloudflare's, and nothing from nothing", () => {
    expect(parseAuthenticationResults("mx.local; spf=softfail; dmarc=fail")).toEqual({ spf: "softfail", dkim: null, dmarc: "fail" });
    expect(parseAuthenticationResults(null)).toEqual({ spf: null, dkim: null, dmarc: null });
  });
});

describe("safeFileName", () => {
  it.each([
    ["invoice.pdf", "invoice.pdf"],
    ["../../etc/passwd", "passwd"],
    ["C:\\Users\\x\\invoice.pdf", "invoice.pdf"],
    ["invoice\u202Efdp.exe", "invoicefdp.exe"],
    ["in\u0000vo\u0007ice\r\n.pdf", "invoice.pdf"],
    ["  ..hidden.pdf  ", "hidden.pdf"],
    ["", "attachment"],
    [null, "attachment"],
    ["/", "attachment"],
  ])("%j -> %j", (raw, expected) => {
    expect(safeFileName(raw, "attachment")).toBe(expected);
  });

  it("cuts a long name and keeps the extension", () => {
    const name = safeFileName(`${"x".repeat(500)}.pdf`, "a");
    expect(name).toHaveLength(200);
    expect(name.endsWith(".pdf")).toBe(true);
  });
});
