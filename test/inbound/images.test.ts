import { describe, expect, it } from "vitest";
import { makeJpeg, makePdf, makePng } from "../helpers/documents.ts";
import { attachment, html, mail, multipart, text } from "../helpers/mime.ts";
import { receiveMail } from "../helpers/received.ts";

/**
 * An image becomes a purchase invoice only when it can be a scanned or
 * photographed document: of the size and shape of a page, a receipt or a
 * photo of one, and, beside a PDF or e-invoice of the same mail, only when
 * it is attached as a full page photo or scan of its own. Everything else
 * (banners, logos, pictures of an HTML mail) is listed as a skipped part.
 */

/** JPEG bytes well above the signature-logo size, as real banners and photos are. */
const large = (width: number, height: number) => makeJpeg(width, height, 300_000);

/** An HTML mail that shows `cid:<id>` images, as newsletter-style invoice mails and phone mail apps write it. */
const htmlMail = (images: { name: string; id: string; bytes: Uint8Array; type?: string }[], ...attached: ReturnType<typeof attachment>[]) =>
  multipart(
    "mixed",
    multipart(
      "related",
      multipart("alternative", text("Your invoice for November"), html(`<p>Your invoice for November</p>${images.map((i) => `<img src="cid:${i.id}">`).join("")}`)),
      ...images.map((i) => attachment(i.name, i.type ?? "image/jpeg", i.bytes, { disposition: "inline", contentId: i.id })),
    ),
    ...attached,
  );

describe("images that are not documents are skipped", () => {
  it("a 1568×268 banner shown in an HTML invoice mail beside the PDF: one purchase invoice, the banner skipped", async () => {
    const r = await receiveMail((to) => mail(htmlMail([{ name: "banner.jpg", id: "banner@shop", bytes: large(1568, 268) }], attachment("invoice-1182.pdf", "application/pdf", makePdf())), { to }));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices.map((i) => [i.format, i.file.name])).toEqual([["pdf", "invoice-1182.pdf"]]);
    expect(r.inbox).toEqual([]);
    expect(r.skipped()).toEqual([
      ["part 1.1.1", "body"],
      ["part 1.1.2", "body"],
      ["banner.jpg", "inline_image"],
    ]);
    expect(r.message.skippedParts[2].reason).toBe("A picture shown in the text of the mail (1568×268 pixels), not a document of its own.");
  });

  it("the same banner attached rather than shown: skipped for its shape", async () => {
    const r = await receiveMail((to) => mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", makePdf()), attachment("banner.jpg", "image/jpeg", large(1568, 268))), { to }));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices).toHaveLength(1);
    expect(r.message.skippedParts.find((p: any) => p.name === "banner.jpg")).toMatchObject({ why: "image_not_document", reason: expect.stringContaining("shaped like a banner") });
  });

  it("a photo-sized picture the HTML shows by cid: beside the PDF is a picture of the mail, not a second invoice", async () => {
    const r = await receiveMail((to) => mail(htmlMail([{ name: "product.jpg", id: "product", bytes: large(1200, 1600) }], attachment("invoice.pdf", "application/pdf", makePdf())), { to }));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices.map((i) => i.file.name)).toEqual(["invoice.pdf"]);
    expect(r.inbox).toEqual([]);
    expect(r.skipped()).toContainEqual(["product.jpg", "inline_image"]);
  });

  it("a cid: banner in a mail without any document: ignored, and the notice says only pictures came", async () => {
    const r = await receiveMail((to) => mail(htmlMail([{ name: "header.jpg", id: "header", bytes: large(1200, 400) }]), { to, from: "News <news@shop.example>" }));
    expect(r.message.outcome).toBe("ignored");
    expect(r.invoices).toEqual([]);
    expect(r.inbox).toMatchObject([{ kind: "no_attachment", reasonCode: "NO_ATTACHMENT" }]);
    expect(r.inbox[0].reason).toBe("The mail from News <news@shop.example> had no invoice attached (only pictures that are not invoices, such as logos and banners), so nothing was imported.");
  });

  it("small pictures of an HTML signature are signature logos, as before", async () => {
    const logo = await makePng(180, 60);
    const r = await receiveMail((to) => mail(htmlMail([{ name: "image001.png", id: "image001.png@01DB3C4A", bytes: logo, type: "image/png" }], attachment("INV-7781.pdf", "application/pdf", makePdf())), { to }));
    expect(r.message.outcome).toBe("imported");
    expect(r.skipped()).toContainEqual(["image001.png", "signature_logo"]);
  });

  it("beside a PDF, a screenshot-sized attached image and Outlook's image001.jpg are not second invoices", async () => {
    const r = await receiveMail((to) =>
      mail(multipart("mixed", text("x"), attachment("invoice.pdf", "application/pdf", makePdf()), attachment("screenshot.jpg", "image/jpeg", large(900, 700)), attachment("image001.jpg", "image/jpeg", large(1400, 1800))), { to }),
    );
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices.map((i) => i.file.name)).toEqual(["invoice.pdf"]);
    expect(r.skipped()).toEqual([
      ["part 1", "body"],
      ["screenshot.jpg", "image_not_document"],
      ["image001.jpg", "image_not_document"],
    ]);
    expect(r.message.skippedParts[1].reason).toContain("beside the PDF or e-invoice");
  });
});

describe("images that are documents are imported", () => {
  it("a photographed invoice mailed alone (a phone camera JPEG attached)", async () => {
    const r = await receiveMail((to) => mail(multipart("mixed", text("Sent from my phone"), attachment("IMG_4031.JPG", "image/jpeg", large(3024, 4032))), { to }));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices.map((i) => [i.format, i.file.name])).toEqual([["image", "IMG_4031.JPG"]]);
    expect(r.inbox).toEqual([]);
    expect(r.skipped()).toEqual([["part 1", "body"]]);
  });

  it("a photo of a receipt that a phone mail app put in the HTML body by cid:, alone", async () => {
    const r = await receiveMail((to) => mail(htmlMail([{ name: "IMG_4032.jpeg", id: "E1B2C3D4-0000@apple", bytes: large(1536, 2048) }]), { to }));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices.map((i) => [i.format, i.file.name])).toEqual([["image", "IMG_4032.jpeg"]]);
    expect(r.inbox).toEqual([]);
    expect(r.skipped()).toEqual([
      ["part 1.1.1", "body"],
      ["part 1.1.2", "body"],
    ]);
  });

  it("a long till receipt scanned alone (portrait, 1:4)", async () => {
    const receipt = await makePng(600, 2400);
    const r = await receiveMail((to) => mail(multipart("mixed", text("receipt"), attachment("receipt.png", "image/png", receipt)), { to }));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices).toHaveLength(1);
  });

  it("a full-page scan attached beside a PDF is a document of its own", async () => {
    const r = await receiveMail((to) => mail(multipart("mixed", text("Invoice and the signed delivery note"), attachment("invoice.pdf", "application/pdf", makePdf()), attachment("delivery-note.jpg", "image/jpeg", large(2480, 3508))), { to }));
    expect(r.message.outcome).toBe("imported");
    expect(r.invoices.map((i) => i.file.name).sort()).toEqual(["delivery-note.jpg", "invoice.pdf"]);
  });
});
