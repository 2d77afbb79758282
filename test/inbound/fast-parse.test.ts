import { describe, expect, it } from "vitest";
import { skeletonOf } from "../../src/mail/mime-skeleton.ts";
import { ParsedMail } from "../../src/mail/parsed-mail.ts";
import type { SkippedPart } from "../../src/db/schema/index.ts";
import { splitMail } from "../../src/inbound/split.ts";
import { makeJpeg, makeLargePdf, makePdf, makePng, makeTnef, makeZip } from "../helpers/documents.ts";
import { cmsSignedData } from "../helpers/crypto-mail.ts";
import { ublXml } from "../helpers/einvoice.ts";
import { attachment, forwarded, html, mail, multipart, text } from "../helpers/mime.ts";
import { describeWithSamples, listSamples, readSample } from "../helpers/samples.ts";

/** Every file the splitter takes from a mail, with its bytes, and every part it skips. */
async function filesOf(raw: Uint8Array, fast: boolean) {
  const files: { path: string; name: string; declaredType: string; preset: unknown; bytes: Uint8Array }[] = [];
  const skipped: SkippedPart[] = [];
  let findings: unknown;
  try {
    const parsed = await ParsedMail.parse(raw, { fast });
    findings = await splitMail(parsed, {
      take: async (file) => {
        files.push({ path: file.path, name: file.name, declaredType: file.declaredType, preset: file.preset?.reason.code ?? null, bytes: file.bytes.slice() });
      },
      skip: (part) => skipped.push(part),
    });
  } catch (error) {
    return { error: (error as Error).message };
  }
  return { files, skipped, findings };
}

/** The fast path must give what postal-mime alone gives, byte for byte; `replaced`: the fast path really replaced bodies. */
async function expectSameFiles(raw: Uint8Array, replaced = true) {
  if (replaced) expect(skeletonOf(raw)).not.toBeNull();
  const plain = await filesOf(raw, false);
  const fast = await filesOf(raw, true);
  expect(fast).toEqual(plain);
  return fast as { files: { name: string; bytes: Uint8Array }[] };
}

const big = () => makeLargePdf(200_000);
/** A part whose body is given already encoded, exactly as written. */
interface RawPart {
  headers: [string, string][];
  body: string;
}

const base64Part = (name: string, bytes: Uint8Array, lineLength: number, newline = "\r\n"): RawPart => {
  const encoded = bytes.toBase64();
  const lines = [];
  for (let i = 0; i < encoded.length; i += lineLength) lines.push(encoded.slice(i, i + lineLength));
  return { headers: [["Content-Type", `application/pdf; name="${name}"`], ["Content-Disposition", `attachment; filename="${name}"`]], body: lines.join(newline) };
};

describe("the fast parse gives the same files as postal-mime alone", () => {
  it.each([
    ["a large PDF", async () => mail(multipart("mixed", text("x"), attachment("a.pdf", "application/pdf", big())))],
    ["several large attachments and a small one", async () => mail(multipart("mixed", text("x"), attachment("a.pdf", "application/pdf", big()), attachment("b.xml", "application/xml", ublXml()), attachment("c.pdf", "application/pdf", big())))],
    ["an inline image referenced by the HTML and a large one", async () => mail(multipart("mixed", multipart("related", html('<img src="cid:logo">'), attachment("logo.png", "image/png", await makePng(100, 40), { disposition: "inline", contentId: "logo" })), attachment("scan.jpg", "image/jpeg", makeJpeg(1200, 1600, 100_000))))],
    ["a forwarded mail (8bit) holding a large PDF", async () => mail(multipart("mixed", text("fwd"), forwarded(mail(multipart("mixed", text("inner"), attachment("inner.pdf", "application/pdf", big()))), "fwd.eml")))],
    ["a forwarded mail sent base64-encoded", async () => mail(multipart("mixed", text("fwd"), attachment("fwd.eml", "message/rfc822", mail(multipart("mixed", text("inner"), attachment("inner.pdf", "application/pdf", big()))))))],
    ["a forward of a forward", async () => mail(multipart("mixed", forwarded(mail(multipart("mixed", forwarded(mail(multipart("mixed", attachment("deep.pdf", "application/pdf", big())))))))))],
    ["a ZIP and a winmail.dat", async () => mail(multipart("mixed", attachment("a.zip", "application/zip", makeZip({ "x.pdf": big(), "y.pdf": makePdf() })), attachment("winmail.dat", "application/ms-tnef", makeTnef([{ name: "t.pdf", bytes: big() }]))))],
    ["a large banner the HTML shows beside a PDF (skipped, its size counted without decoding)", async () => mail(multipart("mixed", multipart("related", html('<img src="cid:b">'), attachment("banner.jpg", "image/jpeg", makeJpeg(1568, 268, 300_000), { disposition: "inline", contentId: "b" })), attachment("a.pdf", "application/pdf", big())))],
    ["a large opaque-signed S/MIME mail", async () => mail(attachment("smime.p7m", "application/pkcs7-mime; smime-type=signed-data", cmsSignedData({ content: mail(multipart("mixed", text("signed"), attachment("s.pdf", "application/pdf", big()))), streamedPieces: 4096 })))],
    ["a large text body in base64 and a large attachment", async () => mail(multipart("mixed", attachment(null, "text/plain; charset=utf-8", "line\n".repeat(10_000), { disposition: null }), attachment("a.pdf", "application/pdf", big())))],
  ])("%s", async (_what, build) => {
    const result = await expectSameFiles(await build());
    expect(result.files.length).toBeGreaterThan(0);
  });

  it.each([
    ["64-character lines", 64, "\r\n"],
    ["lines of 57 (not a multiple of 4)", 57, "\r\n"],
    ["bare LF line ends", 76, "\n"],
    ["one long line", 1_000_000, "\r\n"],
  ])("base64 written with %s", async (_what, lineLength, newline) => {
    const raw = mailWithRawBody(base64Part("odd.pdf", big(), lineLength, newline));
    const result = await expectSameFiles(raw);
    expect(result.files[0]!.name).toBe("odd.pdf");
  });

  it("padding in the middle of a body (each line padded), which the native decoder refuses", async () => {
    const pdf = big();
    const chunks = [];
    for (let i = 0; i < pdf.length; i += 56) chunks.push(pdf.subarray(i, i + 56).toBase64());
    const raw = mailWithRawBody({ headers: [["Content-Type", "application/pdf; name=p.pdf"]], body: chunks.join("\r\n") });
    const result = await expectSameFiles(raw);
    expect(result.files[0]!.bytes).toEqual(pdf);
  });

  it("stray characters in a body", async () => {
    const encoded = big().toBase64();
    const body = `${encoded.slice(0, 30_000)}\r\n!!!\r\n${encoded.slice(30_000)}`;
    await expectSameFiles(mailWithRawBody({ headers: [["Content-Type", "application/pdf; name=s.pdf"]], body }));
  });
});

describeWithSamples("the fast parse on the third-party mails", async () => {
  const paths = (await listSamples("mail")).filter((p) => p.endsWith(".eml"));
  it.each(paths)("%s", async (path) => {
    await expectSameFiles(await readSample(path), false);
  });
});

/** A mail whose one part carries an already base64-encoded body exactly as given (odd line lengths, padding). */
function mailWithRawBody(leaf: RawPart): Uint8Array {
  const boundary = "b-raw-body";
  const head = `From: a@b.example\r\nTo: c@d.example\r\nSubject: raw\r\nMessage-ID: <${crypto.randomUUID()}@t>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}\r\n`;
  const part = `${leaf.headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")}Content-Transfer-Encoding: base64\r\n\r\n${leaf.body}\r\n--${boundary}--\r\n`;
  return new TextEncoder().encode(head + part);
}
