import { describe, expect, it } from "vitest";
import { parseAuthenticationResults } from "../../src/inbound/authentication-results.ts";
import { safeFileName } from "../../src/formats/file-names.ts";

describe("parseAuthenticationResults (RFC 8601)", () => {
  const CLOUDFLARE = "mx.cloudflare.net";
  const read = (value: string | null) => parseAuthenticationResults(value, CLOUDFLARE);
  const real = "mx.cloudflare.net; dkim=pass header.d=a.example header.s=s1 header.b=abc; spf=pass (mx.cloudflare.net: domain of x@a.example designates 1.2.3.4 as permitted sender) smtp.mailfrom=x@a.example; dmarc=none header.from=a.example";

  it("reads the receiving server's verdicts, ignoring a header of another server above or below it", () => {
    const forged = "evil.example; spf=pass; dkim=pass; dmarc=pass";
    expect(read(`${forged}, ${real}`)).toEqual({ spf: "pass", dkim: "pass", dmarc: "none" });
    expect(read(`${real}, ${forged}`)).toEqual({ spf: "pass", dkim: "pass", dmarc: "none" });
  });

  it("believes only the topmost header of the receiving server: the sender's copy of its name further down is a forgery", () => {
    const forgedSameName = "mx.cloudflare.net; spf=pass; dkim=pass; dmarc=pass";
    const honest = "mx.cloudflare.net; spf=fail smtp.mailfrom=x@a.example; dkim=none; dmarc=fail header.from=bank.example";
    expect(read(`${honest}, ${forgedSameName}`)).toEqual({ spf: "fail", dkim: "none", dmarc: "fail" });
  });

  it("never takes a verdict from a comment or a quoted string", () => {
    const tricky = 'mx.cloudflare.net; spf=fail (sender said dmarc=pass, dkim=pass) smtp.mailfrom=x@a.example; dkim=fail reason="dmarc=pass; dkim=pass"; dmarc=fail (p=reject; spf=pass) header.from=a.example';
    expect(read(tricky)).toEqual({ spf: "fail", dkim: "fail", dmarc: "fail" });
    // A comma inside a comment starts no new header.
    expect(read("mx.cloudflare.net; dmarc=fail (policy, evil.example; dmarc=pass) header.from=a.example")).toEqual({ spf: null, dkim: null, dmarc: "fail" });
  });

  it("reads white space around '=', versions, upper case and several DKIM signatures as mail servers write them", () => {
    expect(read("MX.Cloudflare.NET 1; DKIM = Pass header.d=a.example; dkim=fail header.d=b.example; SPF=SoftFail; dmarc/1=pass")).toEqual({
      spf: "softfail",
      dkim: "pass",
      dmarc: "pass",
    });
  });

  it("reads nothing without the receiving server's header: a local run, a forged header alone, no header", () => {
    expect(read("mx.local; spf=softfail; dmarc=fail")).toEqual({ spf: null, dkim: null, dmarc: null });
    expect(read("mx.cloudflare.net.evil.example; spf=pass; dmarc=pass")).toEqual({ spf: null, dkim: null, dmarc: null });
    expect(read("mx.cloudflare.net; none")).toEqual({ spf: null, dkim: null, dmarc: null });
    expect(read(null)).toEqual({ spf: null, dkim: null, dmarc: null });
  });

  it("believes another authserv-id when the operator names it", () => {
    expect(parseAuthenticationResults("mx.example.org; dmarc=pass", "mx.example.org")).toEqual({ spf: null, dkim: null, dmarc: "pass" });
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
