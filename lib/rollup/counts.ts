/**
 * Per-minute event counts by the rollup's dimensions, counted while the COPY rows are built (parse workers), so the
 * ingest's fast path can upsert event_rollup without reading the rows back. Pure; see lib/rollup/sql.ts for the
 * tables and the statement that applies them.
 */

import { type HumanCallFields, isHumanCall } from "@/lib/events/human-call";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** The fields of a normalized event the rollup keys on (the person-or-not ones: lib/events/human-call.ts). */
export interface RollupEventFields extends HumanCallFields {
  eventTime: number;
  accountId: string | null;
  region: string | null;
  eventSource: string;
  risk: string;
  errorCode: string | null;
}

/** JSON key [minuteMs, account, region, eventSource, risk, errors, human] → events. A Map, so it crosses worker_threads as is. */
export type RollupCounts = Map<string, number>;

/** One row of counts as the upsert takes it (text dimensions '' for NULL; agent_linked is false for new events). */
export interface RollupRow {
  minute: string;
  account_id: string;
  region: string;
  event_source: string;
  risk: string;
  errors: boolean;
  agent_linked: boolean;
  human: boolean;
  n: number;
}

export function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/** Counts one event (same bucketing and NULL handling as the SQL that recomputes the rollup from the events). */
export function countEvent(counts: RollupCounts, e: RollupEventFields): void {
  const key = JSON.stringify([
    minuteOf(e.eventTime),
    e.accountId ?? "",
    e.region ?? "",
    e.eventSource,
    e.risk,
    e.errorCode !== null,
    isHumanCall(e),
  ]);
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Adds `from` into `into`. */
export function mergeCounts(into: RollupCounts, from: RollupCounts): void {
  for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
}

/** The counts as upsert rows (the upsert sorts them by key itself, so concurrent ingests lock rollup rows in one order). */
export function rollupRows(counts: RollupCounts): RollupRow[] {
  const rows: RollupRow[] = [];
  for (const [k, n] of counts) {
    const [minute, account, region, source, risk, errors, human] = JSON.parse(k) as [
      number,
      string,
      string,
      string,
      string,
      boolean,
      boolean,
    ];
    rows.push({
      minute: new Date(minute).toISOString(),
      account_id: account,
      region,
      event_source: source,
      risk,
      errors,
      agent_linked: false,
      human,
      n,
    });
  }
  return rows;
}
