import { createMiddleware } from "hono/factory";
import { authenticateApiKey } from "../../accounts/api-keys.ts";
import { sha256Hex } from "../../bytes.ts";
import { AppError } from "../../errors.ts";
import { negotiateLanguage } from "../../i18n/languages.ts";
import { enforceRateLimit } from "../../rate-limits.ts";
import type { AppEnv } from "../types.ts";

function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1]! : null;
}

const missingCredentials = () =>
  new AppError("UNAUTHENTICATED", "This endpoint needs credentials: send them as `Authorization: Bearer <token>`.");

/** Compares two secrets in constant time; hashing first makes the lengths equal. */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([sha256Hex(a), sha256Hex(b)]);
  const encoder = new TextEncoder();
  return crypto.subtle.timingSafeEqual(encoder.encode(ha), encoder.encode(hb));
}

/** Operator endpoints: the ADMIN_TOKEN secret. An account's API key is recognised and told it is not enough. */
export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header("Authorization"));
  if (!token) throw missingCredentials();
  const ctx = c.get("ctx");
  if (!(await sameSecret(token, ctx.config.ADMIN_TOKEN))) {
    if (await authenticateApiKey(ctx, token)) {
      throw new AppError("FORBIDDEN", "This is an operator endpoint: an account's API key cannot use it.");
    }
    throw new AppError("UNAUTHENTICATED", "The operator token is not valid.");
  }
  await enforceRateLimit(c.env, "OPERATOR", "operator", "requests with the operator token");
  await next();
});

/** Account endpoints: an API key, which scopes everything that follows to its account. */
export const accountAuth = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header("Authorization"));
  if (!token) throw missingCredentials();
  const found = await authenticateApiKey(c.get("ctx"), token);
  if (!found) throw new AppError("UNAUTHENTICATED", "The API key is not valid, or was revoked or has expired. Ask your operator for a new one if it was lost.");
  await enforceRateLimit(c.env, "API_KEY", found.key.id, "requests with this API key");
  const { account } = found;
  c.set("account", account);
  c.set("apiKeyId", found.key.id);
  // Reasons and other sentences are rendered in a language the caller reads: theirs when they ask, else the account's.
  c.set("language", negotiateLanguage(c.req.header("Accept-Language")) ?? account.language);
  await next();
});
