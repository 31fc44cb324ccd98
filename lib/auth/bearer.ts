import "server-only";
import { getStore } from "@/lib/db";
import type { RequestMeta } from "@/lib/http/route";
import type { Actor } from "./actor";
import { verifyToken } from "./tokens/verify";

/**
 * The actor behind an API token (`Authorization: Bearer <token>`): looked up by its hash, refused when revoked,
 * expired or its owner is deactivated (lib/auth/tokens/owners.ts `isActiveUserRow` is the one place that decides);
 * records last use (at most once a minute). null = no such valid token. Throws `rate_limited` (429) when the token
 * is over AFTERMATH_TOKEN_RATE_LIMIT uses per minute.
 */
export async function actorFromBearer(token: string, meta: RequestMeta): Promise<Actor | null> {
  const result = await verifyToken(await getStore(), token.trim(), { ip: meta.ip });
  return result.ok ? result.actor : null;
}
