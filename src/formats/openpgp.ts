import { latin1Text } from "../bytes.ts";

/**
 * OpenPGP (RFC 4880, RFC 9580) data as mail carries it: a detached
 * signature (`signature.asc`, `invoice.pdf.sig`), the sender's public key
 * (Thunderbird attaches `OpenPGP_0x….asc` to signed mail), or an encrypted
 * message (PGP/MIME `encrypted.asc`, `invoice.pdf.pgp`, an inline
 * `-----BEGIN PGP MESSAGE-----` body). Only what it is, never its contents.
 */
export type OpenPgpKind = "signature" | "key" | "encrypted";

const ARMOR: [RegExp, OpenPgpKind][] = [
  [/^-----BEGIN PGP SIGNATURE-----/, "signature"],
  [/^-----BEGIN PGP PUBLIC KEY BLOCK-----/, "key"],
  [/^-----BEGIN PGP MESSAGE-----/, "encrypted"],
];

/** Packet tags that can open binary OpenPGP data: public-key or symmetric-key encrypted session key, signature, public key. */
const BINARY_TAGS: Record<number, OpenPgpKind> = { 1: "encrypted", 3: "encrypted", 2: "signature", 6: "key" };

/**
 * What OpenPGP data the bytes are: armored text is recognised as it is;
 * binary packets only when `declared` (the sender's type or name says
 * OpenPGP), as one packet-tag byte alone could start other data too.
 */
export function openPgpKind(bytes: Uint8Array, declared: boolean): OpenPgpKind | null {
  const head = latin1Text(bytes, 0, 256).trimStart();
  for (const [armor, kind] of ARMOR) if (armor.test(head)) return kind;
  if (!declared || bytes.length < 2) return null;
  const first = bytes[0]!;
  if ((first & 0x80) === 0) return null;
  // New packet format: tag in the low six bits; old format: bits 5-2.
  const tag = first & 0x40 ? first & 0x3f : (first >> 2) & 0x0f;
  return BINARY_TAGS[tag] ?? null;
}
