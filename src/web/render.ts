import type { Context } from "hono";
import { html } from "hono/html";
import type { JSX } from "hono/jsx/jsx-runtime";
import { endTime, startTime } from "hono/timing";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Sends a page: the doctype, then the JSX tree rendered to HTML (every value
 * in it escaped by hono/jsx). The time the rendering takes is reported in
 * the Server-Timing header (`render`), beside the whole request's (`total`).
 */
export async function render(c: Context, node: JSX.Element, status: ContentfulStatusCode = 200): Promise<Response> {
  startTime(c, "render");
  const page = await html`<!DOCTYPE html>${node}`;
  endTime(c, "render");
  return c.html(page, status);
}
