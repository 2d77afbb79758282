import { and, eq } from "drizzle-orm";
import type { Ctx } from "./context.ts";
import { idempotencyKeys } from "./db/schema/index.ts";
import { AppError } from "./errors.ts";
import { now } from "./ids.ts";

/** How long a key is remembered: clients retry within minutes; a day also covers an outage on their side. */
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface StoredResponse {
  status: number;
  body: unknown;
}

async function claim(ctx: Ctx, accountId: string, key: string, request: string): Promise<StoredResponse | null> {
  const [claimed] = await ctx.db
    .insert(idempotencyKeys)
    .values({ accountId, key, request, status: null, response: null, createdAt: now() })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed) return null;
  const existing = await ctx.db.query.idempotencyKeys.findFirst({ where: and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, key)) });
  if (!existing) return claim(ctx, accountId, key, request);
  if (Date.parse(existing.createdAt) < Date.now() - KEY_LIFETIME_MS) {
    await ctx.db
      .delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.createdAt, existing.createdAt)));
    return claim(ctx, accountId, key, request);
  }
  if (existing.request !== request) {
    throw new AppError("CONFLICT", `This Idempotency-Key was already used for another request (${existing.request}): use a new key for each request.`);
  }
  if (existing.status === null) {
    throw new AppError("CONFLICT", "A request with this Idempotency-Key is still being processed: retry it in a moment.");
  }
  return { status: existing.status, body: existing.response };
}

/**
 * Runs `run` once per key: a repeat of the same request (a client retrying
 * after a timeout) gets the first answer again, `replayed`, instead of doing
 * the work twice. Without a key, `run` simply runs. A request that fails
 * releases its key, so it can be retried with it.
 */
export async function once(
  ctx: Ctx,
  accountId: string,
  key: string | undefined,
  request: string,
  run: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (key === undefined) return { ...(await run()), replayed: false };
  const earlier = await claim(ctx, accountId, key, request);
  if (earlier) return { ...earlier, replayed: true };
  const where = and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, key));
  let response: StoredResponse;
  try {
    response = await run();
  } catch (error) {
    await ctx.db.delete(idempotencyKeys).where(where);
    throw error;
  }
  await ctx.db.update(idempotencyKeys).set({ status: response.status, response: response.body }).where(where);
  return { ...response, replayed: false };
}
