import { afterEach, describe, expect, it, vi } from "vitest";
import { STALLED_MAIL_AFTER_MS } from "../../src/limits.ts";
import { Pipeline, withVirtualClock } from "../helpers/pipeline.ts";
import { FAULT_POINTS, faultName, type FaultPoint } from "./fault-points.ts";
import { receiveScenario, sendScenario } from "./scenarios.ts";
import type { finalState } from "./state.ts";

type State = Awaited<ReturnType<typeof finalState>>;

/**
 * Each fault point of test/reliability/fault-points.ts (the table of
 * docs/reliability.md), injected at the binding while the Worker's own
 * handlers run the scenario: the account must end exactly as it does
 * without the fault, and the fault must have struck (a point that no
 * longer matches any call fails here rather than passing for nothing).
 */
const baselines: Partial<Record<FaultPoint["scenario"], State>> = {};

async function run(scenario: FaultPoint["scenario"], pipeline: Pipeline, point?: FaultPoint): Promise<State> {
  return withVirtualClock(() =>
    scenario === "receive"
      ? receiveScenario(pipeline, {
          emailTries: point?.senderGivesUp ? 1 : undefined,
          // The sender never retries: six hours later the sweep runs.
          during: point?.senderGivesUp
            ? async () => {
                pipeline.advance(STALLED_MAIL_AFTER_MS + 60_000);
                await pipeline.scheduled();
              }
            : undefined,
        })
      : sendScenario(pipeline, { userRetries: point?.userRetries }),
  );
}

async function baseline(scenario: FaultPoint["scenario"]): Promise<State> {
  return (baselines[scenario] ??= await run(scenario, new Pipeline()));
}

afterEach(() => vi.useRealTimers());

describe("a fault at each write point ends as the run without faults", () => {
  it.each(FAULT_POINTS.map((point) => [faultName(point), point] as const))("%s", async (_name, point) => {
    const expected = await baseline(point.scenario);
    const pipeline = new Pipeline();
    pipeline.plan.fail(point.fault);
    const state = await run(point.scenario, pipeline, point);
    expect(pipeline.plan.fired, "the fault never struck: the point no longer matches a call").toBeGreaterThan(0);
    // Never a mail sent twice to one recipient for one delivery.
    expect(new Set(pipeline.sent.map((m) => `${m.to} ${m.messageId}`)).size).toBe(pipeline.sent.length);
    if (point.unconfirmed) {
      // Never twice: the first recipient got the mail once, or (the attempt ended before the send) not at all.
      const [first, ...others] = expected.mailsSent;
      expect(state.mailsSent).toEqual(point.unconfirmed === "sent" ? expected.mailsSent : others);
      expect(state.mailsSent.filter((to) => to === first).length).toBeLessThanOrEqual(1);
      // The history says the send is unconfirmed; the events of a mail the Worker cannot name are not matched.
      expect(state.deliveryEvents.join()).toContain("send_unconfirmed");
      expect({ ...state, deliveryEvents: [], mailsSent: [] }).toEqual({ ...expected, deliveryEvents: [], mailsSent: [] });
      return;
    }
    if (point.userRetries) {
      // The history also shows the refused queue and the user's retry.
      expect({ ...state, deliveryEvents: [] }).toEqual({ ...expected, deliveryEvents: [] });
      return;
    }
    expect(state).toEqual(expected);
  }, 30_000);
});
