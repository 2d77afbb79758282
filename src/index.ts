import { createApp } from "./api/app.ts";
import { createContext } from "./context.ts";
import { readConfig } from "./env.ts";
import { receiveMail } from "./inbound/receive.ts";
import { sweepStalledMails } from "./inbound/sweep.ts";
import { isBounceAddress, receiveBounce } from "./outbound/bounces.ts";
import { consumeQueue } from "./queues/consumers.ts";
import { deleteExpiredSessions } from "./users/sessions.ts";
import { createWebApp } from "./web/app.tsx";

const api = createApp();
const web = createWebApp();

/**
 * The HTTP API (any version's path, so that a client gets the API's JSON 404 for one that does
 * not exist), its document and health check; every other path is a page of the web app.
 */
const isApiPath = (pathname: string) => /^\/v\d+(\/|$)/.test(pathname) || pathname === "/openapi.json" || pathname === "/health";

export default {
  fetch: (request, env, ctx) => (isApiPath(new URL(request.url).pathname) ? api.fetch(request, env, ctx) : web.fetch(request, env, ctx)),
  async email(message, env) {
    // Delivery status notifications for our outbound mail; everything else is mail to an import address.
    if (isBounceAddress(message.to, readConfig(env))) return receiveBounce(message, env);
    return receiveMail(message, env);
  },
  queue: consumeQueue,
  scheduled: async (_controller, env) => {
    const ctx = createContext(env);
    await sweepStalledMails(ctx);
    await deleteExpiredSessions(ctx);
  },
} satisfies ExportedHandler<Env>;
