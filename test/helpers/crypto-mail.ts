import { randomBytes } from "./documents.ts";
import { concat } from "./mime.ts";

/**
 * The signatures and encrypted content of S/MIME (CMS, RFC 5652) and
 * OpenPGP as mail clients write them, with random bytes where keys,
 * certificates and signatures go: the connector tells what they are and
 * takes signed content out, it never verifies or decrypts.
 */

/** A DER element: tag, definite length, content. */
function der(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concat(content);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return concat([new Uint8Array([tag, ...length]), body]);
}

/** A BER element of indefinite length, ended by two zero bytes, as streaming encoders write it. */
function ber(tag: number, ...content: Uint8Array[]): Uint8Array {
  return concat([new Uint8Array([tag, 0x80]), ...content, new Uint8Array([0, 0])]);
}

const oid = (...bytes: number[]) => der(0x06, new Uint8Array(bytes));
const PKCS7 = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07];
const DATA = oid(...PKCS7, 0x01);
const SIGNED_DATA = oid(...PKCS7, 0x02);
const ENVELOPED_DATA = oid(...PKCS7, 0x03);
const SHA256 = der(0x30, oid(0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01));
const integer = (n: number) => der(0x02, new Uint8Array([n]));
/** Stands for a certificate or a signature value: its bytes are never read. */
const opaque = (length: number) => der(0x30, der(0x04, randomBytes(length)));

export interface SignedDataOptions {
  /** The signed content (opaque signing, `smime.p7m`); without it, a detached signature (`smime.p7s`). */
  content?: Uint8Array;
  /** Indefinite lengths and the content cut into pieces of this size, as OpenSSL's -stream and Outlook write it. */
  streamedPieces?: number;
}

/** A CMS ContentInfo holding SignedData. */
export function cmsSignedData(options: SignedDataOptions = {}): Uint8Array {
  const { content, streamedPieces } = options;
  const certificates = der(0xa0, opaque(600));
  const signerInfos = der(0x31, opaque(300));
  if (streamedPieces) {
    const pieces: Uint8Array[] = [];
    for (let at = 0; content && at < content.length; at += streamedPieces) pieces.push(der(0x04, content.subarray(at, at + streamedPieces)));
    const encap = ber(0x30, DATA, ...(content ? [ber(0xa0, ber(0x24, ...pieces))] : []));
    return ber(0x30, SIGNED_DATA, ber(0xa0, ber(0x30, integer(1), der(0x31, SHA256), encap, certificates, signerInfos)));
  }
  const encap = der(0x30, DATA, ...(content ? [der(0xa0, der(0x04, content))] : []));
  return der(0x30, SIGNED_DATA, der(0xa0, der(0x30, integer(1), der(0x31, SHA256), encap, certificates, signerInfos)));
}

/** A CMS ContentInfo holding EnvelopedData: content encrypted for one recipient. */
export function cmsEnvelopedData(): Uint8Array {
  const recipient = der(0x31, opaque(280));
  const encrypted = der(0x30, DATA, opaque(64), der(0x80, randomBytes(2048)));
  return der(0x30, ENVELOPED_DATA, der(0xa0, der(0x30, integer(0), recipient, encrypted)));
}

/** ASCII-armored OpenPGP data, as `gpg --armor` writes it. */
export function pgpArmor(kind: "SIGNATURE" | "MESSAGE" | "PUBLIC KEY BLOCK", bytes = 400): string {
  const body = randomBytes(bytes).toBase64().replace(/.{1,64}/g, "$&\n");
  return `-----BEGIN PGP ${kind}-----\n\n${body}=AbCd\n-----END PGP ${kind}-----\n`;
}

/** A binary OpenPGP signature packet (new format, tag 2), as `gpg --detach-sign` writes `invoice.pdf.sig`. */
export function pgpBinarySignature(): Uint8Array {
  const body = randomBytes(180);
  return concat([new Uint8Array([0xc2, body.length]), body]);
}
