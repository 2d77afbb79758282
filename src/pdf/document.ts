import {
  MAX_PDF_INFLATED_TOTAL_BYTES,
  MAX_PDF_OBJECTS,
  MAX_PDF_OBJECTS_RUNNING_TO_END,
  MAX_PDF_REFERENCE_CHAIN,
  MAX_PDF_STRUCTURE_STREAM_BYTES,
  MAX_PDF_XREF_SECTIONS,
} from "./limits.ts";
import { indexOfAscii, lastIndexOfAscii } from "../bytes.ts";
import { EncryptedPdf, Unreadable } from "../formats/unreadable.ts";
import { decodeStream } from "./filters.ts";
import { isDigit, isRegular, isWhitespace } from "./lexer.ts";
import { PdfParser, PdfRanToEnd, PdfSyntaxError } from "./parser.ts";
import { checkEmptyUserPassword } from "./security.ts";
import { PdfRef, PdfStream, type PdfDict, type PdfValue } from "./values.ts";

type XrefEntry = { kind: "offset"; offset: number } | { kind: "compressed"; stream: number } | { kind: "free" };

interface ObjectStream {
  parser: PdfParser;
  first: number;
  offsets: Map<number, number>;
}

/** How far from the end `startxref` may sit (trailing junk after %%EOF is common). */
const STARTXREF_SEARCH_BYTES = 4096;

/**
 * Just enough of a PDF reader to reach the document catalog and its embedded
 * files: cross-reference tables and streams (with incremental updates and
 * hybrid files), object streams, and, when the cross-reference data is
 * broken, a rebuilt index from a scan of the file, as PDF viewers do.
 * Every count and inflated byte is bounded by limits.ts.
 */
export class PdfDocument {
  private readonly entries = new Map<number, XrefEntry>();
  /** Trailer dictionaries, newest first. */
  private readonly trailers: PdfDict[] = [];
  private readonly objects = new Map<number, PdfValue>();
  private readonly loading = new Set<number>();
  private readonly objectStreams = new Map<number, ObjectStream | null>();
  private scanned: Map<number, XrefEntry> | null = null;
  private scannedCatalog: PdfDict | null = null;
  private inflated = 0;
  /** Objects found running into the end of the file so far (MAX_PDF_OBJECTS_RUNNING_TO_END). */
  private ranToEnd = 0;

  private constructor(
    private readonly bytes: Uint8Array,
    /** Where %PDF- starts: some files have junk before it and offsets counted from it. */
    private readonly headerOffset: number,
  ) {}

  /** Opens a PDF; throws Unreadable when it is no PDF or has no catalog to be found, EncryptedPdf when it is encrypted. */
  static open(bytes: Uint8Array): PdfDocument {
    const headerOffset = indexOfAscii(bytes, "%PDF-", 0, 1024);
    if (headerOffset === -1) throw new Unreadable("malformed", "The file is not a PDF: it has no %PDF header.");
    const document = new PdfDocument(bytes, headerOffset);
    try {
      document.readXrefChain();
    } catch (error) {
      // Broken cross-reference data is common and rebuilt below; only a limit stops the reading.
      if (!(error instanceof PdfSyntaxError) && !(error instanceof Unreadable && error.reason !== "too_large")) throw error;
    }
    document.refuseEncrypted();
    if (document.catalog() === null) {
      document.reconstruct();
      document.refuseEncrypted();
    }
    if (document.catalog() === null) throw new Unreadable("malformed", "The PDF is damaged: its document catalog cannot be found.");
    return document;
  }

  /** The document catalog (the trailer's /Root). */
  catalog(): PdfDict | null {
    for (const trailer of this.trailers) {
      const root = this.resolve(trailer.get("Root"));
      if (root instanceof Map) return root;
    }
    return this.scannedCatalog;
  }

  /** Follows indirect references (a bounded number of them). */
  resolve(value: PdfValue | undefined): PdfValue {
    let current = value ?? null;
    for (let step = 0; current instanceof PdfRef; step++) {
      if (step >= MAX_PDF_REFERENCE_CHAIN) return null;
      current = this.get(current.num);
    }
    return current;
  }

  /** A dictionary entry, resolved. */
  lookup(dict: PdfDict | PdfStream | null | undefined, key: string): PdfValue {
    const map = dict instanceof PdfStream ? dict.dict : dict;
    return this.resolve(map?.get(key));
  }

  /** A stream's decoded bytes; throws Unreadable past `cap` or past the document's inflation budget. */
  decode(stream: PdfStream, cap: number): Uint8Array {
    const budget = MAX_PDF_INFLATED_TOTAL_BYTES - this.inflated;
    if (budget <= 0) throw new Unreadable("too_large", `The PDF's streams inflate to more than ${MAX_PDF_INFLATED_TOTAL_BYTES} bytes in all.`);
    const data = decodeStream(stream, Math.min(cap, budget), (value) => this.resolve(value));
    this.inflated += data.length;
    return data;
  }

  /**
   * Refuses an encrypted PDF, whose attachments are not decrypted here, and
   * says whether people can open it without a password. As in viewers, the
   * file is encrypted only when its /Encrypt resolves to a dictionary.
   */
  private refuseEncrypted(): void {
    const encrypt = this.trailers.map((trailer) => this.resolve(trailer.get("Encrypt"))).find((value): value is PdfDict => value instanceof Map);
    if (!encrypt) return;
    const ids = this.trailers.map((trailer) => this.resolve(trailer.get("ID"))).find((value): value is PdfValue[] => Array.isArray(value));
    const firstId = this.resolve(ids?.[0]);
    const check = checkEmptyUserPassword(encrypt, firstId instanceof Uint8Array ? firstId : new Uint8Array(0), (dict, key) => this.lookup(dict, key));
    if (check === "opens") {
      throw new EncryptedPdf(
        true,
        "The PDF is encrypted but opens without a password (an owner password only restricts printing, copying or editing); its attachments are not read.",
      );
    }
    if (check === "needs_password") throw new EncryptedPdf(false, "The PDF needs a password to open, so it cannot be read.");
    const filter = this.lookup(encrypt, "Filter");
    if (filter !== "Standard") {
      const handler = typeof filter === "string" ? `the ${filter} security handler` : "an unknown security handler";
      throw new EncryptedPdf(false, `The PDF is encrypted with ${handler} (a certificate or another key than a password), so it cannot be opened.`);
    }
    throw new EncryptedPdf(false, "The PDF is encrypted with an algorithm no standard reader knows, or its encryption dictionary is damaged, so it cannot be opened.");
  }

  private parser(offset: number): PdfParser {
    return new PdfParser(this.bytes, offset, (value) => {
      const length = this.resolve(value);
      return typeof length === "number" ? length : null;
    });
  }

  private get(num: number): PdfValue {
    const cached = this.objects.get(num);
    if (cached !== undefined) return cached;
    // A reference back to an object being read (a /Length naming its own stream) has no value.
    if (this.loading.has(num) || this.loading.size >= MAX_PDF_REFERENCE_CHAIN) return null;
    this.loading.add(num);
    try {
      const value = this.load(num);
      this.objects.set(num, value);
      return value;
    } finally {
      this.loading.delete(num);
    }
  }

  private load(num: number): PdfValue {
    const entry = this.entries.get(num);
    if (entry?.kind === "free") return null;
    if (entry) {
      try {
        return this.loadEntry(num, entry);
      } catch (error) {
        if (!(error instanceof PdfSyntaxError)) throw error;
      }
    }
    // The cross-reference data is wrong about this object: look where the scan found it.
    const scanned = this.scan().get(num);
    if (!scanned || (entry?.kind === "offset" && scanned.kind === "offset" && scanned.offset === entry.offset)) return null;
    try {
      return this.loadEntry(num, scanned);
    } catch (error) {
      if (error instanceof PdfSyntaxError) return null;
      throw error;
    }
  }

  private loadEntry(num: number, entry: XrefEntry): PdfValue {
    if (entry.kind === "free") return null;
    if (entry.kind === "compressed") {
      const objectStream = this.objectStream(entry.stream);
      const offset = objectStream?.offsets.get(num);
      if (!objectStream || offset === undefined) throw new PdfSyntaxError(`object ${num} is not in object stream ${entry.stream}`);
      objectStream.parser.pos = objectStream.first + offset;
      return objectStream.parser.readValue();
    }
    for (const offset of new Set([entry.offset, entry.offset + this.headerOffset])) {
      try {
        const object = this.parser(offset).readIndirectObject();
        if (object.num === num) return object.value;
      } catch (error) {
        if (!(error instanceof PdfSyntaxError)) throw error;
        if (error instanceof PdfRanToEnd && ++this.ranToEnd > MAX_PDF_OBJECTS_RUNNING_TO_END) {
          throw new Unreadable("malformed", `The PDF is damaged: more than ${MAX_PDF_OBJECTS_RUNNING_TO_END} of its objects run into the end of the file (unterminated strings or streams).`);
        }
      }
    }
    throw new PdfSyntaxError(`object ${num} is not at offset ${entry.offset}`);
  }

  private objectStream(num: number): ObjectStream | null {
    if (this.objectStreams.has(num)) return this.objectStreams.get(num)!;
    this.objectStreams.set(num, null);
    const stream = this.get(num);
    if (!(stream instanceof PdfStream)) return null;
    const count = this.lookup(stream, "N");
    const first = this.lookup(stream, "First");
    if (typeof count !== "number" || typeof first !== "number" || count > MAX_PDF_OBJECTS) return null;
    const parser = new PdfParser(this.decode(stream, MAX_PDF_STRUCTURE_STREAM_BYTES));
    const offsets = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const objectNumber = parser.readInteger();
      const offset = parser.readInteger();
      if (objectNumber === null || offset === null) break;
      if (!offsets.has(objectNumber)) offsets.set(objectNumber, offset);
    }
    const objectStream = { parser, first, offsets };
    this.objectStreams.set(num, objectStream);
    return objectStream;
  }

  private setEntry(num: number, entry: XrefEntry): void {
    // Sections are read newest first: an entry already set is newer.
    if (this.entries.has(num)) return;
    if (this.entries.size >= MAX_PDF_OBJECTS) throw new Unreadable("too_large", `The PDF has more than ${MAX_PDF_OBJECTS} objects.`);
    this.entries.set(num, entry);
  }

  private readXrefChain(): void {
    const bytes = this.bytes;
    const at = lastIndexOfAscii(bytes, "startxref", bytes.length, Math.max(0, bytes.length - STARTXREF_SEARCH_BYTES));
    if (at === -1) throw new PdfSyntaxError("no startxref");
    let next: number | null = this.parser(at + "startxref".length).readInteger();
    const seen = new Set<number>();
    while (next !== null && !seen.has(next)) {
      if (seen.size >= MAX_PDF_XREF_SECTIONS) throw new Unreadable("too_large", `The PDF has more than ${MAX_PDF_XREF_SECTIONS} cross-reference sections.`);
      seen.add(next);
      const trailer = this.readXrefSectionAt(next);
      this.trailers.push(trailer);
      // A hybrid file lists its compressed objects in a stream that its table's trailer names.
      const hybrid = trailer.get("XRefStm");
      if (typeof hybrid === "number" && !seen.has(hybrid)) {
        seen.add(hybrid);
        this.readXrefSectionAt(hybrid);
      }
      const previous = trailer.get("Prev");
      next = typeof previous === "number" ? previous : null;
    }
  }

  private readXrefSectionAt(offset: number): PdfDict {
    try {
      return this.readXrefSection(offset);
    } catch (error) {
      if (!(error instanceof PdfSyntaxError) || this.headerOffset === 0) throw error;
      return this.readXrefSection(offset + this.headerOffset);
    }
  }

  /** Reads one cross-reference section (table or stream) into `entries`; returns its trailer dictionary. */
  private readXrefSection(offset: number): PdfDict {
    const parser = this.parser(offset);
    if (parser.acceptKeyword("xref")) {
      while (!parser.acceptKeyword("trailer")) {
        const start = parser.readInteger();
        const count = parser.readInteger();
        if (start === null || count === null) throw new PdfSyntaxError(`bad cross-reference table at ${offset}`);
        for (let i = 0; i < count; i++) {
          const entryOffset = parser.readInteger();
          const generation = parser.readInteger();
          const inUse = parser.acceptKeyword("n");
          if (entryOffset === null || generation === null || (!inUse && !parser.acceptKeyword("f"))) {
            throw new PdfSyntaxError(`bad cross-reference entry at ${parser.pos}`);
          }
          this.setEntry(start + i, inUse ? { kind: "offset", offset: entryOffset } : { kind: "free" });
        }
      }
      const trailer = parser.readValue();
      if (!(trailer instanceof Map)) throw new PdfSyntaxError(`no trailer dictionary at ${parser.pos}`);
      return trailer;
    }
    const { value } = parser.readIndirectObject();
    if (!(value instanceof PdfStream) || value.dict.get("Type") !== "XRef") throw new PdfSyntaxError(`no cross-reference at ${offset}`);
    this.readXrefStream(value);
    return value.dict;
  }

  private readXrefStream(stream: PdfStream): void {
    const widths = this.lookup(stream, "W");
    const size = this.lookup(stream, "Size");
    const index = this.lookup(stream, "Index");
    if (!Array.isArray(widths) || widths.length < 3 || widths.some((w) => typeof w !== "number" || w < 0 || w > 8)) {
      throw new PdfSyntaxError("bad /W in a cross-reference stream");
    }
    const [typeWidth, fieldWidth, extraWidth] = widths as [number, number, number];
    const rowWidth = typeWidth + fieldWidth + extraWidth;
    const data = this.decode(stream, MAX_PDF_STRUCTURE_STREAM_BYTES);
    const ranges = Array.isArray(index) ? index : [0, typeof size === "number" ? size : 0];
    let position = 0;
    const field = (width: number) => {
      let value = 0;
      for (let i = 0; i < width; i++) value = value * 256 + data[position++]!;
      return value;
    };
    for (let r = 0; r + 1 < ranges.length; r += 2) {
      const start = ranges[r];
      const count = ranges[r + 1];
      if (typeof start !== "number" || typeof count !== "number") break;
      for (let i = 0; i < count && position + rowWidth <= data.length; i++) {
        const type = typeWidth === 0 ? 1 : field(typeWidth);
        const second = field(fieldWidth);
        field(extraWidth);
        if (type === 0) this.setEntry(start + i, { kind: "free" });
        else if (type === 1) this.setEntry(start + i, { kind: "offset", offset: second });
        else if (type === 2) this.setEntry(start + i, { kind: "compressed", stream: second });
      }
    }
  }

  /** Every `n g obj` in the file, the last of each number winning (incremental updates append). */
  private scan(): Map<number, XrefEntry> {
    if (this.scanned) return this.scanned;
    const bytes = this.bytes;
    const table = new Map<number, XrefEntry>();
    this.scanned = table;
    for (let at = indexOfAscii(bytes, "obj"); at !== -1; at = indexOfAscii(bytes, "obj", at + 3)) {
      if (isRegular(bytes[at + 3])) continue;
      let i = at - 1;
      if (!isWhitespace(bytes[i])) continue;
      while (i >= 0 && isWhitespace(bytes[i])) i--;
      const genEnd = i;
      while (i >= 0 && isDigit(bytes[i])) i--;
      if (i === genEnd || !isWhitespace(bytes[i])) continue;
      while (i >= 0 && isWhitespace(bytes[i])) i--;
      const numEnd = i;
      while (i >= 0 && isDigit(bytes[i])) i--;
      if (i === numEnd || numEnd - i > 10 || (i >= 0 && isRegular(bytes[i]))) continue;
      let num = 0;
      for (let d = i + 1; d <= numEnd; d++) num = num * 10 + bytes[d]! - 0x30;
      table.set(num, { kind: "offset", offset: i + 1 });
      if (table.size > MAX_PDF_OBJECTS) throw new Unreadable("too_large", `The PDF has more than ${MAX_PDF_OBJECTS} objects.`);
    }
    return table;
  }

  /**
   * Rebuilds what broken cross-reference data hides: trailers found by their
   * keyword, cross-reference streams (which carry the trailer entries),
   * object streams' contents, and a catalog found by its /Type.
   */
  private reconstruct(): void {
    const bytes = this.bytes;
    const table = this.scan();
    for (let at = bytes.length, found = 0; found < MAX_PDF_XREF_SECTIONS; found++) {
      at = lastIndexOfAscii(bytes, "trailer", at);
      if (at === -1) break;
      try {
        const trailer = this.parser(at + "trailer".length).readValue();
        if (trailer instanceof Map) this.trailers.push(trailer);
      } catch (error) {
        if (!(error instanceof PdfSyntaxError)) throw error;
      }
    }
    for (const num of [...table.keys()]) {
      const value = this.get(num);
      const dict = value instanceof PdfStream ? value.dict : value instanceof Map ? value : null;
      const type = dict?.get("Type");
      if (type === "XRef" && dict) this.trailers.push(dict);
      else if (type === "Catalog" && value instanceof Map) this.scannedCatalog = value;
      else if (type === "ObjStm") {
        for (const contained of this.objectStream(num)?.offsets.keys() ?? []) {
          if (!table.has(contained)) table.set(contained, { kind: "compressed", stream: num });
        }
      }
    }
    // Objects looked up before their object stream was found were taken as absent.
    this.objects.clear();
  }
}
