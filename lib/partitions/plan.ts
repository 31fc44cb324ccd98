/**
 * Partition arithmetic for cloudtrail_event (PARTITION BY RANGE (event_time)), pure: which partitions a set of event
 * days needs, what they are called, which ones retention may drop. All boundaries are UTC.
 */

export const EVENT_TABLE = "cloudtrail_event";
export const PARTITION_PREFIX = "cloudtrail_event_p";
const DAY_MS = 86_400_000;

export type PartitionInterval = "month" | "week" | "day";
const INTERVALS: readonly PartitionInterval[] = ["month", "week", "day"];

/** AFTERMATH_PARTITION_INTERVAL: month (default) | week | day. Only new partitions follow it; existing ones stay. */
export function partitionInterval(env: Record<string, string | undefined> = process.env): PartitionInterval {
  const raw = env.AFTERMATH_PARTITION_INTERVAL?.trim().toLowerCase();
  if (!raw) return "month";
  if ((INTERVALS as readonly string[]).includes(raw)) return raw as PartitionInterval;
  throw new Error(`AFTERMATH_PARTITION_INTERVAL must be one of ${INTERVALS.join(", ")}, not "${env.AFTERMATH_PARTITION_INTERVAL}"`);
}

/** The UTC day number (days since 1970-01-01) of an instant in ms. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** Start (ms, UTC) of the interval holding `ms`: the month's 1st, the ISO week's Monday, or the day. */
export function intervalStart(ms: number, interval: PartitionInterval): number {
  const d = new Date(dayOf(ms) * DAY_MS);
  if (interval === "day") return d.getTime();
  if (interval === "week") return d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** End (exclusive) of the interval starting at `start`. */
export function intervalEnd(start: number, interval: PartitionInterval): number {
  if (interval === "day") return start + DAY_MS;
  if (interval === "week") return start + 7 * DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** A partition's range [from, to) in ms; null = unbounded (MINVALUE / MAXVALUE, only if someone made one by hand). */
export type PartitionRange = { from: number | null; to: number | null };
export type PlannedPartition = { name: string; from: number; to: number };

/** cloudtrail_event_pYYYYMMDD, from the partition's start (with _HHMMSS if it does not start at midnight). */
export function partitionName(from: number): string {
  const iso = new Date(from).toISOString();
  const day = iso.slice(0, 10).replace(/-/g, "");
  const time = iso.slice(11, 19).replace(/:/g, "");
  return `${PARTITION_PREFIX}${day}${time === "000000" ? "" : `_${time}`}`;
}

/** True for a name this module makes (the only names DDL is ever built from). */
export function isPartitionName(name: string): boolean {
  return /^cloudtrail_event_p\d{8}(_\d{6})?$/.test(name);
}

const lo = (r: PartitionRange) => r.from ?? Number.NEGATIVE_INFINITY;
const hi = (r: PartitionRange) => r.to ?? Number.POSITIVE_INFINITY;

/** True when `ms` falls in one of `ranges`. */
export function covered(ms: number, ranges: readonly PartitionRange[]): boolean {
  return ranges.some((r) => lo(r) <= ms && ms < hi(r));
}

/**
 * The partitions to create so that every day in `days` (UTC day numbers) is covered: one per interval touched, minus
 * what `existing` already covers (a new one is clipped to the gap between existing ones, so a changed interval never
 * makes overlapping ranges). Sorted by start.
 */
export function planPartitions(
  days: Iterable<number>,
  interval: PartitionInterval,
  existing: readonly PartitionRange[],
): PlannedPartition[] {
  const starts = new Set<number>();
  for (const day of days) {
    const ms = day * DAY_MS;
    // A whole day is covered or not: partitions made here start and end at midnight UTC.
    if (!covered(ms, existing) || !covered(ms + DAY_MS - 1, existing)) starts.add(intervalStart(ms, interval));
  }
  const out: PlannedPartition[] = [];
  const sorted = [...existing].sort((a, b) => lo(a) - lo(b));
  for (const start of [...starts].sort((a, b) => a - b)) {
    let from = start;
    const end = intervalEnd(start, interval);
    // Walk the existing ranges that overlap [start, end) and emit the gaps between them.
    for (const r of sorted) {
      if (hi(r) <= from || lo(r) >= end) continue;
      if (lo(r) > from) out.push({ name: partitionName(from), from, to: lo(r) });
      from = Math.max(from, hi(r));
      if (from >= end) break;
    }
    if (from < end) out.push({ name: partitionName(from), from, to: end });
  }
  return out;
}

/**
 * Partitions retention drops: those whose whole range ends at or before the cutoff (every row in them is older);
 * never one that could still hold a newer row, never an unbounded one.
 */
export function expiredPartitions<T extends PartitionRange & { name: string }>(partitions: readonly T[], cutoff: number): T[] {
  return partitions.filter((p) => p.to !== null && p.to <= cutoff && isPartitionName(p.name));
}
