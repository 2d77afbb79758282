import { describe, expect, it } from "vitest";
import { readZip, type ArchiveEntry } from "../../src/formats/zip.ts";

/** Opens an archive and inflates every entry, as the splitter does; a problem found while inflating is returned like one found before. */
async function open(bytes: Uint8Array) {
  const contents = readZip(bytes);
  if ("problem" in contents) return contents;
  const entries: ArchiveEntry[] = [];
  try {
    for await (const entry of contents.entries) entries.push({ name: entry.name, bytes: entry.bytes.slice() });
  } catch (error) {
    return { problem: (error as { problem: unknown }).problem };
  }
  return { entries };
}
import { encryptZipFlags, makePdf, makeZip } from "../helpers/documents.ts";

describe("readZip", () => {
  it("opens stored and deflated entries, skipping folders", async () => {
    const a = makePdf("a");
    const b = makePdf("b");
    for (const level of [0, 9] as const) {
      const contents = await open(makeZip({ "x/": new Uint8Array(), "x/a.pdf": a, "b.pdf": b }, level));
      expect(contents).toEqual({ entries: [{ name: "x/a.pdf", bytes: a }, { name: "b.pdf", bytes: b }] });
    }
  });

  it("refuses an encrypted archive", async () => {
    const contents = await open(encryptZipFlags(makeZip({ "a.pdf": makePdf() })));
    expect(contents).toMatchObject({ problem: { code: "ARCHIVE_ENCRYPTED" } });
  });

  it("refuses more entries than an invoice archive holds", async () => {
    const files = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`${i}.txt`, new TextEncoder().encode(String(i))]));
    expect(await open(makeZip(files))).toMatchObject({ problem: { code: "ARCHIVE_TOO_MANY_FILES" } });
    delete files["100.txt"];
    expect(await open(makeZip(files))).toHaveProperty("entries");
  });

  it("refuses an entry that expands far beyond its compressed size (a bomb)", async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    expect(await open(makeZip({ "big.pdf": zeros }))).toMatchObject({ problem: { code: "ARCHIVE_BOMB" } });
  });

  it("refuses a bomb that lies about its size, while inflating", async () => {
    const zip = makeZip({ "big.bin": new Uint8Array(4 * 1024 * 1024) });
    // Rewrite the declared sizes in the central directory to look harmless.
    const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let i = 0; i + 4 <= zip.length; i++) {
      if (v.getUint32(i, true) === 0x02014b50) v.setUint32(i + 24, 100, true);
    }
    expect(await open(zip)).toMatchObject({ problem: { code: "ARCHIVE_BOMB", params: { how: "inflates_past_declared" } } });
  });

  it("reports a damaged archive as such", async () => {
    const zip = makeZip({ "a.pdf": makePdf() });
    expect(await open(zip.slice(0, 40))).toMatchObject({ problem: { code: "ARCHIVE_DAMAGED" } });
    const corrupt = zip.slice();
    corrupt.fill(0xaa, 40, 80);
    expect(await open(corrupt)).toMatchObject({ problem: { code: "ARCHIVE_DAMAGED" } });
  });
});
