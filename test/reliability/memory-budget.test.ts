import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_BYTES_IN_HAND_PER_ISOLATE, MAX_MEMORY_WAIT_MS } from "../../src/limits.ts";
import { withBytesInHand } from "../../src/memory-budget.ts";

const MiB = 1024 * 1024;

/** A step that holds `bytes` until released, recording when it started and ended. */
function step(log: string[], name: string, bytes: number) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const done = withBytesInHand(bytes, async () => {
    log.push(`${name} starts`);
    await held;
    log.push(`${name} ends`);
  });
  return { release, done };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the isolate's bytes in hand (src/memory-budget.ts)", () => {
  afterEach(() => vi.useRealTimers());

  it("runs a 25 MiB mail's ingest after another's, not beside it, and small steps beside each within the budget", async () => {
    const log: string[] = [];
    const a = step(log, "a (24 MiB)", 24 * MiB);
    const small = step(log, "small (1 MiB)", 1 * MiB);
    const b = step(log, "b (24 MiB)", 24 * MiB);
    const after = step(log, "after (1 MiB)", 1 * MiB);
    await settle();
    // b does not fit beside a; the step after b waits behind it (in arrival order), so b is never starved.
    expect(log).toEqual(["a (24 MiB) starts", "small (1 MiB) starts"]);
    a.release();
    await a.done;
    await settle();
    expect(log).toEqual(["a (24 MiB) starts", "small (1 MiB) starts", "a (24 MiB) ends", "b (24 MiB) starts", "after (1 MiB) starts"]);
    for (const s of [small, b, after]) s.release();
    await Promise.all([small.done, b.done, after.done]);
  });

  it("runs a step larger than the whole budget alone, and gives the bytes back when a step throws", async () => {
    const log: string[] = [];
    await expect(withBytesInHand(MAX_BYTES_IN_HAND_PER_ISOLATE * 2, async () => Promise.reject(new Error("R2 is down")))).rejects.toThrow("R2 is down");
    const huge = step(log, "huge", MAX_BYTES_IN_HAND_PER_ISOLATE * 2);
    await settle();
    expect(log).toEqual(["huge starts"]);
    const next = step(log, "next", 1 * MiB);
    await settle();
    expect(log).toEqual(["huge starts"]);
    huge.release();
    await settle();
    expect(log).toEqual(["huge starts", "huge ends", "next starts"]);
    next.release();
    await next.done;
  });

  it("lets a waiting step run regardless once MAX_MEMORY_WAIT_MS has passed: a holder whose invocation died must not stall the isolate", async () => {
    vi.useFakeTimers();
    const log: string[] = [];
    const stuck = step(log, "stuck", MAX_BYTES_IN_HAND_PER_ISOLATE);
    const waiting = step(log, "waiting", 1 * MiB);
    await vi.advanceTimersByTimeAsync(MAX_MEMORY_WAIT_MS - 1);
    expect(log).toEqual(["stuck starts"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(["stuck starts", "waiting starts"]);
    waiting.release();
    stuck.release();
    await Promise.all([waiting.done, stuck.done]);
  });
});
