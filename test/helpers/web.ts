import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { BASE_URL } from "./api.ts";
import { belgianNumber } from "./accounts.ts";

export interface Page {
  status: number;
  headers: Headers;
  html: string;
  /** Where a redirect leads (path and query), or null. */
  location: string | null;
}

/**
 * A browser for the web app inside workerd: keeps its cookies, sends forms
 * as a page of the site would (Origin, the form's `_csrf` token), follows
 * nothing by itself. Pages are read as HTML text.
 */
export class WebClient {
  readonly cookies = new Map<string, string>();
  /** The `_csrf` token of the last page read. */
  csrf = "";
  language = "en";

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Page> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("Cookie", this.cookieHeader());
    if (!headers.has("Accept-Language")) headers.set("Accept-Language", this.language);
    const response = await exports.default.fetch(new Request(BASE_URL + path, { ...init, headers, redirect: "manual" }));
    this.keep(response);
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token.replaceAll("&amp;", "&");
    const location = response.headers.get("Location");
    return { status: response.status, headers: response.headers, html, location: location && location.replace(BASE_URL, "") };
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.fetch(path, { headers });
  }

  /** Posts a form the way one of the site's pages does; `csrf: false` leaves the token out, `origin` overrides the Origin. */
  post(path: string, fields: Record<string, string> = {}, options: { csrf?: boolean | string; origin?: string | null } = {}) {
    const body = new URLSearchParams(fields);
    if (options.csrf !== false) body.set("_csrf", typeof options.csrf === "string" ? options.csrf : this.csrf);
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
    if (options.origin !== null) headers.Origin = options.origin ?? new URL(BASE_URL).origin;
    return this.fetch(path, { method: "POST", body: body.toString(), headers });
  }
}

/** The text of a page, without tags, whitespace collapsed: what a person reads. */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

export const STRONG_PASSWORD = "plum-harbour-violet-42";

/** Signs up a new account through the sign-up form and returns the signed-in client. */
export async function signedUpClient(overrides: Record<string, string> = {}) {
  const client = new WebClient();
  await client.get("/sign-up");
  const number = belgianNumber();
  const email = `owner-${number}@acme.example`;
  const response = await client.post("/sign-up", {
    companyName: "Acme Trading BV",
    country: "BE",
    vatNumber: `BE${number}`,
    companyNumber: number,
    name: "Ann Owner",
    email,
    password: STRONG_PASSWORD,
    ...overrides,
  });
  expect(response.status, response.html.slice(0, 2000)).toBe(303);
  await client.get("/connectors");
  return { client, email, number, vatNumber: `BE${number}` };
}
