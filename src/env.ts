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
    /** Optional, with CLAMD_PORT: the host of clamd (ClamAV). Without both, only the built-in rules scan files. */
    CLAMD_HOST?: string;
    /** Optional, with CLAMD_HOST: clamd's TCP port. A wrangler.toml var may be a number. */
    CLAMD_PORT?: string | number;
    /** Optional secret: the BOUNCE_SECRET before a rotation, accepted for a while for reports signed with it. */
    BOUNCE_SECRET_PREVIOUS?: string;
    /** Optional: the authserv-id of the receiving server's Authentication-Results header (default: Cloudflare's). */
    AUTHSERV_ID?: string;
  }
}

/** The authserv-id of Cloudflare Email Routing's Authentication-Results header. */
const CLOUDFLARE_AUTHSERV_ID = "mx.cloudflare.net";

const hostnamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const hostname = z.string().trim().toLowerCase().regex(hostnamePattern, "must be a domain name such as invoices.example.com");

/** An optional var: empty counts as not set, so an operator can switch a feature off with `NAME = ""`. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const CLAMD_HOST_MESSAGE = "must be a host name or IP address such as clamd.example.com, without scheme or port";
const clamdHost = z
  .string(CLAMD_HOST_MESSAGE)
  .trim()
  .toLowerCase()
  // An IPv6 address may come in brackets, as in a URL; it is kept without them.
  .transform((value) => value.replace(/^\[([0-9a-f:.]+)\]$/, "$1"))
  .refine((value) => hostnamePattern.test(value) || z.ipv4().safeParse(value).success || z.ipv6().safeParse(value).success, CLAMD_HOST_MESSAGE);

const PORT_MESSAGE = "must be a port number from 1 to 65535";
const port = z.preprocess(
  (value) => (typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
  z.number(PORT_MESSAGE).int(PORT_MESSAGE).min(1, PORT_MESSAGE).max(65535, PORT_MESSAGE),
);

/** The web app's own address: links in mails to people (invitations, password resets) start with it. */
const appUrl = z
  .string("must be the web app's address, such as https://connector.example.com")
  .trim()
  .pipe(z.url({ protocol: /^https?$/, message: "must be the web app's address, such as https://connector.example.com" }))
  // Links are built as APP_URL + path: no trailing slash, no path or query of its own.
  .transform((value) => new URL(value).origin);

const configSchema = z
  .object({
    INBOUND_DOMAIN: hostname,
    APP_URL: appUrl,
    /** Whether anyone may create an account at /sign-up; "off" leaves account creation to operators. */
    SIGN_UP: z.enum(["on", "off"], 'must be "on" (anyone can sign up) or "off" (only operators create accounts)').default("on"),
    SENDER_ADDRESS: z.email("must be an email address such as invoices@mail.example.com").toLowerCase(),
    // 32 characters: an admin token must not be guessable by brute force over HTTP.
    ADMIN_TOKEN: z.string().min(32, "must be at least 32 characters long"),
    // Signs bounce addresses and Message-IDs (src/outbound/signatures.ts): as long as a key should be.
    BOUNCE_SECRET: z.string().min(32, "must be at least 32 characters long"),
    // The secret before a rotation, still accepted for reports about mail signed with it.
    BOUNCE_SECRET_PREVIOUS: optional(z.string().min(32, "must be at least 32 characters long")),
    CLAMD_HOST: optional(clamdHost),
    CLAMD_PORT: optional(port),
    // Email Routing writes its verdicts under this name; only its header is believed (src/inbound/authentication-results.ts).
    AUTHSERV_ID: optional(hostname).transform((value) => value ?? CLOUDFLARE_AUTHSERV_ID),
  })
  .superRefine((config, context) => {
    // One without the other is a half-done setup: refuse it rather than silently scan without ClamAV.
    if ((config.CLAMD_HOST === undefined) !== (config.CLAMD_PORT === undefined)) {
      const [missing, present] = config.CLAMD_HOST === undefined ? ["CLAMD_HOST", "CLAMD_PORT"] : ["CLAMD_PORT", "CLAMD_HOST"];
      context.addIssue({
        code: "custom",
        path: [missing],
        message: `is not set but ${present} is: set both to scan with ClamAV, or neither to use the built-in rules only`,
      });
    }
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
      if (issue.code === "custom") return `${name} ${issue.message}`;
      return value === undefined || value === "" ? `${name} is not set` : `${name} ${issue.message}`;
    });
    throw new ConfigError(
      `The connector is not configured: ${problems.join("; ")}. Set vars in wrangler.toml and secrets with \`wrangler secret put\` (locally in .dev.vars).`,
    );
  }
  checked.set(env, result.data);
  return result.data;
}
