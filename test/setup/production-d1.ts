import { env } from "cloudflare:workers";
import worker from "../../src/index.ts";
import { inInvocation, installRowSizeTriggers, productionLikeD1, type Invocation } from "../helpers/production-d1.ts";

/**
 * Every test file runs against a D1 that fails where Cloudflare's D1 fails
 * (test/helpers/production-d1.ts), with nothing to do in the tests:
 *
 * - env.DB is replaced by the production-like binding. The Worker's handlers
 *   get this same `env` object, whether a test calls them or the runtime
 *   does (exports.default.fetch, queue batches the local queues deliver),
 *   and so does every copy of it a test makes.
 * - Each handler of the Worker runs as one invocation, whose D1 requests
 *   are counted against the per-invocation limit.
 *
 * Runs after apply-migrations.ts, on the migrated schema of the file's own
 * database (storage is isolated per test file).
 */
await installRowSizeTriggers(env.DB);
env.DB = productionLikeD1(env.DB);

type Handler = Invocation["handler"];

/** What an invocation ran for, from the handler's first argument, for the test that reads the counts. */
const labels: Record<Handler, (event: any) => string> = {
  fetch: (request: Request) => `${request.method} ${new URL(request.url).pathname}`,
  email: (message: ForwardableEmailMessage) => message.to,
  queue: (batch: MessageBatch) => `${batch.queue} (${batch.messages.length})`,
  scheduled: (controller: ScheduledController) => controller.cron,
};

const COUNTED = Symbol("counted as invocations");
const handlers = worker as unknown as Record<Handler, ((...args: unknown[]) => unknown) & { [COUNTED]?: true }>;
for (const handler of Object.keys(labels) as Handler[]) {
  const original = handlers[handler];
  if (original[COUNTED]) continue;
  handlers[handler] = Object.assign(function (this: unknown, ...args: unknown[]) {
    return inInvocation(handler, labels[handler](args[0]), () => original.apply(this, args));
  }, { [COUNTED]: true as const });
}
