/**
 * The one error type of the connector. Domain code throws it; the HTTP layer
 * turns it into the error envelope, with the status from `errorStatus`.
 */
export const errorStatus = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  CONFLICT: 409,
  CONNECTOR_INACTIVE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A check that must run could not (ClamAV did not answer): nothing was done; the same request later will do. */
  SCANNER_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** One failing field: its path in the request (`address.country`, `recipients.2`) and why. */
export interface FieldIssue {
  path: string;
  message: string;
  /** When a file is refused by a check of the catalogue: its code, and the values its message needs. */
  reasonCode?: string;
  reasonParams?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  /**
   * Only VALIDATION_FAILED varies: 400 when the request is malformed, 422 when
   * it is well-formed but a rule of the domain refuses it.
   */
  readonly status: number;
  /** For RATE_LIMITED: when to try again (the Retry-After header). */
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; status?: 400 | 422; cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options.details;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    this.status = code === "VALIDATION_FAILED" && options.status ? options.status : errorStatus[code];
  }
}

/** A well-formed request that a rule of the domain refuses, naming the field. */
export function unprocessable(path: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", message, { status: 422, details: [{ path, message }] satisfies FieldIssue[] });
}

/** Several fields a rule of the domain refuses at once, so a person fixes them in one go. */
export function unprocessableFields(issues: FieldIssue[]): AppError {
  return new AppError("VALIDATION_FAILED", issues.map((i) => i.message).join(" "), { status: 422, details: issues });
}

/** Also the answer for another account's resources: their existence is not revealed. */
export function notFound(message: string): AppError {
  return new AppError("NOT_FOUND", message);
}
