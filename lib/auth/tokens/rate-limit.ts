/**
 * A per-key sliding-window rate limiter kept in memory (pure; time injectable). One process's view: used on PGlite
 * (one process); on PostgreSQL the count is shared by every instance (shared-rate-limit.ts).
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private checks = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one use of `key`; returns 0 when allowed, else the seconds until the next use would be. */
  take(key: string, now: number = Date.now()): number {
    if (++this.checks % 1000 === 0) this.prune(now);
    const from = now - this.windowMs;
    let list = this.hits.get(key);
    if (!list) {
      list = [];
      this.hits.set(key, list);
    }
    let drop = 0;
    while (drop < list.length && list[drop] <= from) drop++;
    if (drop) list.splice(0, drop);
    if (list.length >= this.limit) return (list[0] + this.windowMs - now) / 1000;
    list.push(now);
    return 0;
  }

  /** Forgets keys whose window has passed (bounded memory). */
  prune(now: number = Date.now()): void {
    const from = now - this.windowMs;
    for (const [k, list] of this.hits) if (!list.length || list[list.length - 1] <= from) this.hits.delete(k);
  }

  get size(): number {
    return this.hits.size;
  }
}

/** Uses per token per minute: AFTERMATH_TOKEN_RATE_LIMIT (default 600; 0 = unlimited). */
export function tokenRateLimit(env: Record<string, string | undefined> = process.env): number {
  const raw = env.AFTERMATH_TOKEN_RATE_LIMIT;
  if (raw === undefined || raw === "") return 600;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`AFTERMATH_TOKEN_RATE_LIMIT must be a whole number ≥ 0, not "${raw}"`);
  return n;
}
