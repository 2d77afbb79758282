import { describe, expect, it } from "vitest";
import { encryptZipFlags, makePdf, makeTnef, makeZip } from "../helpers/documents.ts";
import { attachment, forwarded, mail, multipart, text, type Node } from "../helpers/mime.ts";
import { expectFlagged, expectPassed, receive } from "../helpers/received.ts";

/**
 * Containers that cannot be opened safely, decided while the mail is split:
 * each code with the dangerous and the nearest harmless case, end to end.
 */
const zipped = (name: string, files: Record<string, Uint8Array>, level: 0 | 6 | 9 = 6) => attachment(name, "application/zip", makeZip(files, level));

describe("ARCHIVE_ENCRYPTED", () => {
  it("fires on a password-protected ZIP, which cannot be scanned", async () => {
    const received = await receive(attachment("invoice.zip", "application/zip", encryptZipFlags(makeZip({ "invoice.pdf": makePdf() }))));
    expect(expectFlagged(received, "invoice.zip", "ARCHIVE_ENCRYPTED").reason).toMatch(/encrypted archive, which cannot be scanned/);
  });

  it("does not fire on the same ZIP without a password", async () => {
    const received = await receive(zipped("invoice.zip", { "invoice.pdf": makePdf() }));
    expectPassed(received, "invoice.pdf");
  });
});

describe("ARCHIVE_TOO_DEEP", () => {
  it("fires on a ZIP in a ZIP in a ZIP", async () => {
    const innermost = makeZip({ "invoice.pdf": makePdf() });
    const received = await receive(zipped("a.zip", { "b.zip": makeZip({ "c.zip": innermost }) }));
    expect(expectFlagged(received, "c.zip", "ARCHIVE_TOO_DEEP").reason).toMatch(/more than 2 archives deep/);
    expect(received.file("c.zip").path).toBe("a.zip › b.zip › c.zip");
  });

  it("does not fire on a ZIP in a ZIP", async () => {
    const received = await receive(zipped("a.zip", { "b.zip": makeZip({ "invoice.pdf": makePdf() }) }));
    expectPassed(received, "invoice.pdf");
  });
});

describe("ARCHIVE_TOO_MANY_FILES", () => {
  const files = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`notes-${i}.txt`, new TextEncoder().encode(`line ${i}\n`)]));

  it("fires on a ZIP of 101 files", async () => {
    const received = await receive(zipped("many.zip", files(101)));
    expect(expectFlagged(received, "many.zip", "ARCHIVE_TOO_MANY_FILES").reason).toMatch(/101 entries; at most 100/);
  });

  it("does not fire on a ZIP of 100 files", { timeout: 60_000 }, async () => {
    const received = await receive(zipped("many.zip", { ...files(99), "invoice.pdf": makePdf() }));
    expect(received.message.files).toHaveLength(100);
    expectPassed(received, "invoice.pdf");
    expect(received.message.outcome).toBe("imported");
  });
});

describe("ARCHIVE_BOMB", () => {
  it("fires on an entry that expands more than 100 times, and on one over 25 MiB", async () => {
    const received = await receive(zipped("ratio.zip", { "zeros.pdf": new Uint8Array(2 * 1024 * 1024) }, 9), zipped("large.zip", { "large.pdf": new Uint8Array(26 * 1024 * 1024) }, 9));
    expect(expectFlagged(received, "ratio.zip", "ARCHIVE_BOMB").reason).toMatch(/would expand \d+ times/);
    expect(expectFlagged(received, "large.zip", "ARCHIVE_BOMB").reason).toMatch(/would expand to 27262976 bytes/);
  });

  it("does not fire on text that compresses well, as invoice lines do", async () => {
    const lines = Array.from({ length: 4000 }, (_, i) => `${i};widget ${i % 97};${(i * 7.31).toFixed(2)};EUR\n`).join("");
    const received = await receive(zipped("invoice.zip", { "invoice.pdf": makePdf(), "lines.csv": new TextEncoder().encode(lines) }, 9));
    expectPassed(received, "lines.csv", "companion");
  });
});

describe("ARCHIVE_DAMAGED", () => {
  it("fires, as invalid, on a ZIP cut off before its directory", async () => {
    const zip = makeZip({ "invoice.pdf": makePdf() });
    const received = await receive(attachment("invoice.zip", "application/zip", zip.slice(0, zip.length - 60)));
    expect(received.file("invoice.zip")).toMatchObject({ verdict: "invalid", reasonCode: "ARCHIVE_DAMAGED" });
    expect(received.item("invoice.zip")).toMatchObject({ kind: "invalid", reasonCode: "ARCHIVE_DAMAGED", scanner: null });
  });

  it("does not fire on the whole ZIP", async () => {
    const received = await receive(zipped("invoice.zip", { "invoice.pdf": makePdf() }));
    expectPassed(received, "invoice.pdf");
  });
});

describe("CONTAINERS_TOO_DEEP", () => {
  const fwd = (inner: Node, name: string) => forwarded(mail(multipart("mixed", text("fwd"), inner), { subject: name }), `${name}.eml`);
  const nested = (levels: number) => {
    // A winmail.dat in two ZIPs, forwarded `levels` times.
    let node: Node = attachment("outer.zip", "application/zip", makeZip({ "inner.zip": makeZip({ "winmail.dat": makeTnef([{ name: "invoice.pdf", bytes: makePdf() }]) }) }));
    for (let i = 1; i <= levels; i++) node = fwd(node, `fwd${i}`);
    return node;
  };

  it("fires on five containers inside each other", async () => {
    const received = await receive(nested(2));
    expect(expectFlagged(received, "winmail.dat", "CONTAINERS_TOO_DEEP").reason).toMatch(/more than 4 deep/);
  });

  it("does not fire on four", async () => {
    const received = await receive(nested(1));
    expectPassed(received, "invoice.pdf");
    expect(received.file("invoice.pdf").path).toBe("fwd1.eml (fwd1) › outer.zip › inner.zip › winmail.dat › invoice.pdf");
  });
});
