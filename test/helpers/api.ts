import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import worker from "../../src/index.ts";

export const BASE_URL = "https://connector.test";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  /** Bindings to use instead of the test environment's, e.g. without an optional one. */
  env?: Env;
}

/** Calls the Worker's own fetch handler, as a client would. */
export async function call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === "string" || options.body instanceof FormData || options.body instanceof Uint8Array) {
      body = options.body as BodyInit;
    } else {
      body = JSON.stringify(options.body);
      if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    }
  }
  const request = new Request(BASE_URL + path, { method, headers, body });
  // Another env goes through the Worker's own fetch handler too, so that the request is one invocation like any other.
  const response = options.env ? await (worker as ExportedHandler<Env>).fetch!(request as Parameters<ExportedHandlerFetchHandler<Env>>[0], options.env, createExecutionContext()) : await exports.default.fetch(request);
  const type = response.headers.get("Content-Type") ?? "";
  const parsed = type.includes("json") ? await response.json() : await response.text();
  return { status: response.status, headers: response.headers, body: parsed as T };
}

export const adminToken = () => env.ADMIN_TOKEN;

/** The test environment without its optional PEPPOL_QUEUE binding, as most operators run it. */
export function envWithoutPeppol(): Env {
  const unbound: Env = { ...env };
  delete unbound.PEPPOL_QUEUE;
  return unbound;
}

/** Asserts the error envelope every error response carries. */
export function expectError(response: ApiResponse, status: number, code: string) {
  const problems: string[] = [];
  if (response.status !== status) problems.push(`status ${response.status}, expected ${status}`);
  if (response.body?.error?.code !== code) problems.push(`code ${response.body?.error?.code}, expected ${code}`);
  if (typeof response.body?.error?.message !== "string" || response.body.error.message.length < 10) problems.push("no readable message");
  if (response.body?.error?.requestId !== response.headers.get("X-Request-Id")) problems.push("requestId differs from X-Request-Id");
  if (problems.length > 0) throw new Error(`${problems.join("; ")}: ${JSON.stringify(response.body)}`);
}

/** Downloads a file through the Worker's fetch handler, as a client would: the response and its bytes. */
export async function download(apiKey: string, path: string) {
  const response = await exports.default.fetch(new Request(BASE_URL + path, { headers: { Authorization: `Bearer ${apiKey}` } }));
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}
