import "server-only";
import type { SqlSession, Store } from "@/lib/db";
import { covered, dayOf, EVENT_TABLE, isPartitionName, type PartitionInterval, partitionInterval, planPartitions } from "./plan";
import { type EventPartition, listEventPartitions } from "./queries";

/** pg_advisory_xact_lock key held while partitions of cloudtrail_event are created or dropped (issue 13). */
export const PARTITIONS_LOCK = 7_140_013;

const DAY_MS = 86_400_000;
const TRIES = 3;

/** CREATE TABLE IF NOT EXISTS … PARTITION OF for one planned range. The name and bounds come from plan.ts, never from input. */
function createSql(p: { name: string; from: number; to: number }): string {
  if (!isPartitionName(p.name)) throw new Error(`not a partition name: ${p.name}`);
  const from = new Date(p.from).toISOString();
  const to = new Date(p.to).toISOString();
  return `CREATE TABLE IF NOT EXISTS "${p.name}" PARTITION OF ${EVENT_TABLE} FOR VALUES FROM ('${from}') TO ('${to}')`;
}

/** SQLSTATE of errors another creator can cause: duplicate_table, invalid_object_definition (overlap), unique_violation. */
function isCreateRace(e: unknown): boolean {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === "42P07" || code === "42P17" || code === "23505";
}

/** True for "no partition of relation … found for row" (check_violation): a partition the data needs is missing. */
export function isMissingPartition(e: unknown): boolean {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === "23514" && /no partition/i.test(e instanceof Error ? e.message : String((e as { message?: unknown }).message));
}

/**
 * Makes sure cloudtrail_event has a partition for every UTC day in `days` (day numbers, see plan.dayOf); returns every
 * partition afterwards. Safe under concurrent ingests and several processes: the CREATEs run as one implicit
 * transaction holding PARTITIONS_LOCK (retention drops under the same lock), are IF NOT EXISTS, and a creator that lost a
 * race (another process made an overlapping range with another interval) re-reads the catalog and plans again.
 */
export async function ensureEventPartitions(
  s: SqlSession,
  days: Iterable<number>,
  interval: PartitionInterval = partitionInterval(),
): Promise<EventPartition[]> {
  const wanted = [...days];
  for (let attempt = 1; ; attempt++) {
    const existing = await listEventPartitions((sql, params) => s.query(sql, params));
    const plan = planPartitions(wanted, interval, existing);
    if (!plan.length) return existing;
    try {
      // One simple-query script = one implicit transaction: the lock is held until the last CREATE commits.
      await s.exec([`SELECT pg_advisory_xact_lock(${PARTITIONS_LOCK})`, ...plan.map(createSql)].join(";\n"));
    } catch (e) {
      if (attempt >= TRIES || !isCreateRace(e)) throw e;
    }
  }
}

/** Days (UTC day numbers) of the given instants (ms), for ensureEventPartitions. */
export function daysOf(times: Iterable<number>): Set<number> {
  const out = new Set<number>();
  for (const t of times) out.add(dayOf(t));
  return out;
}

/** True when every day in `days` lies inside `known` (a cache of partitions seen). */
export function daysCovered(days: Iterable<number>, known: readonly EventPartition[]): boolean {
  for (const d of days) if (!covered(d * DAY_MS, known) || !covered(d * DAY_MS + DAY_MS - 1, known)) return false;
  return true;
}

/** ensureEventPartitions for the given event times, on the store's session (for writers outside the ingest: fixtures, tools). */
export async function ensurePartitionsFor(store: Store, times: Iterable<Date | number | string>): Promise<EventPartition[]> {
  const ms = [...times].map((t) => new Date(t).getTime());
  return store.session((s) => ensureEventPartitions(s, daysOf(ms)));
}
