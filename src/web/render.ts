import type { Context } from "hono";
import { html } from "hono/html";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Sends a page: the doctype, then the JSX tree rendered to HTML (every value in it escaped by hono/jsx). */
export function render(c: Context, node: JSX.Element, status: ContentfulStatusCode = 200): Response | Promise<Response> {
  return c.html(html`<!DOCTYPE html>${node}`, status);
}
