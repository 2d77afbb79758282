import { env } from "cloudflare:workers";
import { describe } from "vitest";
import { readConfig } from "../../src/env.ts";
import { type ClamdTarget, clamdTarget } from "../../src/scan/clamd.ts";

/**
 * The test clamd started by test/global-setup.ts with the signatures of
 * test/fixtures/clamav. Where clamd is not installed, the suites that need it
 * are skipped with a message (CI refuses to start instead).
 */
export const clamdAvailable = env.TEST_CLAMD_AVAILABLE;

export const describeWithClamd: typeof describe = clamdAvailable
  ? describe
  : (((name: string, ...rest: unknown[]) => {
      console.warn(`Skipping "${name}": clamd is not installed (README.md, "The clamd tests", tells how to install it).`);
      return (describe.skip as (...args: unknown[]) => void)(name, ...rest);
    }) as typeof describe);

/** The test clamd, from the Worker's own configuration (CLAMD_HOST/CLAMD_PORT). */
export function testClamd(): ClamdTarget {
  const target = clamdTarget(readConfig(env));
  if (!target) throw new Error("no test clamd: use describeWithClamd");
  return target;
}

/** Accepts the connection, never answers: a stuck clamd. */
export const silentServer = (): ClamdTarget => ({ host: "127.0.0.1", port: env.TEST_SILENT_PORT });

/** Another service answers there: CLAMD_PORT points at the wrong port. */
export const webServer = (): ClamdTarget => ({ host: "127.0.0.1", port: env.TEST_WEB_PORT });

/** Nothing listens there: clamd is down. */
export const unusedPort = (): ClamdTarget => ({ host: "127.0.0.1", port: env.TEST_UNUSED_PORT });

/**
 * The EICAR test file (68 bytes), which every antivirus reports. Kept encoded
 * so that no file of the repository carries it and a developer's antivirus
 * leaves the checkout alone.
 */
export function eicar(): Uint8Array {
  return Uint8Array.fromBase64("WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=");
}

/** The test database's body signature `EmailConnector.Test.Marker` fires on these bytes anywhere in a file. */
export const CLAMAV_MARKER = "EMAIL-CONNECTOR-CLAMAV-TEST-MARKER";

/** A harmless text carrying CLAMAV_MARKER: ClamAV flags it, no built-in rule should. */
export function markedFile(text = "Invoice 2026-0042: nothing to see here.\n"): Uint8Array {
  return new TextEncoder().encode(`${text}${CLAMAV_MARKER}\n`);
}

/** The test database's hash signature `EmailConnector.Test.HashMatch` fires on exactly these bytes. */
export const HASH_MATCH_FILE = "email-connector: a harmless file that the test database of ClamAV knows by its hash\n";
