import "server-only";
import type { Store } from "@/lib/db";

/**
 * The per-token rate limit shared by every process on one PostgreSQL (several app instances): a fixed one-minute
 * window per token kept in `auth_rate_limit` (the table better-auth counts sign-ins in; keys `token:<id>` are ours),
 * counted by one atomic upsert, so two processes never both admit the last use of a window. `last_request` holds the
 * window's start (ms epoch). Returns 0 when the use is allowed, else the seconds until the window ends.
 * (PGlite is one process: it keeps the in-memory sliding window, lib/auth/tokens/rate-limit.ts.)
 */
export async function takeSharedTokenUse(store: Store, tokenId: string, limit: number, nowMs: number, windowMs = 60_000): Promise<number> {
  const key = `token:${tokenId}`;
  const now = BigInt(Math.floor(nowMs));
  const expired = now - BigInt(windowMs);
  const [row] = await store.prisma.$queryRaw<{ count: number; start: string }[]>`
    INSERT INTO auth_rate_limit (id, key, count, last_request) VALUES (gen_random_uuid()::text, ${key}, 1, ${now})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN auth_rate_limit.last_request <= ${expired} THEN 1 ELSE auth_rate_limit.count + 1 END,
      last_request = CASE WHEN auth_rate_limit.last_request <= ${expired} THEN ${now} ELSE auth_rate_limit.last_request END
    RETURNING count, last_request::text AS start`;
  if (row.count <= limit) return 0;
  return Math.max(1, Number(BigInt(row.start) + BigInt(windowMs) - now)) / 1000;
}
