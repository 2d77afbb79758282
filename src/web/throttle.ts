import type { Context } from "hono";
import { withinRateLimit } from "../rate-limits.ts";
import { clientIp } from "./client-ip.ts";
import type { WebEnv } from "./types.ts";

/**
 * Whether a request that tries a password or sends a mail is over the
 * sign-in limits of src/rate-limits.ts: per email address (guessing
 * one person's password, mail-bombing one address) and per client IP
 * (one client trying many). `purpose` keeps sign-ins and mail-sending
 * requests apart on the email limit.
 */
export async function throttled(c: Context<WebEnv>, purpose: "sign-in" | "mail", email: string | null): Promise<boolean> {
  const checks = [withinRateLimit(c.env, "SIGN_IN_PER_IP", `ip:${clientIp(c)}`)];
  if (email) checks.push(withinRateLimit(c.env, "SIGN_IN_PER_EMAIL", `${purpose}:${email}`));
  return (await Promise.all(checks)).some((within) => !within);
}
