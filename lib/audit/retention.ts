/** Audit retention (pure): AFTERMATH_AUDIT_RETENTION_DAYS, default forever (null). */
export function auditRetentionDays(env: Record<string, string | undefined> = process.env): number | null {
  const raw = env.AFTERMATH_AUDIT_RETENTION_DAYS?.trim();
  if (!raw || raw === "forever" || raw === "0") return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`AFTERMATH_AUDIT_RETENTION_DAYS must be a whole number of days ≥ 1 (or unset), not "${raw}"`);
  return n;
}

/** Rows older than this instant are purged. */
export function retentionCutoff(days: number, now: Date = new Date()): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
