import { AppError } from "./errors.ts";

/**
 * The rate limits, with what each protects. They run on Cloudflare's Rate
 * Limiting bindings: each is a `[[ratelimits]]` entry in wrangler.toml with
 * this limit and period (a test checks they agree), counted per location
 * and approximately (Cloudflare's docs), which is what a brake on abuse
 * needs. An operator changes a limit in wrangler.toml and here, and deploys.
 */
export const RATE_LIMITS = {
  API_KEY: {
    binding: "API_RATE_LIMITER",
    limit: 600,
    periodSeconds: 60,
    per: "API key",
    protects: "An integration syncing invoices makes a few requests a second; a runaway loop or a stolen key makes far more.",
  },
  OPERATOR: {
    binding: "OPERATOR_RATE_LIMITER",
    limit: 300,
    periodSeconds: 60,
    per: "operator token",
    protects: "Operators script account creation, never floods; a leaked token cannot be used to hammer the API.",
  },
  MAIL_PER_SENDER: {
    binding: "MAIL_SENDER_RATE_LIMITER",
    limit: 60,
    periodSeconds: 60,
    per: "envelope sender and account",
    protects: "A supplier mailing its month's invoices one by one stays far below; a mail loop or a spammer does not.",
  },
  MAIL_PER_ACCOUNT: {
    binding: "MAIL_ACCOUNT_RATE_LIMITER",
    limit: 300,
    periodSeconds: 60,
    per: "account, all senders",
    protects: "A large account's busiest minute, with room to spare; a flood from many senders is held back.",
  },
  SEND_PER_ACCOUNT: {
    binding: "SEND_RATE_LIMITER",
    limit: 120,
    periodSeconds: 60,
    per: "account (sends and retries)",
    protects: "A month-end run goes out at this pace; a script gone wrong cannot mail customers by the thousand.",
  },
  SIGN_IN_PER_EMAIL: {
    binding: "AUTH_EMAIL_LIMIT",
    limit: 5,
    periodSeconds: 60,
    per: "email address, for signing in and, apart, for mails asked for (password reset, sign-up)",
    protects: "A person mistypes a password a few times; guessing one person's password, or mail-bombing one address, needs thousands of tries.",
  },
  SIGN_IN_PER_IP: {
    binding: "AUTH_IP_LIMIT",
    limit: 30,
    periodSeconds: 60,
    per: "client IP address (web app sign-in, password reset, sign-up)",
    protects: "An office behind one address signs in a few times a minute; one client trying many people's passwords does not get far.",
  },
} as const satisfies Record<string, { binding: string; limit: number; periodSeconds: 10 | 60; per: string; protects: string }>;

export type RateLimitName = keyof typeof RATE_LIMITS;

/** The bindings, as the Worker's Env holds them (typed here without it, so that `npm run docs` can read this file in Node). */
type Limiters = Record<(typeof RATE_LIMITS)[RateLimitName]["binding"], { limit(options: { key: string }): Promise<{ success: boolean }> }>;

/** Counts one use of `name` for `key`; false when the limit is reached for this period. */
export async function withinRateLimit(env: Limiters, name: RateLimitName, key: string): Promise<boolean> {
  const { success } = await env[RATE_LIMITS[name].binding].limit({ key });
  return success;
}

/** For what an API caller asks: a RATE_LIMITED error (429) saying when to try again. */
export async function enforceRateLimit(env: Limiters, name: RateLimitName, key: string, what: string): Promise<void> {
  if (await withinRateLimit(env, name, key)) return;
  const { limit, periodSeconds } = RATE_LIMITS[name];
  throw new AppError("RATE_LIMITED", `Too many ${what}: at most ${limit} per ${periodSeconds} seconds. Try again in ${periodSeconds} seconds.`, {
    retryAfterSeconds: periodSeconds,
  });
}
