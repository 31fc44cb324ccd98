import type { EventFilter } from "@/lib/events/filters";
import { HOUR_MS, MINUTE_MS } from "./counts";

/**
 * Which parts of a density chart the rollup answers (pure). A range [from, to) on a bucket grid splits into:
 * the ragged edges inside a minute (counted from cloudtrail_event), whole minutes (width_min 1 rows), and — when
 * the buckets are whole hours — whole hours (width_min 60 rows). Every rollup row then falls inside one bucket.
 */

export type RollupTable = "total" | "all";

export interface RollupPlan {
  table: RollupTable;
  /** [from, to) ranges counted from cloudtrail_event (ragged edges) */
  events: [number, number][];
  /** [from, to) ranges read from width_min 1 rows */
  minutes: [number, number][];
  /** [from, to) ranges read from width_min 60 rows */
  hours: [number, number][];
}

/** True when every condition of the filter is a rollup dimension (no substring, name, free-text or incident filter). */
export function rollupAnswers(f: EventFilter): boolean {
  return !f.principal && !f.eventName && f.terms.length === 0 && !f.incidentOnly;
}

/** The per-account totals table is enough: nothing filtered but the account. */
export function totalsAnswer(f: EventFilter): boolean {
  return !f.region && !f.service && f.risk.length === 0 && !f.errorsOnly && !f.linkedOnly;
}

const up = (t: number, w: number) => Math.ceil(t / w) * w;
const down = (t: number, w: number) => Math.floor(t / w) * w;
const push = (list: [number, number][], a: number, b: number) => {
  if (b > a) list.push([a, b]);
};

/** The plan for [from, to) on buckets `bucketMs` wide (aligned to the UTC epoch), or null when the rollup cannot answer. */
export function planRollup(f: EventFilter, from: number, to: number, bucketMs: number): RollupPlan | null {
  if (!rollupAnswers(f) || bucketMs < MINUTE_MS || bucketMs % MINUTE_MS !== 0 || to <= from) return null;
  const plan: RollupPlan = { table: totalsAnswer(f) ? "total" : "all", events: [], minutes: [], hours: [] };
  const m0 = up(from, MINUTE_MS);
  const m1 = down(to, MINUTE_MS);
  if (m1 <= m0) {
    plan.events.push([from, to]);
    return plan;
  }
  push(plan.events, from, m0);
  push(plan.events, m1, to);
  const h0 = up(m0, HOUR_MS);
  const h1 = down(m1, HOUR_MS);
  if (bucketMs % HOUR_MS === 0 && h1 > h0) {
    push(plan.minutes, m0, h0);
    plan.hours.push([h0, h1]);
    push(plan.minutes, h1, m1);
  } else {
    plan.minutes.push([m0, m1]);
  }
  return plan;
}
