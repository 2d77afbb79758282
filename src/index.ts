import { createApp } from "./api/app.ts";
import { createContext } from "./context.ts";
import { receiveMail } from "./inbound/receive.ts";
import { sweepStalledMails } from "./inbound/sweep.ts";
import { consumeQueue } from "./queues/consumers.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  email: receiveMail,
  queue: consumeQueue,
  scheduled: async (_controller, env) => {
    await sweepStalledMails(createContext(env));
  },
} satisfies ExportedHandler<Env>;
