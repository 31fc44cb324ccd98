import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { TokenScope } from "@/lib/auth/permissions";
import type { Store } from "@/lib/db";
import { rateLimited } from "@/lib/errors";
import { hashToken, isWellFormedToken } from "./format";
import { touchTokenLastUsed } from "./mutations";
import { findOwner, findTokenByHash } from "./queries";
import { SlidingWindowLimiter, tokenRateLimit } from "./rate-limit";
import { roleForScope, type TokenKind } from "./scope";
import { takeSharedTokenUse } from "./shared-rate-limit";

/** lastUsedAt is written at most this often per token. */
export const LAST_USED_THROTTLE_MS = 60_000;

export type VerifyResult =
  | { ok: true; actor: Extract<Actor, { kind: "token" }> }
  | { ok: false; reason: "malformed" | "unknown" | "revoked" | "expired" | "owner_inactive" | "owner_missing" };

const GLOBAL_KEY = Symbol.for("aftermath.tokenLimiter");
type G = typeof globalThis & { [GLOBAL_KEY]?: SlidingWindowLimiter };

/** The process-wide per-token limiter (AFTERMATH_TOKEN_RATE_LIMIT uses per minute). */
export function tokenLimiter(): SlidingWindowLimiter | null {
  const limit = tokenRateLimit();
  if (limit === 0) return null;
  const g = globalThis as G;
  if (!g[GLOBAL_KEY] || g[GLOBAL_KEY].limit !== limit) g[GLOBAL_KEY] = new SlidingWindowLimiter(limit, 60_000);
  return g[GLOBAL_KEY];
}

/**
 * Checks a presented token: well-formed (no lookup otherwise), known by its SHA-256 (an indexed equality lookup on
 * the hash: nothing secret is compared character by character), not revoked, not expired, and — for a personal
 * token — its owner still exists and is active (lib/auth/tokens/owners.ts `isActiveUserRow`). On success the use is
 * counted against the token's rate limit (throws `rate_limited`) and lastUsedAt/lastUsedIp are recorded, at most
 * once a minute.
 */
export async function verifyToken(store: Store, token: string, opts: { ip?: string | null; now?: Date } = {}): Promise<VerifyResult> {
  if (!isWellFormedToken(token)) return { ok: false, reason: "malformed" };
  const now = opts.now ?? new Date();
  const row = await findTokenByHash(store, hashToken(token));
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  const scope = row.scope as TokenScope;
  let role = roleForScope(scope);
  let email: string | null = null;
  if ((row.kind as TokenKind) === "personal" && row.ownerUserId) {
    const owner = await findOwner(store.prisma, { id: row.ownerUserId });
    if (owner === null) return { ok: false, reason: "owner_missing" };
    if (!owner.active) return { ok: false, reason: "owner_inactive" };
    if (owner.role) role = owner.role;
    email = owner.email;
  }
  const limiter = tokenLimiter();
  // on PostgreSQL every app process counts in one place (several instances on one store)
  const wait = !limiter
    ? 0
    : store.kind === "postgres"
      ? await takeSharedTokenUse(store, row.id, limiter.limit, now.getTime())
      : limiter.take(row.id, now.getTime());
  if (wait > 0) throw rateLimited(`Token "${row.name}" is over its rate limit; retry in ${Math.ceil(wait)} s.`, wait);
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_THROTTLE_MS) {
    await touchTokenLastUsed(store, row.id, now, opts.ip ?? null, LAST_USED_THROTTLE_MS);
  }
  return {
    ok: true,
    actor: { kind: "token", tokenId: row.id, tokenName: row.name, scope, userId: row.ownerUserId, email, role },
  };
}
