import { afterEach, describe, expect, it, vi } from "vitest";
import { Pipeline, withVirtualClock } from "../helpers/pipeline.ts";
import { receiveScenario, sendScenario } from "./scenarios.ts";

/**
 * Cloudflare Queues delivers at least once and promises no order. Every
 * message of both scenarios delivered twice, in a shuffled order (several
 * seeds), ends as the run that delivers each once, in order: no second
 * purchase invoice, inbox item, delivery event or mail.
 */
afterEach(() => vi.useRealTimers());

const scenarios = { receive: receiveScenario, send: sendScenario };
const SEEDS = [1, 2, 3];

describe.each(Object.entries(scenarios))("every queue message of the %s scenario twice, in another order", (_name, scenario) => {
  let expected: Awaited<ReturnType<typeof scenario>>;

  it.each(SEEDS)("ends as delivered once in order (shuffle seed %i)", async (seed) => {
    expected ??= await withVirtualClock(() => scenario(new Pipeline()));
    const pipeline = new Pipeline({ twice: true, reorder: true, seed });
    const state = await withVirtualClock(() => scenario(pipeline));
    expect(state).toEqual(expected);
    expect(new Set(pipeline.sent.map((m) => `${m.to} ${m.messageId}`)).size).toBe(pipeline.sent.length);
  }, 30_000);
});
