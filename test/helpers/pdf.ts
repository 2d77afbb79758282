import { zlibSync } from "fflate";
import { FIXTURE_FILE_ID } from "./pdf-encryption.ts";

/**
 * Hybrid PDFs of our own: one empty page plus embedded files, written with a
 * classic cross-reference table or with PDF 1.5 object and cross-reference
 * streams, and with the damage or hostility a test needs.
 */
export interface PdfOptions {
  attachments?: readonly { name: string; data: Uint8Array; compress?: boolean }[];
  /** fx:DocumentFileName in the XMP metadata. */
  xmpInvoiceName?: string;
  /** List attachments in the EmbeddedFiles name tree, in the catalog's /AF array, or both (default). */
  listedIn?: "names" | "af" | "both";
  /** `table` (default) or `streams`: objects in an object stream, the cross-reference in a predicted, compressed stream. */
  xref?: "table" | "streams";
  /** startxref points nowhere, as in files damaged by careless editing. */
  brokenXref?: boolean;
  /** An /Encrypt dictionary (PDF source, see pdf-encryption.ts) in the trailer, or as an indirect object the trailer names. */
  encrypt?: { dictionary: string; indirect?: boolean };
  /** The first half of the trailer's /ID (default FIXTURE_FILE_ID); null for none. */
  fileId?: Uint8Array | null;
  /** `direct` (default): `/Length 123`; `indirect`: `/Length 9 0 R`, the number in an object written after the stream, as many writers do. */
  lengths?: "direct" | "indirect";
}

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

function pdfString(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

function xmp(invoiceName: string): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:zz="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
<zz:DocumentType>INVOICE</zz:DocumentType><zz:DocumentFileName>${invoiceName}</zz:DocumentFileName><zz:Version>1.0</zz:Version><zz:ConformanceLevel>EN 16931</zz:ConformanceLevel>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;
}

export function buildPdf(options: PdfOptions = {}): Uint8Array {
  const attachments = options.attachments ?? [];
  const listedIn = options.listedIn ?? "both";
  // Objects: 1 catalog, 2 pages, 3 page, 4 metadata, then per attachment a file spec and its stream.
  const objects = new Map<number, { dict: string; stream?: Uint8Array }>();
  const specRefs: string[] = [];
  const nameTree: string[] = [];
  attachments.forEach((attachment, i) => {
    const spec = 5 + i * 2;
    const file = spec + 1;
    const data = attachment.compress === false ? attachment.data : zlibSync(attachment.data);
    const filter = attachment.compress === false ? "" : " /Filter /FlateDecode";
    objects.set(file, { dict: `<< /Type /EmbeddedFile /Subtype /text#2Fxml${filter} /Length ${data.length} >>`, stream: data });
    objects.set(spec, {
      dict: `<< /Type /Filespec /F ${pdfString(attachment.name)} /UF ${pdfString(attachment.name)} /EF << /F ${file} 0 R >> /AFRelationship /Data >>`,
    });
    specRefs.push(`${spec} 0 R`);
    nameTree.push(`${pdfString(attachment.name)} ${spec} 0 R`);
  });
  const names = listedIn !== "af" && nameTree.length ? ` /Names << /EmbeddedFiles << /Names [${nameTree.join(" ")}] >> >>` : "";
  const af = listedIn !== "names" && specRefs.length ? ` /AF [${specRefs.join(" ")}]` : "";
  const metadata = options.xmpInvoiceName === undefined ? "" : " /Metadata 4 0 R";
  objects.set(1, { dict: `<< /Type /Catalog /Pages 2 0 R${names}${af}${metadata} >>` });
  objects.set(2, { dict: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>" });
  objects.set(3, { dict: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>" });
  if (options.xmpInvoiceName !== undefined) {
    const packet = new TextEncoder().encode(xmp(options.xmpInvoiceName));
    objects.set(4, { dict: `<< /Type /Metadata /Subtype /XML /Length ${packet.length} >>`, stream: packet });
  }

  const parts: Uint8Array[] = [latin1("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")];
  let length = parts[0]!.length;
  const push = (part: Uint8Array) => {
    parts.push(part);
    length += part.length;
  };
  const offsets = new Map<number, number>();
  const writeObject = (num: number, dict: string, stream?: Uint8Array) => {
    offsets.set(num, length);
    push(latin1(`${num} 0 obj\n${dict}\n`));
    if (stream) {
      push(latin1("stream\n"));
      push(stream);
      push(latin1("\nendstream\n"));
    }
    push(latin1("endobj\n"));
  };
  if (options.lengths === "indirect") {
    let next = Math.max(...objects.keys(), 4) + 1;
    for (const object of [...objects.values()]) {
      if (!object.stream) continue;
      object.dict = object.dict.replace(/\/Length \d+/, `/Length ${next} 0 R`);
      objects.set(next++, { dict: String(object.stream.length) });
    }
  }
  // The Encrypt dictionary, when indirect, comes last among the plain objects, as writers put it after the content.
  const encryptNum = Math.max(...objects.keys(), 4) + 1;
  if (options.encrypt?.indirect) objects.set(encryptNum, { dict: options.encrypt.dictionary });
  const size = Math.max(...objects.keys(), 4) + 3;
  const encrypt = options.encrypt ? ` /Encrypt ${options.encrypt.indirect ? `${encryptNum} 0 R` : options.encrypt.dictionary}` : "";
  const fileId = options.fileId === undefined ? FIXTURE_FILE_ID : options.fileId;
  const id = fileId ? ` /ID [<${fileId.toHex()}> <${FIXTURE_FILE_ID.toHex()}>]` : "";
  const trailerEntries = `/Size ${size} /Root 1 0 R${encrypt}${id}`;

  let startxref: number;
  if (options.xref === "streams") {
    // Every non-stream object goes into one object stream, except the Encrypt dictionary (never compressed, ISO 32000-2 §7.5.7); the rest stay at top level.
    const objectStream = size - 2;
    const compressed = [...objects].filter(([num, o]) => !o.stream && !(options.encrypt?.indirect && num === encryptNum));
    let body = "";
    const header: string[] = [];
    for (const [num, o] of compressed) {
      header.push(`${num} ${body.length}`);
      body += `${o.dict}\n`;
    }
    const headerText = `${header.join(" ")}\n`;
    const packed = zlibSync(latin1(headerText + body));
    for (const [num, o] of objects) if (!compressed.some(([n]) => n === num)) writeObject(num, o.dict, o.stream);
    writeObject(objectStream, `<< /Type /ObjStm /N ${compressed.length} /First ${headerText.length} /Filter /FlateDecode /Length ${packed.length} >>`, packed);
    const xrefNum = size - 1;
    startxref = length;
    // Rows of [type (1 byte), field 2 (4 bytes), field 3 (2 bytes)], PNG-Up predicted, then deflated.
    const rows: number[][] = [];
    for (let num = 0; num < size; num++) {
      const index = compressed.findIndex(([n]) => n === num);
      const row =
        index !== -1
          ? [2, objectStream, index]
          : offsets.has(num)
            ? [1, offsets.get(num)!, 0]
            : num === xrefNum
              ? [1, startxref, 0]
              : [0, 0, 0];
      rows.push([row[0]!, (row[1]! >>> 24) & 255, (row[1]! >>> 16) & 255, (row[1]! >>> 8) & 255, row[1]! & 255, (row[2]! >>> 8) & 255, row[2]! & 255]);
    }
    const predicted: number[] = [];
    rows.forEach((row, r) => {
      predicted.push(2, ...row.map((byte, i) => (byte - (r > 0 ? rows[r - 1]![i]! : 0)) & 255));
    });
    const xrefData = zlibSync(Uint8Array.from(predicted));
    writeObject(
      xrefNum,
      `<< /Type /XRef ${trailerEntries} /W [1 4 2] /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 >> /Length ${xrefData.length} >>`,
      xrefData,
    );
  } else {
    for (const [num, o] of [...objects].sort(([a], [b]) => a - b)) writeObject(num, o.dict, o.stream);
    startxref = length;
    let table = `xref\n0 ${size}\n0000000000 65535 f\r\n`;
    for (let num = 1; num < size; num++) {
      const offset = offsets.get(num);
      table += offset === undefined ? "0000000000 65535 f\r\n" : `${String(offset).padStart(10, "0")} 00000 n\r\n`;
    }
    push(latin1(`${table}trailer\n<< ${trailerEntries} >>\n`));
  }
  push(latin1(`startxref\n${options.brokenXref ? startxref + 7919 : startxref}\n%%EOF\n`));

  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
