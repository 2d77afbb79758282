import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { attachmentLeaves, leavesOf } from "../../src/mail/mime-tree.ts";
import { ParsedMail } from "../../src/mail/parsed-mail.ts";
import { makePdf, makePng } from "../helpers/documents.ts";
import { attachment, forwarded, html, mail, multipart, text } from "../helpers/mime.ts";

/**
 * The leaves of postal-mime's own tree (mime-tree.ts reads fields its
 * published types leave out): this file fails first when an upgrade of
 * postal-mime changes them.
 */
describe("the leaves of a mail's MIME tree", () => {
  it("are every part, numbered as IMAP numbers them, each with postal-mime's attachment or its body text", async () => {
    const raw = mail(
      multipart(
        "mixed",
        multipart("related", multipart("alternative", text("Hello"), html('<p>Hello</p><img src="cid:logo">')), attachment("logo.png", "image/png", await makePng(80, 30), { disposition: "inline", contentId: "logo" })),
        attachment("invoice.pdf", "application/pdf", makePdf()),
        forwarded(mail(text("inner")), "fwd.eml"),
      ),
    );
    const parsed = await ParsedMail.parse(raw, { fast: false });
    expect(parsed.leaves.map((l) => [l.section, l.type, l.within.map((m) => m.subtype).join("/"), l.attachment?.filename ?? null, l.bodyText ? new TextDecoder().decode(l.bodyText).trim() : null])).toEqual([
      ["1.1.1", "text/plain", "mixed/related/alternative", null, "Hello"],
      ["1.1.2", "text/html", "mixed/related/alternative", null, '<p>Hello</p><img src="cid:logo">'],
      ["1.2", "image/png", "mixed/related", "logo.png", null],
      ["2", "application/pdf", "mixed", "invoice.pdf", null],
      ["3", "message/rfc822", "mixed", "fwd.eml", null],
    ]);
    expect(parsed.leaves.filter((l) => l.attachment).map((l) => l.attachment)).toEqual(parsed.email.attachments);
    expect(parsed.leaves[2]).toMatchObject({ contentId: "<logo>", disposition: "inline", rawName: "logo.png" });
  });

  it("a mail of one part is one leaf, section 1", async () => {
    const parsed = await ParsedMail.parse(mail(attachment("only.pdf", "application/pdf", makePdf())));
    expect(parsed.leaves.map((l) => [l.section, l.type, l.within])).toEqual([["1", "application/pdf", []]]);
  });

  it("a multipart whose boundary never comes is a leaf of unsplit text, not nothing", async () => {
    const raw = new TextEncoder().encode('From: a@b.example\r\nContent-Type: multipart/mixed; boundary="never"\r\n\r\nJust text.\r\n');
    const parsed = await ParsedMail.parse(raw);
    expect(parsed.leaves.map((l) => [l.section, l.type, l.attachment, new TextDecoder().decode(l.bodyText!).trim()])).toEqual([["1", "multipart/mixed", null, "Just text."]]);
  });

  it("a part whose Content-Type is empty is an attachment, as postal-mime takes it", async () => {
    const raw = new TextEncoder().encode('From: a@b.example\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHello\r\n--b\r\nContent-Type: ; name="x.bin"\r\n\r\nData\r\n--b--\r\n');
    const parsed = await ParsedMail.parse(raw);
    expect(parsed.leaves.map((l) => [l.section, l.type, l.attachment?.mimeType ?? null])).toEqual([
      ["1", "text/plain", null],
      ["2", "application/octet-stream", ""],
    ]);
  });

  it("a tree it cannot read gives null, and the mail is then split from its attachments alone", async () => {
    const raw = mail(multipart("mixed", text("x"), attachment("a.pdf", "application/pdf", makePdf())));
    const email = await PostalMime.parse(raw, { forceRfc822Attachments: true });
    expect(leavesOf({ root: { something: "else" } }, email)).toBeNull();
    expect(leavesOf({}, email)).toBeNull();
    expect(attachmentLeaves(email).map((l) => [l.section, l.type, l.attachment?.filename])).toEqual([["1", "application/pdf", "a.pdf"]]);
  });
});
