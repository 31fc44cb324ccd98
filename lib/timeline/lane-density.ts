import type { EventLane } from "@/lib/timeline/types";

/**
 * Calls per (timeline bucket × lane) assembled from parts the rollup can answer (pure; the SQL is
 * lane-density-queries.ts). Over whole minutes the rollup gives, per bucket, every call of the incident's account and
 * the calls people made that no agent session is linked to ("unlinked human"); two small indexed counts give the calls
 * linked to the incident's session and the team's own calls. The lanes follow (lane-sql.ts laneSql):
 *   linked = linked · team = team · human = unlinked human − team · other = all − linked − unlinked human
 * Ragged edges (inside a minute) arrive already split by lane, counted from the events.
 */

/** Calls and destructive calls in one bucket (b: index on the timeline grid). */
export interface BucketCount {
  b: number;
  n: number;
  d: number;
}

export interface LaneCount extends BucketCount {
  lane: EventLane;
}

export interface LaneDensityParts {
  /** every call in the bucket (rollup) */
  all: BucketCount[];
  /** calls people made that no agent session is linked to (rollup: human AND NOT agent_linked) */
  unlinkedHuman: BucketCount[];
  /** calls linked to the incident's agent session */
  linked: BucketCount[];
  /** unlinked people's calls by the incident's team */
  team: BucketCount[];
  /** edge ranges, counted per lane from the events */
  edges: LaneCount[];
}

function byBucket(rows: BucketCount[]): Map<number, BucketCount> {
  const m = new Map<number, BucketCount>();
  for (const r of rows) {
    const prev = m.get(r.b);
    m.set(r.b, prev ? { b: r.b, n: prev.n + r.n, d: prev.d + r.d } : { b: r.b, n: r.n, d: r.d });
  }
  return m;
}

const ZERO = (b: number): BucketCount => ({ b, n: 0, d: 0 });

/** The (bucket, lane) rows with at least one call, as one GROUP BY over the events would return them. */
export function laneCounts(parts: LaneDensityParts): LaneCount[] {
  const all = byBucket(parts.all);
  const human = byBucket(parts.unlinkedHuman);
  const linked = byBucket(parts.linked);
  const team = byBucket(parts.team);
  const out = new Map<string, LaneCount>();
  const add = (lane: EventLane, b: number, n: number, d: number) => {
    if (n <= 0) return;
    const key = `${b}:${lane}`;
    const prev = out.get(key);
    out.set(key, prev ? { ...prev, n: prev.n + n, d: prev.d + d } : { b, lane, n, d });
  };
  for (const [b, a] of all) {
    const l = linked.get(b) ?? ZERO(b);
    const h = human.get(b) ?? ZERO(b);
    const t = team.get(b) ?? ZERO(b);
    add("linked", b, l.n, l.d);
    add("team", b, t.n, t.d);
    add("human", b, h.n - t.n, h.d - t.d);
    add("other", b, a.n - l.n - h.n, a.d - l.d - h.d);
  }
  for (const e of parts.edges) add(e.lane, e.b, e.n, e.d);
  return [...out.values()].sort((x, y) => x.b - y.b || x.lane.localeCompare(y.lane));
}
