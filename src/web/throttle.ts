import type { Context } from "hono";
import { clientIp } from "./client-ip.ts";
import type { WebEnv } from "./types.ts";

/**
 * Whether a request that tries a password or sends a mail is over the
 * limits of wrangler.toml's [[ratelimits]]: per email address (guessing
 * one person's password, mail-bombing one address) and per client IP
 * (one client trying many). `purpose` keeps sign-ins and mail-sending
 * requests apart on the email limit.
 */
export async function throttled(c: Context<WebEnv>, purpose: "sign-in" | "mail", email: string | null): Promise<boolean> {
  const checks = [c.env.AUTH_IP_LIMIT.limit({ key: `ip:${clientIp(c)}` })];
  if (email) checks.push(c.env.AUTH_EMAIL_LIMIT.limit({ key: `${purpose}:${email}` }));
  return (await Promise.all(checks)).some((outcome) => !outcome.success);
}
