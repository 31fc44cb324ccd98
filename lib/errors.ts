/**
 * Typed errors with codes. Domain code throws these; the route wrapper (lib/http/route.ts) maps each to its
 * status and the one error envelope `{ error: { code, message } }`. Never choose a status by matching error text.
 * `message` is written for the client; internal details stay in `cause` and the server log.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_parameter: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unknown_host: 421,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
    this.details = options?.details;
    this.headers = options?.headers;
  }
  readonly details: unknown;
  readonly headers: Record<string, string> | undefined;
}

export const badRequest = (message: string, details?: unknown) => new AppError("bad_request", message, { details });
export const invalidParameter = (message: string, details?: unknown) => new AppError("invalid_parameter", message, { details });
export const unprocessable = (message: string, details?: unknown) => new AppError("unprocessable", message, { details });
export const notFound = (message = "Not found.") => new AppError("not_found", message);
export const conflict = (message: string, details?: unknown) => new AppError("conflict", message, { details });
export const forbidden = (message = "Your role does not allow this.") => new AppError("forbidden", message);
export const unauthenticated = (message = "Sign in, or send an API token as Authorization: Bearer <token>.") =>
  new AppError("unauthenticated", message);
export const payloadTooLarge = (message: string, details?: unknown) => new AppError("payload_too_large", message, { details });
export const unsupportedMediaType = (message: string) => new AppError("unsupported_media_type", message);
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new AppError("rate_limited", message, { headers: { "retry-after": String(Math.max(1, Math.ceil(retryAfterSeconds))) } });
export const unavailable = (message: string, details?: unknown) => new AppError("unavailable", message, { details });

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
