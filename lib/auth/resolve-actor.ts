import "server-only";
import { requestMeta } from "@/lib/http/route";
import type { Actor } from "./actor";
import { actorFromBearer } from "./bearer";
import { type Auth, getAuth } from "./server";
import { userActor } from "./user-actor";

export type ResolvedActor = { actor: Actor; via: "session" | "token" };

/**
 * Who sent a request: `Authorization: Bearer <token>` (API tokens, lib/auth/bearer.ts) or the better-auth session
 * cookie (looked up in the database on every request: a revoked session or deactivated user is anonymous at once).
 * null = anonymous. A request with a Bearer header is judged by the token alone. `auth`: another instance (tests).
 */
export async function resolveActor(request: Request, auth?: Auth): Promise<ResolvedActor | null> {
  const authz = request.headers.get("authorization");
  if (authz !== null) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authz);
    if (!m?.[1]) return null;
    const actor = await actorFromBearer(m[1], requestMeta(request));
    return actor ? { actor, via: "token" } : null;
  }
  const actor = await actorFromSessionHeaders(request.headers, auth);
  return actor ? { actor, via: "session" } : null;
}

/** The signed-in user behind the session cookie in these headers; null when none, expired, revoked or deactivated. */
export async function actorFromSessionHeaders(headers: Headers, authInstance?: Auth): Promise<Actor | null> {
  if (!/(?:^|;\s*)(?:__Secure-)?aftermath\.session_token=/.test(headers.get("cookie") ?? "")) return null;
  const auth = authInstance ?? (await getAuth());
  const result = await auth.api.getSession({ headers, query: { disableRefresh: true } }).catch(() => null);
  if (!result) return null;
  const u = result.user as typeof result.user & { role?: string | null; banned?: boolean | null };
  return userActor({ id: u.id, email: u.email, name: u.name, role: u.role ?? null, banned: u.banned ?? null }, result.session.id);
}
