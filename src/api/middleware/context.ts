import { createMiddleware } from "hono/factory";
import { createContext } from "../../context.ts";
import type { AppEnv } from "../types.ts";

/** Builds the domain context (database, validated configuration) once per request. */
export const context = createMiddleware<AppEnv>(async (c, next) => {
  c.set("ctx", createContext(c.env));
  await next();
});
