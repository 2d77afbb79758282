import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import { ConfigError } from "../env.ts";
import { AppError, errorStatus, type ErrorCode, type FieldIssue } from "../errors.ts";
import type { AppEnv } from "./types.ts";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]),
      message: z.string().openapi({ description: "A sentence a person can act on." }),
      requestId: z.string(),
      details: z
        .array(
          z.object({
            path: z.string(),
            message: z.string(),
            reasonCode: z.string().optional().openapi({ description: "When a file is refused by a check: the check's code, as docs/checks.md lists them (PDF_JAVASCRIPT, VIRUS_FOUND...)." }),
            reasonParams: z.record(z.string(), z.unknown()).optional().openapi({ description: "With reasonCode: the values of the check's message (what it found, where)." }),
          }),
        )
        .optional()
        .openapi({ description: "For VALIDATION_FAILED: each failing field and why." }),
    }),
  })
  .openapi("Error");

const errorDescriptions: Record<number, string> = {
  400: "The request is malformed (VALIDATION_FAILED).",
  401: "No valid credentials (UNAUTHENTICATED).",
  403: "The credentials do not allow this (FORBIDDEN).",
  404: "Not found, or not the caller's (NOT_FOUND).",
  409: "Conflicts with the current state (CONFLICT, CONNECTOR_INACTIVE).",
  413: "The body is too large (PAYLOAD_TOO_LARGE).",
  415: "The body's media type is not accepted (UNSUPPORTED_MEDIA_TYPE).",
  429: "Too many requests (RATE_LIMITED): try again after the Retry-After header's seconds.",
  422: "Well-formed, but a rule refuses it (VALIDATION_FAILED).",
  503: "A check that must run could not (SCANNER_UNAVAILABLE: ClamAV did not answer); nothing was stored: send the same request again after the Retry-After header's seconds.",
};

/** OpenAPI response entries for the error statuses a route can answer. */
export function errorResponses(...statuses: (keyof typeof errorDescriptions)[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: errorDescriptions[status]!, content: { "application/json": { schema: ErrorSchema } } }]),
  );
}

export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join(".") || "(body)", message: issue.message }));
}

export function validationError(error: ZodError): AppError {
  const issues = zodIssues(error);
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  return new AppError("VALIDATION_FAILED", `The request is not valid: ${summary}.`, { details: issues });
}

/** Maps anything thrown while handling a request to the one error envelope; nothing internal leaks. */
export function errorResponse(error: unknown, c: Context<AppEnv>): Response {
  let appError: AppError;
  if (error instanceof AppError) appError = error;
  else if (error instanceof HTTPException) appError = fromHttpException(error);
  else {
    // Logged in full for the operator; the client only learns the request id.
    console.error(JSON.stringify({ msg: "unhandled error", requestId: c.get("requestId"), error: describe(error) }));
    appError = new AppError(
      "INTERNAL",
      error instanceof ConfigError
        ? "The connector is not configured correctly; the operator can find the reason in the logs."
        : "Something went wrong on our side. Try again; if it persists, contact support with the request id.",
    );
  }
  const body = {
    error: {
      code: appError.code,
      message: appError.message,
      requestId: c.get("requestId"),
      ...(appError.details === undefined ? {} : { details: appError.details }),
    },
  };
  const headers: Record<string, string> = {};
  if (appError.code === "UNAUTHENTICATED") headers["WWW-Authenticate"] = 'Bearer realm="email-connector"';
  if (appError.retryAfterSeconds !== undefined) headers["Retry-After"] = String(appError.retryAfterSeconds);
  return c.json(body, appError.status as 400, headers);
}

function fromHttpException(error: HTTPException): AppError {
  switch (error.status) {
    case 400:
      // hono's JSON validator: "Malformed JSON in request body".
      return new AppError("VALIDATION_FAILED", `The request body is not valid JSON (${error.message}).`);
    case 413:
      return new AppError("PAYLOAD_TOO_LARGE", "The request body is too large.");
    case 415:
      return new AppError("UNSUPPORTED_MEDIA_TYPE", "This endpoint does not take a body of this type: send application/json, or multipart/form-data where a file is uploaded.");
    default:
      return new AppError("INTERNAL", "Something went wrong on our side.");
  }
}

/** The error and its causes: drizzle wraps D1's own message ("D1_ERROR: ...") as the cause of "Failed query". */
function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  return { name: error.name, message: error.message, stack: error.stack, ...(error.cause === undefined ? {} : { cause: describe(error.cause) }) };
}
