/**
 * Token expiry (pure): `7d`, `30d`, `90d`, `12h`, `never`, or an ISO date/time. Returns the expiry instant or null
 * for never. Throws a clear message for anything else or for a time not in the future.
 */
export const EXPIRY_PRESETS = ["7d", "30d", "90d", "never"] as const;

const MAX_DAYS = 3650;

export function parseExpiry(input: string, now: Date = new Date()): Date | null {
  const s = input.trim().toLowerCase();
  if (s === "never" || s === "") return null;
  const rel = /^(\d{1,5})([hdwy])$/.exec(s);
  if (rel) {
    const n = Number(rel[1]);
    const hours = { h: 1, d: 24, w: 24 * 7, y: 24 * 365 }[rel[2] as "h" | "d" | "w" | "y"] * n;
    if (n <= 0) throw new Error(`expiry "${input}" must be more than zero`);
    if (hours > MAX_DAYS * 24) throw new Error(`expiry "${input}" is more than ${MAX_DAYS} days; use "never" instead`);
    return new Date(now.getTime() + hours * 3600_000);
  }
  if (/^\d{4}-\d{2}-\d{2}(?:[t ][\d:.]+(?:z|[+-]\d{2}:?\d{2})?)?$/.test(s)) {
    const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : input.trim());
    if (Number.isNaN(t)) throw new Error(`expiry "${input}" is not a valid date`);
    if (t <= now.getTime()) throw new Error(`expiry "${input}" is not in the future`);
    return new Date(t);
  }
  throw new Error(`expiry "${input}" is not understood: use 7d, 30d, 90d, 12h, never, or a date like 2027-01-31`);
}

export type TokenStatus = "active" | "expired" | "revoked";

export function tokenStatus(t: { revokedAt: Date | null; expiresAt: Date | null }, now: Date = new Date()): TokenStatus {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && t.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}
