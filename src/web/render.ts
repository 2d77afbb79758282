import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSX } from "hono/jsx/jsx-runtime";

/** Sends a page: the doctype, then the JSX tree rendered to HTML (every value in it escaped by hono/jsx). */
export async function render(c: Context, node: JSX.Element, status: ContentfulStatusCode = 200): Promise<Response> {
  return c.html(`<!DOCTYPE html>${String(await node)}`, status);
}
