import { describe, expect, it } from "vitest";
import { looksLikeCms, readCms } from "../../src/formats/cms.ts";
import { openPgpKind } from "../../src/formats/openpgp.ts";
import { cmsEnvelopedData, cmsSignedData, pgpArmor, pgpBinarySignature } from "../helpers/crypto-mail.ts";
import { makePdf } from "../helpers/documents.ts";

describe("CMS (S/MIME)", () => {
  const content = new TextEncoder().encode("Content-Type: text/plain\r\n\r\nsigned text\r\n".repeat(100));

  it("tells a detached signature from opaque-signed content, and takes the content out", () => {
    expect(readCms(cmsSignedData())).toEqual({ kind: "signed", content: null, complete: true });
    expect(readCms(cmsSignedData({ content }))).toEqual({ kind: "signed", content, complete: true });
  });

  it("reads streamed BER: indefinite lengths, content in pieces", () => {
    const cms = cmsSignedData({ content, streamedPieces: 333 });
    expect(cms[1]).toBe(0x80);
    expect(readCms(cms)).toEqual({ kind: "signed", content, complete: true });
  });

  it("knows enveloped data for encrypted", () => {
    expect(readCms(cmsEnvelopedData())).toEqual({ kind: "encrypted" });
  });

  it("says a signature cut short is one, without content it could not read", () => {
    // Cut before the encapsulated content info: whether it held content is not known.
    expect(readCms(cmsSignedData().subarray(0, 30))).toEqual({ kind: "signed", content: null, complete: false });
    // Cut in the certificates, after an encapsulated content info without content: a detached signature all the same.
    expect(readCms(cmsSignedData().subarray(0, 200))).toEqual({ kind: "signed", content: null, complete: true });
    expect(readCms(cmsSignedData({ content, streamedPieces: 333 }).subarray(0, 500))).toEqual({ kind: "signed", content: null, complete: false });
  });

  it("is not fooled by other bytes", () => {
    for (const other of [makePdf(), new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), new Uint8Array([0x30]), new Uint8Array(), new Uint8Array([0x30, 0x80, 0x30, 0x80, 0x30, 0x80])]) {
      expect(looksLikeCms(other)).toBe(false);
      expect(readCms(other)).toBeNull();
    }
  });

  it("stops at nesting no CMS has", () => {
    const deep = new Uint8Array(200).fill(0x30).map((b, i) => (i % 2 ? 0x80 : b));
    expect(readCms(deep)).toBeNull();
  });
});

describe("OpenPGP", () => {
  it.each([
    ["an armored signature", pgpArmor("SIGNATURE"), false, "signature"],
    ["an armored public key", pgpArmor("PUBLIC KEY BLOCK"), false, "key"],
    ["an armored message", `\r\n${pgpArmor("MESSAGE")}`, false, "encrypted"],
    ["a binary signature declared as one", pgpBinarySignature(), true, "signature"],
    ["a binary signature not declared", pgpBinarySignature(), false, null],
    ["a PDF declared as a signature", makePdf(), true, null],
    ["a signed message in clear text", "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nhello", false, null],
  ] as const)("%s", (_what, data, declared, kind) => {
    expect(openPgpKind(typeof data === "string" ? new TextEncoder().encode(data) : data, declared)).toBe(kind);
  });
});
