import { z } from "zod";

/**
 * Vars and secrets, checked once per isolate. Bindings are typed by
 * `wrangler types` (worker-configuration.d.ts); what wrangler.toml cannot
 * declare (optional vars and bindings added by the operator) is declared here.
 */
declare global {
  interface Env {
    /** Optional: the Peppol connector's queue. Without it the Peppol channel cannot be enabled. */
    PEPPOL_QUEUE?: Queue;
  }
}

const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a domain name such as invoices.example.com");

const configSchema = z.object({
  INBOUND_DOMAIN: hostname,
  SENDER_ADDRESS: z.email("must be an email address such as invoices@mail.example.com").toLowerCase(),
  // 32 characters: an admin token must not be guessable by brute force over HTTP.
  ADMIN_TOKEN: z.string().min(32, "must be at least 32 characters long"),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

const checked = new WeakMap<object, Config>();

/**
 * The validated configuration. Throws a ConfigError that names each missing
 * or invalid setting (never its value), so an operator knows what to fix.
 */
export function readConfig(env: Env): Config {
  const cached = checked.get(env);
  if (cached) return cached;
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const value = (env as unknown as Record<string, unknown>)[name];
      return value === undefined || value === "" ? `${name} is not set` : `${name} ${issue.message}`;
    });
    throw new ConfigError(
      `The connector is not configured: ${problems.join("; ")}. Set vars in wrangler.toml and secrets with \`wrangler secret put\` (locally in .dev.vars).`,
    );
  }
  checked.set(env, result.data);
  return result.data;
}
