import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import worker from "../../src/index.ts";
import { call } from "./api.ts";

export interface Delivery {
  /** The reason given to setReject, or null when the mail was accepted. */
  rejected: string | null;
}

/**
 * The top-level headers of a raw mail, as Cloudflare hands them to email().
 * Raw 8-bit header bytes (old mailers) are passed as an RFC 2047 word, which
 * the Worker decodes like any other, rather than as non-ASCII header text.
 */
function topHeaders(raw: Uint8Array): Headers {
  // Byte for byte: TextDecoder's "latin1" is windows-1252, which turns bytes 0x80-0x9f (the second byte of É, Ö, Ü) into other characters.
  const head = raw.subarray(0, 64 * 1024);
  let text = "";
  for (let i = 0; i < head.length; i += 0x8000) text += String.fromCharCode(...head.subarray(i, i + 0x8000));
  const ascii = (value: string) =>
    /[^\x00-\x7f]/.test(value) ? `=?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode(new TextDecoder().decode(Uint8Array.from(value, (c) => c.charCodeAt(0))))))}?=` : value;
  const end = text.search(/\r?\n\r?\n/);
  const headers = new Headers();
  const unfolded = (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      try {
        headers.append(line.slice(0, colon).trim(), ascii(line.slice(colon + 1).trim()));
      } catch {
        // a header name Headers refuses; Cloudflare would not pass it either
      }
    }
  }
  return headers;
}

/** Hands a raw mail to the Worker's own email() handler, as Email Routing does. */
export async function deliver(raw: Uint8Array, envelope: { to: string; from?: string }, workerEnv: Env = env): Promise<Delivery> {
  let rejected: string | null = null;
  const message = {
    from: envelope.from ?? "billing@supplier.example",
    to: envelope.to,
    headers: topHeaders(raw),
    raw: new Response(raw).body,
    rawSize: raw.length,
    canBeForwarded: true,
    setReject: (reason: string) => {
      rejected = reason;
    },
    forward: vi.fn(),
    reply: vi.fn(),
  } as unknown as ForwardableEmailMessage;
  const ctx = createExecutionContext();
  await (worker as ExportedHandler<Env>).email!(message, workerEnv, ctx);
  await waitOnExecutionContext(ctx);
  return { rejected };
}

/** The Message-ID a fixture mail carries, without brackets. */
export function messageIdOf(raw: Uint8Array): string {
  const id = topHeaders(raw).get("Message-ID");
  if (!id) throw new Error("the fixture has no Message-ID");
  return id.replace(/^<|>$/g, "");
}

/**
 * Delivers a mail and waits until the pipeline (ingest and scan queues,
 * consumed by the real local queues) has given it a terminal outcome.
 * Returns the inbound message as the API shows it.
 */
export async function deliverAndSettle(raw: Uint8Array, account: { apiKey: string; vatAddress?: string }, envelope: { to?: string; from?: string } = {}) {
  const delivery = await deliver(raw, { to: envelope.to ?? account.vatAddress!, from: envelope.from });
  expect(delivery.rejected).toBeNull();
  return settled(account.apiKey, messageIdOf(raw));
}

/**
 * How long a test waits for the pipeline to finish a mail: it only bounds a
 * failing test, so it is generous. On CI's two cores a mail of a hundred
 * files takes over 13 s while another test file runs beside it.
 */
export const SETTLE_TIMEOUT_MS = 45_000;

/** Waits for the inbound message with this Message-ID to leave `processing`. */
export async function settled(apiKey: string, messageId: string, timeout = SETTLE_TIMEOUT_MS) {
  return vi.waitUntil(
    async () => {
      const list = await call("GET", `/v1/inbound-messages?messageId=${encodeURIComponent(messageId)}`, { token: apiKey });
      const message = list.body.items?.[0];
      return message && message.outcome !== "processing" ? message : false;
    },
    { timeout, interval: 50 },
  );
}
