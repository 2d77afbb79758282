import { connect } from "cloudflare:sockets";
import type { Config } from "../env.ts";
import { CONNECT_TIMEOUT_MS, MAX_CLAMD_REPLY_BYTES, SCAN_TIMEOUT_MS } from "./limits.ts";

/**
 * A client for clamd (ClamAV's daemon) over TCP: the INSTREAM command scans
 * bytes sent on the connection, so clamd needs no access to our storage.
 *
 * Failing closed is the caller's job, made easy here: a definite answer is a
 * `ClamdVerdict`; anything else (refused, timed out, an ERROR reply, a cut
 * connection) throws a `ClamdUnavailableError`, never "clean".
 */

/** Where clamd listens. */
export interface ClamdTarget {
  host: string;
  port: number;
}

export type ClamdVerdict =
  | { verdict: "clean" }
  | { verdict: "infected"; signature: string }
  /**
   * The file was NOT (fully) scanned because it is over one of clamd's limits:
   * `StreamMaxLength` (clamd stops reading), or, with `AlertExceedsMax yes`
   * in clamd.conf, `MaxFileSize`, `MaxScanSize`, `MaxFiles`, `MaxRecursion`...
   * (e.g. an archive that expands past them). Never clean; retrying gives the
   * same answer, except perhaps for `MaxScanTime` on a busy clamd.
   */
  | { verdict: "limit_exceeded"; limit: string };

export type ClamdFailure =
  /** No connection: refused, unknown host, unreachable, or not within CONNECT_TIMEOUT_MS. */
  | "unreachable"
  /** Connected, but no complete answer within the time allowed. */
  | "timeout"
  /** clamd closed the connection without a complete answer. */
  | "closed"
  /** clamd answered `... ERROR` (other than the size limit): it could not scan. */
  | "error_reply"
  /** An answer that is not clamd's protocol: something else listens there. */
  | "bad_reply";

/** clamd could not give an answer; the scan may succeed later. */
export class ClamdUnavailableError extends Error {
  override name = "ClamdUnavailableError";

  constructor(
    readonly reason: ClamdFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Bytes per INSTREAM chunk. clamd copies each chunk to a temporary file as it
 * arrives; 64 KiB keeps that to a few hundred writes for a 25 MiB file while
 * staying far below any StreamMaxLength an operator would set.
 */
export const CHUNK_BYTES = 64 * 1024;


export interface ClamdOptions {
  /** The whole exchange, for a caller with a tighter budget than SCAN_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** clamd when CLAMD_HOST and CLAMD_PORT are set; null means built-in rules only. */
export function clamdTarget(config: Config): ClamdTarget | null {
  return config.CLAMD_HOST && config.CLAMD_PORT ? { host: config.CLAMD_HOST, port: config.CLAMD_PORT } : null;
}

export interface ScannerSettings {
  /** The built-in rules always run. */
  builtinRules: { enabled: true };
  /** ClamAV runs when the operator configured it. Its address is the operator's, not shown to accounts. */
  clamav: { enabled: boolean };
}

/** Which scanners check the files, for the connector's settings. */
export function scannerSettings(config: Config): ScannerSettings {
  return { builtinRules: { enabled: true }, clamav: { enabled: clamdTarget(config) !== null } };
}

/** Scans bytes with clamd's INSTREAM command. Throws ClamdUnavailableError when clamd gives no verdict. */
export async function scanBytes(target: ClamdTarget, bytes: Uint8Array, options: ClamdOptions = {}): Promise<ClamdVerdict> {
  const reply = await exchange(target, options, async (write, answered) => {
    await write(encode("zINSTREAM\0"));
    for (let offset = 0; offset < bytes.length && !answered(); offset += CHUNK_BYTES) {
      const chunk = bytes.subarray(offset, offset + CHUNK_BYTES);
      await write(chunkLength(chunk.length));
      await write(chunk);
    }
    // An early answer is the size limit: the terminator would go nowhere.
    if (!answered()) await write(chunkLength(0));
  });
  if (reply === "stream: OK") return { verdict: "clean" };
  if (reply === "INSTREAM size limit exceeded. ERROR") return { verdict: "limit_exceeded", limit: "StreamMaxLength" };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (!found) throw replyFailure(target, reply);
  const limit = /^Heuristics\.Limits\.Exceeded\.(\w+)$/.exec(found[1]!);
  return limit ? { verdict: "limit_exceeded", limit: limit[1]! } : { verdict: "infected", signature: found[1]! };
}

/** clamd's version line (`ClamAV 1.4.6/27480/...`): an answer means clamd is up and has loaded its database. */
export async function clamdVersion(target: ClamdTarget, options: ClamdOptions = {}): Promise<string> {
  const reply = await exchange(target, options, (write) => write(encode("zVERSION\0")));
  if (reply.startsWith("ClamAV ")) return reply;
  throw replyFailure(target, reply);
}

function replyFailure(target: ClamdTarget, reply: string): ClamdUnavailableError {
  const where = describeTarget(target);
  return reply.endsWith("ERROR")
    ? new ClamdUnavailableError("error_reply", `clamd at ${where} could not scan: ${reply}`)
    : new ClamdUnavailableError("bad_reply", `${where} did not answer like clamd: ${JSON.stringify(reply.slice(0, 200))}`);
}

type Send = (write: (bytes: Uint8Array) => Promise<void>, answered: () => boolean) => Promise<void>;

/**
 * Connects, sends a command, and returns clamd's answer (up to the NUL that
 * ends it in the `z` form of the protocol). The answer is read while sending,
 * because clamd answers early and closes when a stream exceeds its limit.
 */
async function exchange(target: ClamdTarget, options: ClamdOptions, send: Send): Promise<string> {
  const where = describeTarget(target);
  const timeoutMs = options.timeoutMs ?? SCAN_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ClamdUnavailableError("timeout", `clamd at ${where} gave no answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  let socket: Socket | undefined;
  try {
    socket = openSocket(target);
    await Promise.race([connected(socket, where), expired]);
    const reply = readReply(socket.readable, where);
    const writer = socket.writable.getWriter();
    // clamd may close while we send (its size limit): its answer, or the lack of one, says why.
    const sent = send((bytes) => writer.write(bytes), reply.answered).catch(() => {});
    await Promise.race([sent, expired]);
    return await Promise.race([reply.text, expired]);
  } finally {
    clearTimeout(timer);
    socket?.close().catch(() => {});
  }
}

function openSocket(target: ClamdTarget): Socket {
  try {
    // workerd reads an IPv6 hostname only in brackets.
    return connect({ hostname: target.host.includes(":") ? `[${target.host}]` : target.host, port: target.port });
  } catch (error) {
    throw new ClamdUnavailableError("unreachable", `cannot connect to clamd at ${describeTarget(target)}: ${(error as Error).message}`, { cause: error });
  }
}

async function connected(socket: Socket, where: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tooSlow = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ClamdUnavailableError("unreachable", `clamd at ${where} did not accept the connection within ${CONNECT_TIMEOUT_MS / 1000} s`)),
      CONNECT_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([
      socket.opened.catch((error: unknown) => {
        throw new ClamdUnavailableError("unreachable", `cannot connect to clamd at ${where}: ${(error as Error).message}`, { cause: error });
      }),
      tooSlow,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function readReply(readable: ReadableStream<Uint8Array>, where: string): { text: Promise<string>; answered: () => boolean } {
  let done = false;
  const read = async (): Promise<string> => {
    const reader = readable.getReader();
    const parts: Uint8Array[] = [];
    let length = 0;
    const decoded = () => new TextDecoder().decode(concat(parts, length)).trim();
    try {
      for (;;) {
        const { value, done: ended } = await reader.read();
        if (ended) {
          if (length > 0) return decoded();
          throw new ClamdUnavailableError("closed", `clamd at ${where} closed the connection without an answer`);
        }
        const end = value.indexOf(0);
        const part = end === -1 ? value : value.subarray(0, end);
        parts.push(part);
        length += part.length;
        if (length > MAX_CLAMD_REPLY_BYTES) {
          throw new ClamdUnavailableError("bad_reply", `${where} sent more than ${MAX_CLAMD_REPLY_BYTES} bytes without ending its answer: not clamd`);
        }
        if (end !== -1) return decoded();
      }
    } catch (error) {
      if (error instanceof ClamdUnavailableError) throw error;
      throw new ClamdUnavailableError("closed", `the connection to clamd at ${where} failed: ${(error as Error).message}`, { cause: error });
    } finally {
      done = true;
      reader.releaseLock();
    }
  };
  const text = read();
  // The caller may stop listening (timeout): a later failure is then no one's concern.
  text.catch(() => {});
  return { text, answered: () => done };
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

function chunkLength(length: number): Uint8Array {
  const prefix = new Uint8Array(4);
  new DataView(prefix.buffer).setUint32(0, length);
  return prefix;
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function describeTarget(target: ClamdTarget): string {
  return target.host.includes(":") ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
}
