import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { readConfig } from "../../src/env.ts";
import { CHUNK_BYTES, ClamdUnavailableError, clamdTarget, clamdVersion, scanBytes, scannerSettings } from "../../src/scan/clamd.ts";
import {
  CLAMAV_MARKER,
  HASH_MATCH_FILE,
  describeWithClamd,
  eicar,
  markedFile,
  silentServer,
  testClamd,
  unusedPort,
  webServer,
} from "../helpers/clamav.ts";

const encode = (text: string) => new TextEncoder().encode(text);

/** Deterministic filler that no signature matches. */
function filler(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = 0x61 + (i % 26);
  return bytes;
}

async function failure(promise: Promise<unknown>): Promise<ClamdUnavailableError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ClamdUnavailableError);
  return error as ClamdUnavailableError;
}

describeWithClamd("scanBytes against a real clamd", () => {
  it("finds clean bytes clean", async () => {
    expect(await scanBytes(testClamd(), encode("Invoice 2026-0042, total 121.00 EUR\n"))).toEqual({ verdict: "clean" });
  });

  it("finds an empty file clean", async () => {
    expect(await scanBytes(testClamd(), new Uint8Array(0))).toEqual({ verdict: "clean" });
  });

  it("reports EICAR with its signature name", async () => {
    const result = await scanBytes(testClamd(), eicar());
    expect(result).toEqual({ verdict: "infected", signature: expect.stringContaining("Eicar-Test-Signature") });
  });

  it("reports the project's body signature in a harmless file", async () => {
    expect(await scanBytes(testClamd(), markedFile())).toEqual({
      verdict: "infected",
      signature: "EmailConnector.Test.Marker.UNOFFICIAL",
    });
  });

  it("reports the project's hash signature only for the exact file", async () => {
    expect(await scanBytes(testClamd(), encode(HASH_MATCH_FILE))).toEqual({
      verdict: "infected",
      signature: "EmailConnector.Test.HashMatch.UNOFFICIAL",
    });
    expect(await scanBytes(testClamd(), encode(`${HASH_MATCH_FILE} `))).toEqual({ verdict: "clean" });
  });

  it("streams a file of many chunks in order", async () => {
    // The marker straddles the boundary between the fifth and sixth chunk: found only if clamd gets every chunk in order.
    const bytes = filler(6 * CHUNK_BYTES + 1234);
    bytes.set(encode(CLAMAV_MARKER), 5 * CHUNK_BYTES - 10);
    const result = await scanBytes(testClamd(), bytes);
    expect(result).toEqual({ verdict: "infected", signature: "EmailConnector.Test.Marker.UNOFFICIAL" });
    // The caller's bytes are still there for the next step.
    expect(new TextDecoder().decode(bytes.subarray(5 * CHUNK_BYTES - 10, 5 * CHUNK_BYTES - 10 + CLAMAV_MARKER.length))).toBe(CLAMAV_MARKER);

    expect(await scanBytes(testClamd(), filler(6 * CHUNK_BYTES + 1234))).toEqual({ verdict: "clean" });
  });

  it("says a file over clamd's StreamMaxLength was not scanned, never clean", async () => {
    const limit = env.TEST_CLAMD_STREAM_MAX_LENGTH;
    expect(await scanBytes(testClamd(), filler(limit))).toEqual({ verdict: "clean" });
    expect(await scanBytes(testClamd(), filler(limit + 1))).toEqual({ verdict: "limit_exceeded", limit: "StreamMaxLength" });
  });

  it("says a small archive that expands past clamd's MaxFileSize was not scanned whole", async () => {
    const expanded = new Uint8Array(2 * env.TEST_CLAMD_STREAM_MAX_LENGTH);
    const gzip = new Uint8Array(await new Response(new Blob([expanded]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());
    expect(gzip.length).toBeLessThan(env.TEST_CLAMD_STREAM_MAX_LENGTH / 100);
    expect(await scanBytes(testClamd(), gzip)).toEqual({ verdict: "limit_exceeded", limit: "MaxFileSize" });
  });

  it("reports clamd's version", async () => {
    expect(await clamdVersion(testClamd())).toMatch(/^ClamAV \d+\.\d+/);
  });
});

describe("scanBytes when clamd cannot answer", () => {
  it("fails quickly when nothing listens", async () => {
    const started = Date.now();
    const error = await failure(scanBytes(unusedPort(), eicar()));
    expect(error.reason).toBe("unreachable");
    expect(error.message).toContain(`127.0.0.1:${env.TEST_UNUSED_PORT}`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("times out when the server accepts and never answers", async () => {
    const started = Date.now();
    const error = await failure(scanBytes(silentServer(), filler(3 * CHUNK_BYTES), { timeoutMs: 500 }));
    expect(error.reason).toBe("timeout");
    expect(error.message).toBe(`clamd at 127.0.0.1:${env.TEST_SILENT_PORT} gave no answer within 0.5 s`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("refuses to read another service's answer as a verdict", async () => {
    const error = await failure(scanBytes(webServer(), eicar()));
    expect(error.reason).toBe("bad_reply");
    expect(error.message).toBe(`127.0.0.1:${env.TEST_WEB_PORT} did not answer like clamd: "HTTP/1.1 400 Bad Request\\r\\nContent-Length: 0"`);
  });

  it("times out on the version too", async () => {
    expect((await failure(clamdVersion(silentServer(), { timeoutMs: 300 }))).reason).toBe("timeout");
  });
});

describe("scannerSettings", () => {
  const configured = (vars: Record<string, string | undefined>) => readConfig({ ...env, ...vars } as Env);

  it("says built-in rules only when clamd is not configured", () => {
    const config = configured({ CLAMD_HOST: undefined, CLAMD_PORT: undefined });
    expect(clamdTarget(config)).toBeNull();
    expect(scannerSettings(config)).toEqual({ builtinRules: { enabled: true }, clamav: { enabled: false } });
  });

  it("says ClamAV is on, without its address, when it is configured", () => {
    const config = configured({ CLAMD_HOST: "clamd.example.com", CLAMD_PORT: "3310" });
    expect(clamdTarget(config)).toEqual({ host: "clamd.example.com", port: 3310 });
    expect(scannerSettings(config)).toEqual({ builtinRules: { enabled: true }, clamav: { enabled: true } });
  });
});
