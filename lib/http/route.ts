import "server-only";
import { unstable_rethrow } from "next/navigation";
import { type ZodType, z } from "zod";
import { type Actor, actorCan } from "@/lib/auth/actor";
import { isStateChanging, type Permission } from "@/lib/auth/permissions";
import { resolveActor } from "@/lib/auth/resolve-actor";
import { noteProcessWrite, withClientPosition, writePositionTtlMs } from "@/lib/db/read";
import { isHttpsRequest, requestPosition, WAL_POSITION_HEADER, walSetCookie } from "@/lib/db/read-position";
import { formatLsn } from "@/lib/db/replica-lsn";
import { AppError, badRequest, forbidden, payloadTooLarge, unauthenticated, unprocessable, unsupportedMediaType } from "@/lib/errors";
import { type ErrorEnvelope, jsonError } from "./errors";
import { checkSameOrigin, hostAllowed } from "./origin";

/**
 * The one route wrapper. Every route handler under app/ is `route({ permission, … }, handler)`:
 * - `permission` is mandatory: a route cannot exist without one ("public" must be said out loud, and the route walk
 *   test allows it only for health, sign-in, auth callbacks and first-run setup);
 * - the actor is resolved from `Authorization: Bearer <token>` or the session cookie (401 when absent, 403 when
 *   its role or scope lacks the permission);
 * - with AFTERMATH_URL set, a request for another Host is refused (421);
 * - cookie-authenticated state changes must come from the app's own origin (CSRF);
 * - params and query are parsed with zod (400 `invalid_parameter`), a JSON body with zod (415 wrong type, 400 bad
 *   JSON, 413 too large, 422 `unprocessable` for a body that does not fit the schema);
 * - typed errors (lib/errors.ts) map to their status; anything else is logged and answered with a generic 500.
 * A handler returns a Response, or a value sent as JSON with status 200.
 */
export type RouteSpec<P extends ZodType, Q extends ZodType, B extends ZodType> = {
  permission: Permission | "public";
  params?: P;
  query?: Q;
  /** a JSON body parsed with this schema (the handler reads nothing itself) */
  body?: B;
  /** limit for a JSON body (default 256 KiB) */
  maxBodyBytes?: number;
  /** JSON status for a returned value (default 200) */
  status?: number;
};

export type RequestMeta = { ip: string | null; userAgent: string | null };

export type RouteContext<P extends ZodType, Q extends ZodType, B extends ZodType> = {
  request: Request;
  /** null only on "public" routes */
  actor: Actor;
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  meta: RequestMeta;
};

type NextCtx = { params: Promise<Record<string, string | string[] | undefined>> };

export type RouteHandler = ((request: Request, ctx: NextCtx) => Promise<Response>) & { permission: Permission | "public" };

const NONE = z.any();
const DEFAULT_MAX_BODY = 256 * 1024;
const GENERIC_MESSAGE = "Something went wrong on the server. The error has been logged.";

export function requestMeta(request: Request): RequestMeta {
  return metaFromHeaders(request.headers);
}

/** Client IP (X-Forwarded-For only behind a trusted proxy, AFTERMATH_TRUST_PROXY=1) and user agent from headers. */
export function metaFromHeaders(headers: Headers): RequestMeta {
  const fwd = headers.get("x-forwarded-for");
  const ip = (process.env.AFTERMATH_TRUST_PROXY === "1" && fwd ? fwd.split(",")[0]?.trim() : null) || headers.get("x-real-ip") || null;
  return { ip, userAgent: headers.get("user-agent") };
}

function isMutating(method: string): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}

export function zodMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid input.";
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue.message}`;
}

async function readJsonBody(request: Request, max: number): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("application/json")) throw unsupportedMediaType("Send the body as application/json.");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > max) throw payloadTooLarge(`The body is larger than ${max} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > max) throw payloadTooLarge(`The body is larger than ${max} bytes.`);
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("The body is not valid JSON.");
  }
}

export function errorResponse(e: unknown, request: Request): Response {
  if (e instanceof AppError) {
    const body: ErrorEnvelope = { error: { code: e.code, message: e.message } };
    if (e.details !== undefined) (body.error as Record<string, unknown>).details = e.details;
    return Response.json(body, { status: e.status, headers: { "cache-control": "no-store", ...e.headers } });
  }
  if (e instanceof z.ZodError) return jsonError(400, "invalid_parameter", zodMessage(e));
  let path = "";
  try {
    path = new URL(request.url).pathname;
  } catch {
    /* keep empty */
  }
  console.error(`[api] ${request.method} ${path} failed:`, e);
  return jsonError(500, "internal", GENERIC_MESSAGE);
}

export function route<P extends ZodType = typeof NONE, Q extends ZodType = typeof NONE, B extends ZodType = typeof NONE>(
  spec: RouteSpec<P, Q, B>,
  handler: (ctx: RouteContext<P, Q, B>) => Promise<unknown> | unknown,
): RouteHandler {
  const wrapped = async (request: Request, nextCtx: NextCtx): Promise<Response> => {
    try {
      if (!hostAllowed(request.headers)) return jsonError(421, "unknown_host", "This server answers only for AFTERMATH_URL.");
      let actor: Actor | null = null;
      let viaCookie = false;
      if (spec.permission !== "public") {
        const resolved = await resolveActor(request);
        if (!resolved) throw unauthenticated();
        actor = resolved.actor;
        viaCookie = resolved.via === "session";
        if (!actorCan(actor, spec.permission)) throw forbidden();
        if (viaCookie && isMutating(request.method) && isStateChanging(spec.permission)) checkSameOrigin(request);
      } else if (isMutating(request.method)) {
        checkSameOrigin(request, { allowMissing: true });
      }
      const rawParams = nextCtx?.params ? await nextCtx.params : {};
      const params = (spec.params ?? NONE).safeParse(rawParams);
      if (!params.success) throw new AppError("invalid_parameter", zodMessage(params.error));
      const url = new URL(request.url);
      const queryObj: Record<string, string | string[]> = {};
      for (const key of new Set(url.searchParams.keys())) {
        const all = url.searchParams.getAll(key);
        queryObj[key] = all.length === 1 ? all[0] : all;
      }
      const query = (spec.query ?? NONE).safeParse(queryObj);
      if (!query.success) throw new AppError("invalid_parameter", zodMessage(query.error));
      let body: unknown;
      if (spec.body) {
        const parsed = spec.body.safeParse(await readJsonBody(request, spec.maxBodyBytes ?? DEFAULT_MAX_BODY));
        if (!parsed.success) throw unprocessable(zodMessage(parsed.error));
        body = parsed.data;
      }
      const out = await withClientPosition(requestPosition(request.headers), () =>
        handler({
          request,
          actor: actor as Actor,
          params: params.data as z.output<P>,
          query: query.data as z.output<Q>,
          body: body as z.output<B>,
          meta: requestMeta(request),
        }),
      );
      // read-your-writes: this actor's next reads must see what the request changed (replicas only; see lib/db/read.ts)
      const lsn = actor && isMutating(request.method) ? await noteProcessWrite(actor) : null;
      const res =
        out instanceof Response
          ? out
          : Response.json(out ?? { ok: true }, { status: spec.status ?? 200, headers: { "cache-control": "no-store" } });
      return lsn === null ? res : withWritePosition(res, lsn, request, viaCookie);
    } catch (e) {
      unstable_rethrow(e);
      return errorResponse(e, request);
    }
  };
  return Object.assign(wrapped, { permission: spec.permission });
}

/**
 * Hands the client the primary's WAL position after its write, so any app instance serving its next read can wait
 * for it: `X-Aftermath-Wal-Position` always (API clients may send it back as `X-Aftermath-Min-Position`), and the
 * `aftermath_wal` cookie for a browser session.
 */
function withWritePosition(res: Response, lsn: bigint, request: Request, viaCookie: boolean): Response {
  const add = (h: Headers) => {
    h.set(WAL_POSITION_HEADER, formatLsn(lsn));
    if (viaCookie)
      h.append(
        "set-cookie",
        walSetCookie(lsn, { secure: isHttpsRequest(request.url, request.headers), maxAgeSeconds: writePositionTtlMs() / 1000 }),
      );
  };
  try {
    add(res.headers);
    return res;
  } catch {
    // immutable headers (Response.redirect, a fetched response): answer a copy
    const copy = new Response(res.body, res);
    add(copy.headers);
    return copy;
  }
}
