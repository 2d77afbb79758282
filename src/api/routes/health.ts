import { createRoute, z } from "@hono/zod-openapi";
import { readConfig } from "../../env.ts";
import type { App } from "../types.ts";

const route = createRoute({
  method: "get",
  path: "/health",
  tags: ["Service"],
  summary: "Liveness",
  description: "`ok` is false (503) when the configuration is incomplete; `problem` then names what to set.",
  responses: {
    200: { description: "Running and configured.", content: { "application/json": { schema: z.object({ ok: z.literal(true) }) } } },
    503: {
      description: "Running, but misconfigured.",
      content: { "application/json": { schema: z.object({ ok: z.literal(false), problem: z.string() }) } },
    },
  },
});

export const registerHealth = (app: App) =>
  app.openapi(route, (c) => {
    try {
      readConfig(c.env);
      return c.json({ ok: true as const }, 200);
    } catch (error) {
      return c.json({ ok: false as const, problem: (error as Error).message }, 503);
    }
  });
