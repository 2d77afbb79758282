import { createApp } from "./api/app.ts";
import { createContext } from "./context.ts";
import { readConfig } from "./env.ts";
import { receiveMail } from "./inbound/receive.ts";
import { sweepStalledMails } from "./inbound/sweep.ts";
import { isBounceAddress, receiveBounce } from "./outbound/bounces.ts";
import { consumeQueue } from "./queues/consumers.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async email(message, env) {
    // Delivery status notifications for our outbound mail; everything else is mail to an import address.
    if (isBounceAddress(message.to, readConfig(env))) return receiveBounce(message, env);
    return receiveMail(message, env);
  },
  queue: consumeQueue,
  scheduled: async (_controller, env) => {
    await sweepStalledMails(createContext(env));
  },
} satisfies ExportedHandler<Env>;
