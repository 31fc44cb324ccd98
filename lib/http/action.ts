import "server-only";
import { cookies, headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { type Actor, actorCan } from "@/lib/auth/actor";
import { isStateChanging, type Permission } from "@/lib/auth/permissions";
import { actorFromSessionHeaders } from "@/lib/auth/resolve-actor";
import { noteProcessWrite, writePositionTtlMs } from "@/lib/db/read";
import { isHttpsRequest, WAL_COOKIE, walCookieAttributes } from "@/lib/db/read-position";
import { formatLsn } from "@/lib/db/replica-lsn";
import { AppError, forbidden, unauthenticated, unprocessable } from "@/lib/errors";
import { checkSameOrigin } from "./origin";
import { metaFromHeaders, type RequestMeta, zodMessage } from "./route";

/** What a server action wrapped by action() returns to the client: its value, or the one error envelope. */
export type ActionResult<R> = { ok: true; value: R } | { ok: false; error: { code: string; message: string; details?: unknown } };

export type ActionContext<S extends z.ZodType> = { actor: Actor; input: z.output<S>; meta: RequestMeta };

export type ServerAction<S extends z.ZodType, R> = ((input: z.input<S>) => Promise<ActionResult<R>>) & { permission: Permission };

/**
 * The one server-action wrapper (the twin of route()): `export const save = action("postmortems:write", Schema,
 * async ({ actor, input, meta }) => …)` in a "use server" file. The permission is mandatory; the session cookie's
 * user must hold it; state changes must come from the app's own origin; the input is parsed with zod; typed errors
 * (lib/errors.ts) come back as `{ ok: false, error: { code, message } }` (exception text never leaves the server).
 */
export function action<S extends z.ZodType, R>(
  permission: Permission,
  schema: S,
  fn: (ctx: ActionContext<S>) => Promise<R> | R,
): ServerAction<S, R> {
  const wrapped = async (raw: z.input<S>): Promise<ActionResult<R>> => {
    try {
      const h = await headers();
      const actor = await actorFromSessionHeaders(h);
      if (!actor) throw unauthenticated("Sign in again: your session has ended.");
      if (!actorCan(actor, permission)) throw forbidden();
      if (isStateChanging(permission)) checkSameOrigin(new Request(actionUrl(h), { headers: h }));
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw unprocessable(zodMessage(parsed.error));
      const value = await fn({ actor, input: parsed.data, meta: metaFromHeaders(h) });
      // read-your-writes: the page this action revalidates must see the change (replicas only; see lib/db/read.ts)
      // and the browser carries the position to whichever app instance serves its next page (several instances)
      const lsn = isStateChanging(permission) ? await noteProcessWrite(actor) : null;
      if (lsn !== null) await setWalCookie(lsn, h);
      return { ok: true, value };
    } catch (e) {
      unstable_rethrow(e);
      if (e instanceof AppError) return { ok: false, error: { code: e.code, message: e.message, details: e.details } };
      console.error(`[action] ${permission} failed:`, e);
      return { ok: false, error: { code: "internal", message: "Something went wrong on the server. The error has been logged." } };
    }
  };
  return Object.assign(wrapped, { permission });
}

function actionUrl(h: Headers): string {
  const host = h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${host}/`;
}

/** The `aftermath_wal` cookie after a write; a failure to set it only loses cross-instance read-your-writes. */
async function setWalCookie(lsn: bigint, h: Headers): Promise<void> {
  try {
    const attributes = walCookieAttributes({ secure: isHttpsRequest(actionUrl(h), h), maxAgeSeconds: writePositionTtlMs() / 1000 });
    (await cookies()).set(WAL_COOKIE, formatLsn(lsn), attributes);
  } catch (e) {
    console.warn("[action] could not set the read-your-writes cookie:", e instanceof Error ? e.message : e);
  }
}
