import { describe, expect, it } from "vitest";
import { readEInvoice, type EInvoiceResult } from "../../src/einvoice/index.ts";
import { bytesOf, ciiInvoice, serialise } from "../helpers/einvoice.ts";
import { buildPdf, type PdfOptions } from "../helpers/pdf.ts";
import { standardEncryption, type Revision } from "../helpers/pdf-encryption.ts";
import { describeWithSamples, readSample } from "../helpers/samples.ts";

const attachments = [{ name: "factur-x.xml", data: bytesOf(serialise(ciiInvoice())) }];

const OPENS: EInvoiceResult = {
  kind: "unreadable",
  reason: "encrypted",
  opensWithoutPassword: true,
  message: "The PDF is encrypted but opens without a password (an owner password only restricts printing, copying or editing); its attachments are not read.",
};
const NEEDS_PASSWORD: EInvoiceResult = {
  kind: "unreadable",
  reason: "encrypted",
  opensWithoutPassword: false,
  message: "The PDF needs a password to open, so it cannot be read.",
};

const read = (dictionary: string, options: PdfOptions = {}) => readEInvoice(buildPdf({ attachments, encrypt: { dictionary }, ...options }));

describe("encrypted PDFs: whether they open without a password", () => {
  const revisions: Revision[] = [2, 3, 4, 5, 6];
  const layouts = [
    ["a trailer with the dictionary in it", { xref: "table", indirect: false }],
    ["a cross-reference stream naming the dictionary as an object", { xref: "streams", indirect: true }],
  ] as const;

  describe.each(revisions)("revision %i", (revision) => {
    it.each(layouts)("opens with an owner password only, in %s", (_, { xref, indirect }) => {
      const dictionary = standardEncryption({ revision, ownerPassword: "owner-secret" });
      expect(readEInvoice(buildPdf({ attachments, xref, encrypt: { dictionary, indirect } }))).toEqual(OPENS);
    });

    it.each(layouts)("needs the user password when there is one, in %s", (_, { xref, indirect }) => {
      const dictionary = standardEncryption({ revision, userPassword: "user-secret", ownerPassword: "owner-secret" });
      expect(readEInvoice(buildPdf({ attachments, xref, encrypt: { dictionary, indirect } }))).toEqual(NEEDS_PASSWORD);
    });

    it("needs a password when the owner password is the empty one and the user's is not", () => {
      expect(read(standardEncryption({ revision, userPassword: "user-secret", ownerPassword: "" }))).toEqual(NEEDS_PASSWORD);
    });
  });

  it("reads /P written unsigned, as some writers do", () => {
    const dictionary = standardEncryption({ revision: 3, permissions: -3904 }).replace("/P -3904", "/P 4294963392");
    expect(read(dictionary)).toEqual(OPENS);
  });

  it("mixes EncryptMetadata false into the revision 4 key", () => {
    // Written for EncryptMetadata true: declaring it false changes the key, so the empty password no longer fits.
    const dictionary = standardEncryption({ revision: 4 });
    expect(read(dictionary.replace("/Filter /Standard", "/Filter /Standard /EncryptMetadata true"))).toEqual(OPENS);
    expect(read(dictionary.replace("/Filter /Standard", "/Filter /Standard /EncryptMetadata false"))).toEqual(NEEDS_PASSWORD);
  });

  it("depends on the file's /ID for revisions 2 to 4, not for 5 and 6", () => {
    const otherId = Uint8Array.fromHex("FEDCBA9876543210FEDCBA9876543210");
    for (const revision of [2, 3, 4] as const) expect(read(standardEncryption({ revision }), { fileId: otherId }), `R${revision}`).toEqual(NEEDS_PASSWORD);
    for (const revision of [5, 6] as const) expect(read(standardEncryption({ revision }), { fileId: null }), `R${revision}`).toEqual(OPENS);
  });

  it("says a PDF for a certificate or another handler needs its key", () => {
    expect(read("<< /Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s5 /V 4 /R 4 /Recipients [<3082>] >>")).toEqual({
      kind: "unreadable",
      reason: "encrypted",
      opensWithoutPassword: false,
      message: "The PDF is encrypted with the Adobe.PubSec security handler (a certificate or another key than a password), so it cannot be opened.",
    });
    expect(read("<< /V 2 /R 3 >>")).toMatchObject({ opensWithoutPassword: false, message: expect.stringContaining("an unknown security handler") });
  });

  it("says when the standard handler's algorithm is none a viewer knows, or its dictionary is damaged", () => {
    const unknown = {
      kind: "unreadable",
      reason: "encrypted",
      opensWithoutPassword: false,
      message: "The PDF is encrypted with an algorithm no standard reader knows, or its encryption dictionary is damaged, so it cannot be opened.",
    };
    // /V 3 is an algorithm that was never published; revision 7 does not exist.
    expect(read(standardEncryption({ revision: 3 }).replace("/V 2", "/V 3"))).toEqual(unknown);
    expect(read(standardEncryption({ revision: 6 }).replace("/R 6", "/R 7"))).toEqual(unknown);
    expect(read(standardEncryption({ revision: 6 }).replace(/\/U <[0-9A-F]+>/, "/U <00>"))).toEqual(unknown);
  });

  it("takes the key length of a /V 4 dictionary without /Length from its crypt filter, as /Length is only for /V 2 and 3", () => {
    expect(read(standardEncryption({ revision: 4 }).replace("/Length 128 ", ""))).toEqual(OPENS);
  });

  it("takes an /Encrypt that is no dictionary as no encryption, as viewers do", () => {
    expect(readEInvoice(buildPdf({ attachments, encrypt: { dictionary: "99 0 R" } }))).toMatchObject({ kind: "einvoice" });
    expect(readEInvoice(buildPdf({ attachments, encrypt: { dictionary: "null" } }))).toMatchObject({ kind: "einvoice" });
  });
});

/**
 * Published test vectors: mozilla/pdf.js test/unit/crypto_spec.js
 * (CipherTransformFactory: dict1, dict2, aes256Dict, aes256BlankDict,
 * aes256IsoDict, aes256IsoBlankDict; Apache-2.0) and PDFsharp's
 * SecurityTests.cs (PDF_14_CheckOwnerPassword_40bit: revision 2, empty user
 * password; MIT), as hex.
 */
describe("published test vectors", () => {
  const FILE_ID_1 = Uint8Array.fromHex("F6C6AF17F372528D524D9A80D1EFDF18");
  const FILE_ID_2 = Uint8Array.fromHex("3C4C5F3A4496AF409A9DB33C781C76AC");
  const vectors = [
    {
      name: "PDFsharp, revision 2 (40-bit RC4), empty user password",
      fileId: Uint8Array.fromHex("1B482A7A5916EA1F4F49881994277815"),
      dictionary:
        "<< /Filter /Standard /V 1 /R 2 /O <DCF0ABBBD5C5EB8D654CB634EA199F85287AF90017C91BF3AAB20C40A3A754BA> /U <6C48A2B1EBDD8BE090A806F7BF69E9C90D1C8EB317F04B879CAC270A169ADBE4> /P -3904 >>",
      opens: true,
    },
    {
      name: "pdf.js dict1, revision 3 (128-bit RC4), user password 123456",
      fileId: FILE_ID_1,
      dictionary:
        "<< /Filter /Standard /V 2 /Length 128 /R 3 /O <80C30496916F20736C3AE61B135491F20D5612E3FF5EBBE9564FD86B9ACA7C5D> /U <6A0C8D3E591900BC6A647D91BDAA001800000000000000000000000000000000> /P -1028 >>",
      opens: false,
    },
    {
      name: "pdf.js dict2, revision 4, empty user password",
      fileId: FILE_ID_2,
      dictionary:
        "<< /Filter /Standard /V 4 /Length 128 /R 4 /O <734614762E793527DB970A3522B3E1D4ADBD9B3CB4A5897515B259F168D9E9F4> /U <930489A9BF8A45A688A2DBC2A0A8676E00000000000000000000000000000000> /P -1084 >>",
      opens: true,
    },
    {
      name: "pdf.js aes256Dict, revision 5, user password user",
      fileId: FILE_ID_1,
      dictionary:
        "<< /Filter /Standard /V 5 /Length 256 /R 5 /O <3C6289233365C898D2B2E2E486CDA318CC7EB1246A32247DD2ACAB78DE6C8B73F37647998011653EC8F5F20CDA7B1878> /U <83F28FA057028A864FFDBDADE04990F1BE51C50FF96991970FC24103017EBBDD75A904209F6516DCA85ED7C06426BC28> /P -1084 >>",
      opens: false,
    },
    {
      name: "pdf.js aes256BlankDict, revision 5, empty user password",
      fileId: FILE_ID_1,
      dictionary:
        "<< /Filter /Standard /V 5 /Length 256 /R 5 /O <B87004C36726FC57CC4ED416A1E89530595AC99EB12D97F3FE03131966665A6E8FF5EBECCC3573561065CE6CB5E947C1> /U <83D47A69F14F30963112CC82CBCABF3579FD21EBE4D1B51DD6FA14F3BE8F7173EF88DEE2E8DCF535E4B816C8148D651E> /P -1084 >>",
      opens: true,
    },
    {
      name: "pdf.js aes256IsoDict, revision 6, user password user",
      fileId: FILE_ID_1,
      dictionary:
        "<< /Filter /Standard /V 5 /Length 256 /R 6 /O <58E83E36F51AF5D1897BDD48C73125D91F4A73A77F9EB04D2DA3572F275AD98D8EE8A9D0CAD605B91DD0B92E0B4C8795> /U <5EE6CD4BA663FA4CDB801155391121A4962E67B0A09CBBE9A6DFA3FD93EB5FB853F59265C6F722C6BF0B105EEDD814AF> /P -1084 >>",
      opens: false,
    },
    {
      name: "pdf.js aes256IsoBlankDict, revision 6, empty user password",
      fileId: FILE_ID_1,
      dictionary:
        "<< /Filter /Standard /V 5 /Length 256 /R 6 /O <F7DB9955A64DAC6BAFCFD7414677E9C191CB4467492352CF0C1572D7340DCEE99140E4985146BF887E6ADEAD8FF440C1> /U <1AA9DC913883936B295B1137B136DBE88EFE28E589D40EAD123B7D4E5F3666657A8B471805594F687D5A48A35A87172A> /P -1084 >>",
      opens: true,
    },
  ];

  it.each(vectors)("$name", ({ fileId, dictionary, opens }) => {
    expect(read(dictionary, { fileId })).toEqual(opens ? OPENS : NEEDS_PASSWORD);
  });
});

describe("hostile encryption dictionaries", () => {
  it("stays bounded and never throws on absurd values", () => {
    const hugeU = `<${"AB".repeat(256 * 1024)}>`;
    const dictionaries = [
      `<< /Filter /Standard /V 5 /R 6 /O ${hugeU} /U ${hugeU} /P -1 >>`,
      `<< /Filter /Standard /V 2 /R 3 /Length 99999999999999999999999 /O ${hugeU} /U ${hugeU} /P -99999999999999999999 >>`,
      `<< /Filter /Standard /V 4 /R 4 /CF << /StdCF << /Length 99999999999 >> >> /StmF /StdCF /O ${hugeU} /U ${hugeU} >>`,
      "<< /Filter /Standard /V 2 /R 3 /Length 129 /O <00> /U <00> /P -4 >>",
      "<< /Filter /Standard /V 5 /R 6 /O <00> /U <00> >>",
      "<< /Filter /Standard /V 3 /R 3 /Length 128 /O (x) /U (y) /P -4 >>",
      "<< /Filter /Standard /V 5 /R 999999999999 /O (x) /U (y) >>",
      "<< /Filter /Standard /V -1 /R -2 /O 7 /U [1 2] /P (p) >>",
      "<< /Filter [/Standard] /V 2 /R 3 >>",
    ];
    for (const dictionary of dictionaries) {
      for (const fileId of [undefined, null]) {
        const started = performance.now();
        expect(read(dictionary, { fileId }), dictionary.slice(0, 60)).toMatchObject({ kind: "unreadable", reason: "encrypted", opensWithoutPassword: false });
        expect(performance.now() - started).toBeLessThan(1000);
      }
    }
  });
});

describeWithSamples("the encrypted sample", () => {
  it("opens without a password (AES-256, revision 6, owner password only)", async () => {
    expect(readEInvoice(await readSample("einvoice/pdf/encrypted_PDFWithPassword.pdf"))).toEqual(OPENS);
  });
});
