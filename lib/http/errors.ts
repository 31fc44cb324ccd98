import { unstable_rethrow } from "next/navigation";

/**
 * One error envelope for every route handler: `{ error: { code, message } }`.
 * Messages are written by us for the client; exception text never leaves the server.
 */
export type ErrorCode =
  | "bad_request"
  | "invalid_parameter"
  | "not_found"
  | "method_not_allowed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "conflict"
  | "unprocessable"
  | "internal";

export type ErrorEnvelope = { error: { code: ErrorCode | (string & {}); message: string } };

export function jsonError(status: number, code: ErrorEnvelope["error"]["code"], message: string, headers?: HeadersInit): Response {
  const body: ErrorEnvelope = { error: { code, message } };
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...Object.fromEntries(new Headers(headers)) } });
}

/** Throw from a handler wrapped by withErrors to answer with this status and a safe message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorEnvelope["error"]["code"],
    readonly publicMessage: string,
  ) {
    super(publicMessage);
    this.name = "HttpError";
  }
}

const GENERIC_MESSAGE = "Something went wrong on the server. The error has been logged.";

type Handler<A extends unknown[]> = (request: Request, ...rest: A) => Promise<Response> | Response;

/**
 * Wraps a route handler: HttpError → its envelope; anything else is logged server-side and answered with
 * a generic 500 envelope. Next.js control-flow errors (redirect, notFound) are re-thrown untouched.
 */
export function withErrors<A extends unknown[]>(handler: Handler<A>): (request: Request, ...rest: A) => Promise<Response> {
  return async (request, ...rest) => {
    try {
      return await handler(request, ...rest);
    } catch (e) {
      unstable_rethrow(e);
      if (e instanceof HttpError) return jsonError(e.status, e.code, e.publicMessage);
      let path = "";
      try {
        path = new URL(request.url).pathname;
      } catch {
        /* keep empty */
      }
      console.error(`[api] ${request.method} ${path} failed:`, e);
      return jsonError(500, "internal", GENERIC_MESSAGE);
    }
  };
}
