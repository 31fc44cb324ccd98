import type { Actor } from "./actor";

export type ResolvedActor = { actor: Actor; via: "session" | "token" };

/**
 * Resolves who sent a request: `Authorization: Bearer <token>` (API tokens, lib/auth/tokens) or the better-auth
 * session cookie. null = anonymous.
 * PLACEHOLDER until the accounts work lands: nobody is signed in.
 */
export async function resolveActor(_request: Request): Promise<ResolvedActor | null> {
  return null;
}
