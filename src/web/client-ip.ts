import type { Context } from "hono";

/** The client's address as Cloudflare saw it; under `wrangler dev` there is none, and all requests count as one client. */
export const clientIp = (c: Context) => c.req.header("CF-Connecting-IP") ?? "local";
