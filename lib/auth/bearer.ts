import type { RequestMeta } from "@/lib/http/route";
import type { Actor } from "./actor";

/**
 * The actor behind an API token (`Authorization: Bearer <token>`): looked up by its hash, refused when revoked,
 * expired or its owner is deactivated; records last use. null = no such valid token.
 * PLACEHOLDER until API tokens land (owned by the tokens work).
 */
export async function actorFromBearer(_token: string, _meta: RequestMeta): Promise<Actor | null> {
  return null;
}
