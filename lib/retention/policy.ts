/** Event retention (pure): AFTERMATH_RETENTION_DAYS, default keep forever (null). */
export function eventRetentionDays(env: Record<string, string | undefined> = process.env): number | null {
  const raw = env.AFTERMATH_RETENTION_DAYS?.trim();
  if (!raw || raw === "forever" || raw === "0") return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`AFTERMATH_RETENTION_DAYS must be a whole number of days ≥ 1 (or unset), not "${raw}"`);
  return n;
}

/** Events older than this instant may go: a partition goes when its whole range ends at or before it. */
export function eventRetentionCutoff(days: number, now: Date = new Date()): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/** What one retention run did (or, dry run, would do). */
export type RetentionResult = {
  dryRun: boolean;
  retentionDays: number;
  cutoff: string;
  /** dropped partitions, oldest first, with their range and the events they held */
  partitions: { name: string; from: string | null; to: string; events: number }[];
  events: number;
  links: number;
  conflicts: number;
  quarantined: number;
  skipped: number;
};

/** One line for logs and the CLI. */
export function describeRetention(r: RetentionResult): string {
  const verb = r.dryRun ? "would drop" : "dropped";
  const parts = r.partitions.length ? r.partitions.map((p) => p.name).join(", ") : "no partition";
  return `retention (${r.retentionDays} d, before ${r.cutoff}): ${verb} ${parts}; ${r.events} event(s), ${r.links} link(s), ${r.conflicts} conflict(s), ${r.quarantined} quarantined and ${r.skipped} skipped record(s)`;
}
