import { describe, expect, it } from "vitest";
import { documentShape, isOutlookBodyImageName, judgeImage } from "../../src/inbound/document-images.ts";

const attached = (width: number, height: number, size = 500_000) => ({ width, height, size, inBody: false, outlookBodyName: false });
const shown = (width: number, height: number, size = 500_000) => ({ ...attached(width, height, size), inBody: true });

describe("which images are documents", () => {
  it.each([
    ["an A4 scan at 300 dpi", 2480, 3508, "document"],
    ["an A4 page at 72 dpi", 595, 842, "document"],
    ["a phone photo", 3024, 4032, "document"],
    ["a landscape phone photo", 4032, 3024, "document"],
    ["a 16:9 screenshot", 1920, 1080, "document"],
    ["a phone screenshot", 1170, 2532, "document"],
    ["a till receipt 80 mm wide at 150 dpi", 472, 2100, "document"],
    ["a 1568×268 banner", 1568, 268, "shape"],
    ["a 1200×600 header", 1200, 600, "shape"],
    ["a Facebook share image 1200×628", 1200, 628, "shape"],
    ["a 160×600 skyscraper", 160, 600, "small"],
    ["an icon", 32, 32, "small"],
    ["a 300×300 product picture", 300, 300, "small"],
  ])("%s (%i×%i): %s", (_what, width, height, expected) => {
    expect(documentShape(width, height)).toBe(expected);
  });

  it("a small picture the body shows is a signature logo, whatever its shape", () => {
    expect(judgeImage(shown(400, 400, 20_000), false)).toEqual({ document: false, why: "signature_logo" });
  });

  it("alone, a document-shaped image is a document, shown in the body or attached", () => {
    expect(judgeImage(attached(3024, 4032), false)).toEqual({ document: true });
    expect(judgeImage(shown(1536, 2048), false)).toEqual({ document: true });
  });

  it("beside a PDF or e-invoice, only a full-page photo or scan that is attached (and not Outlook's body picture) is a document", () => {
    expect(judgeImage(attached(2480, 3508), true)).toEqual({ document: true });
    expect(judgeImage(shown(2480, 3508), true)).toEqual({ document: false, why: "inline_image" });
    expect(judgeImage(attached(900, 1200), true)).toEqual({ document: false, why: "image_not_document", because: "beside_document" });
    expect(judgeImage({ ...attached(1400, 1800), outlookBodyName: true }, true)).toEqual({ document: false, why: "image_not_document", because: "beside_document" });
  });

  it("banners and icons are never documents", () => {
    expect(judgeImage(shown(1568, 268), false)).toEqual({ document: false, why: "inline_image" });
    expect(judgeImage(attached(1568, 268), false)).toEqual({ document: false, why: "image_not_document", because: "shape" });
    expect(judgeImage(attached(64, 64), false)).toEqual({ document: false, why: "image_not_document", because: "small" });
  });

  it("formats whose size is not read (HEIC, AVIF) count as document-shaped", () => {
    expect(judgeImage(attached(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), false)).toEqual({ document: true });
  });

  it.each([
    ["image001.png", true],
    ["IMAGE002.JPG", true],
    ["image1.png", false],
    ["scan-image001.png", false],
    [null, false],
  ])("%j is Outlook's name for a body picture: %s", (name, expected) => {
    expect(isOutlookBodyImageName(name)).toBe(expected);
  });
});
