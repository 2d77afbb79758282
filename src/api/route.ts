import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { errorResponses } from "./errors.ts";
import { accountAuth, adminAuth } from "./middleware/auth.ts";

/**
 * Every authenticated route is declared through one of these two, so none
 * can forget its credentials check, its security entry in the OpenAPI
 * document, or the 401 it can answer.
 */
export function accountRoute<const R extends Omit<RouteConfig, "middleware" | "security">>(route: R) {
  return createRoute({
    ...route,
    security: [{ apiKey: [] }],
    middleware: [accountAuth] as const,
    responses: { ...route.responses, ...errorResponses(401, 429) },
  });
}

export function adminRoute<const R extends Omit<RouteConfig, "middleware" | "security">>(route: R) {
  return createRoute({
    ...route,
    tags: ["Operator"],
    security: [{ adminToken: [] }],
    middleware: [adminAuth] as const,
    responses: { ...route.responses, ...errorResponses(401, 403, 429) },
  });
}
