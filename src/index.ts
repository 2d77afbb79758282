import { createApp } from "./api/app.ts";
import { receiveMail } from "./inbound/receive.ts";
import { consumeQueue } from "./queues/consumers.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  email: receiveMail,
  queue: consumeQueue,
} satisfies ExportedHandler<Env>;
