import "server-only";
import type { Store } from "@/lib/db";
import { eventFilter } from "@/lib/events/filters";
import { HUMAN_EVENT_CONDITION } from "@/lib/events/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { MINUTE_MS } from "@/lib/rollup/counts";
import { planRollup } from "@/lib/rollup/plan";
import type { Range } from "@/lib/timeline/window";
import { type BucketCount, type LaneCount, laneCounts } from "./lane-density";
import { isoParam, laneSql, linkedCondition, rangeConditions, type TimelineScope } from "./lane-sql";

/**
 * Calls per (bucket × lane) of the incident timeline. When the buckets are whole minutes, the whole minutes of the
 * range come from event_rollup_total (every call, and people's calls no session is linked to, of the incident's
 * account: one row per minute and account, however busy the account) plus two indexed counts that stay small
 * — the calls linked to the incident's session (action_event_link (session_id, event_id)) and the team's calls
 * (cloudtrail_event (principal_arn, event_time)); only the ragged edges inside a minute are counted from the events
 * by lane. Otherwise (sub-minute buckets: a range under ~2 h) every call in the range is counted by lane. Either way
 * the result equals one GROUP BY over cloudtrail_event (test/integration/timeline-rollup.test.ts).
 */

type Grid = { origin: number; bucketMs: number };

const bucketOf = (grid: Grid, col: Prisma.Sql) =>
  Prisma.sql`floor((extract(epoch FROM ${col}) * 1000 - ${grid.origin}::float8) / ${grid.bucketMs}::float8)::int`;

const toCounts = (rows: { b: number; n: number; d: number }[]): BucketCount[] =>
  rows.map((r) => ({ b: Number(r.b), n: Number(r.n), d: Number(r.d) }));

/** Every call in `range`, counted by lane from the events (the exact path; also the ragged edges; the bench's baseline). */
export async function eventLaneRows(store: Store, scope: TimelineScope, range: Range, grid: Grid): Promise<LaneCount[]> {
  const rows = await store.prisma.$queryRaw<LaneCount[]>`
    SELECT ${bucketOf(grid, Prisma.sql`e.event_time`)} AS b, ${laneSql(scope)} AS lane,
           count(*)::int AS n, count(*) FILTER (WHERE e.risk = 'destructive')::int AS d
    FROM cloudtrail_event e WHERE ${Prisma.join(rangeConditions(scope, range), " AND ")}
    GROUP BY 1, 2`;
  return rows.map((r) => ({ b: Number(r.b), lane: r.lane, n: Number(r.n), d: Number(r.d) }));
}

/**
 * Per bucket: every call, and people's calls no session is linked to, from the per-account totals rows
 * (event_rollup_total: one row per minute or hour and account) of [a, b) ranges.
 */
async function rollupParts(store: Store, scope: TimelineScope, grid: Grid, ranges: { width: 1 | 60; range: [number, number] }[]) {
  const account = scope.accountId ? Prisma.sql`AND r.account_id IN (${scope.accountId}, '')` : Prisma.empty;
  const branches = ranges.map(
    ({ width, range: [a, b] }) => Prisma.sql`
      SELECT r.bucket, r.count, r.destructive, r.unlinked_human, r.unlinked_human_destructive FROM event_rollup_total r
      WHERE r.width_min = ${width}::smallint AND r.bucket >= ${isoParam(a)} AND r.bucket < ${isoParam(b)} ${account}`,
  );
  const rows = await store.prisma.$queryRaw<{ b: number; n: number; d: number; hn: number; hd: number }[]>`
    SELECT ${bucketOf(grid, Prisma.sql`x.bucket`)} AS b, sum(x.count)::int AS n, sum(x.destructive)::int AS d,
           sum(x.unlinked_human)::int AS hn, sum(x.unlinked_human_destructive)::int AS hd
    FROM (${Prisma.join(branches, " UNION ALL ")}) x GROUP BY 1`;
  return {
    all: toCounts(rows),
    unlinkedHuman: toCounts(rows.map((r) => ({ b: r.b, n: r.hn, d: r.hd }))),
  };
}

/** Calls in `range` that satisfy `condition`, per bucket (the small, indexed lanes). */
async function countWhere(store: Store, scope: TimelineScope, range: Range, grid: Grid, condition: Prisma.Sql): Promise<BucketCount[]> {
  const rows = await store.prisma.$queryRaw<{ b: number; n: number; d: number }[]>`
    SELECT ${bucketOf(grid, Prisma.sql`e.event_time`)} AS b, count(*)::int AS n, count(*) FILTER (WHERE e.risk = 'destructive')::int AS d
    FROM cloudtrail_event e WHERE ${Prisma.join([...rangeConditions(scope, range), condition], " AND ")}
    GROUP BY 1`;
  return toCounts(rows);
}

export async function laneDensityRows(store: Store, scope: TimelineScope, range: Range, grid: Grid): Promise<LaneCount[]> {
  const plan = grid.bucketMs % MINUTE_MS === 0 ? planRollup(eventFilter({}), range.from, range.to, grid.bucketMs) : null;
  const whole = plan ? [...plan.minutes, ...plan.hours] : [];
  if (!plan || whole.length === 0) return eventLaneRows(store, scope, range, grid);
  const interior: Range = { from: Math.min(...whole.map((r) => r[0])), to: Math.max(...whole.map((r) => r[1])) };
  const team = scope.team?.length
    ? Prisma.sql`e.principal_arn IN (${Prisma.join([...scope.team])}) AND ${HUMAN_EVENT_CONDITION}
        AND NOT EXISTS (SELECT 1 FROM action_event_link l WHERE l.event_id = e.event_id)`
    : null;
  const [rollup, linked, teamRows, ...edges] = await Promise.all([
    rollupParts(store, scope, grid, [
      ...plan.minutes.map((r) => ({ width: 1 as const, range: r })),
      ...plan.hours.map((r) => ({ width: 60 as const, range: r })),
    ]),
    scope.sessionId ? countWhere(store, scope, interior, grid, linkedCondition(scope)) : Promise.resolve([]),
    team ? countWhere(store, scope, interior, grid, team) : Promise.resolve([]),
    ...plan.events.map(([from, to]) => eventLaneRows(store, scope, { from, to }, grid)),
  ]);
  return laneCounts({ ...rollup, linked, team: teamRows, edges: edges.flat() });
}
