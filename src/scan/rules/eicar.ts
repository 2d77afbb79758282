import { indexOfAscii } from "../../bytes.ts";
import type { Rule } from "./types.ts";

/**
 * The EICAR anti-virus test file (68 bytes). Kept encoded, so that no file
 * of the repository or of the bundle carries it and antivirus software
 * leaves both alone.
 */
const EICAR = atob("WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=");

export const eicar: Rule = {
  code: "EICAR",
  description:
    "The EICAR anti-virus test file anywhere in a file: in its bytes, in each file taken out of a ZIP, forwarded mail or winmail.dat, and in a PDF's object streams and embedded files.",
  check({ bytes, pdf }) {
    const parts = [bytes, ...(pdf?.objectStreams ?? []), ...(pdf?.embeddedFiles.flatMap((f) => (f.bytes ? [f.bytes] : [])) ?? [])];
    return parts.some((part) => indexOfAscii(part, EICAR) !== -1)
      ? "It contains the EICAR test file, which every virus scanner reports as a virus."
      : null;
  },
};
