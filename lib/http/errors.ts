/**
 * One error envelope for every route handler: `{ error: { code, message } }`.
 * Messages are written by us for the client; exception text never leaves the server.
 */
import type { ErrorCode } from "@/lib/errors";

export type ErrorEnvelope = { error: { code: ErrorCode; message: string; details?: unknown } };

export function jsonError(status: number, code: ErrorEnvelope["error"]["code"], message: string, headers?: HeadersInit): Response {
  const body: ErrorEnvelope = { error: { code, message } };
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...Object.fromEntries(new Headers(headers)) } });
}
