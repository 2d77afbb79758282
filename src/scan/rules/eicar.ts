import { indexOfAscii } from "../../bytes.ts";
import { rule } from "./types.ts";

/**
 * The EICAR anti-virus test file (68 bytes). Kept encoded, so that no file
 * of the repository or of the bundle carries it and antivirus software
 * leaves both alone.
 */
const EICAR = atob("WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=");

export const eicar = rule("EICAR", ({ bytes, pdf }) => {
  const parts = [bytes, ...(pdf?.objectStreams ?? []), ...(pdf?.embeddedFiles.flatMap((f) => (f.bytes ? [f.bytes] : [])) ?? [])];
  return parts.some((part) => indexOfAscii(part, EICAR) !== -1) ? {} : null;
});
