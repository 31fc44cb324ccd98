import "server-only";
import type { Store } from "@/lib/db";
import type { EventFilter } from "@/lib/events/filters";
import { filterConditions } from "@/lib/events/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { type RollupPlan, totalsAnswer } from "./plan";

/**
 * Density rows (events per grid bucket, destructive apart) read from the rollup along a plan (plan.ts): rollup rows
 * for the whole minutes / hours, cloudtrail_event for the ragged edges, one statement. Rows are summed per bucket
 * with date_bin on the grid, as the events-table query does. Index used: the rollup tables' primary keys
 * (width_min, bucket, …); cloudtrail_event (event_time, id) for the edges.
 */

const iso = (ms: number) => Prisma.sql`${new Date(ms).toISOString()}::timestamptz`;

function dimConditions(f: EventFilter, table: RollupPlan["table"]): Prisma.Sql[] {
  const c: Prisma.Sql[] = [];
  if (f.account) c.push(Prisma.sql`r.account_id = ${f.account}`);
  if (table === "total") return c;
  if (f.region) c.push(Prisma.sql`r.region = ${f.region}`);
  if (f.service) c.push(Prisma.sql`r.event_source = ${f.service}`);
  if (f.risk.length > 0) c.push(Prisma.sql`r.risk IN (${Prisma.join(f.risk)})`);
  if (f.errorsOnly) c.push(Prisma.sql`r.errors`);
  if (f.linkedOnly) c.push(Prisma.sql`r.agent_linked`);
  return c;
}

function rollupBranch(f: EventFilter, table: RollupPlan["table"], width: 1 | 60, [a, b]: [number, number]): Prisma.Sql {
  const c = [Prisma.sql`r.width_min = ${width}::smallint`, Prisma.sql`r.bucket >= ${iso(a)}`, Prisma.sql`r.bucket < ${iso(b)}`];
  c.push(...dimConditions(f, table));
  const where = Prisma.join(c, " AND ");
  return table === "total"
    ? Prisma.sql`SELECT r.bucket AS t, r.count AS n, r.destructive AS d FROM event_rollup_total r WHERE ${where}`
    : Prisma.sql`SELECT r.bucket AS t, r.count AS n, CASE WHEN r.risk = 'destructive' THEN r.count ELSE 0 END AS d
        FROM event_rollup r WHERE ${where}`;
}

function eventsBranch(f: EventFilter, [a, b]: [number, number]): Prisma.Sql {
  const c = filterConditions({ ...f, from: a, to: b });
  return Prisma.sql`SELECT e.event_time AS t, 1 AS n, CASE WHEN e.risk = 'destructive' THEN 1 ELSE 0 END AS d
    FROM cloudtrail_event e WHERE ${Prisma.join(c, " AND ")}`;
}

/** Counts per bucket start for a plan; `origin`/`bucketMs` is the chart grid. */
export async function rollupDensityRows(
  store: Store,
  f: EventFilter,
  plan: RollupPlan,
  grid: { origin: number; bucketMs: number },
): Promise<{ b: Date | string; total: number; destructive: number }[]> {
  const branches = [
    ...plan.minutes.map((r) => rollupBranch(f, plan.table, 1, r)),
    ...plan.hours.map((r) => rollupBranch(f, plan.table, 60, r)),
    ...plan.events.map((r) => eventsBranch(f, r)),
  ];
  if (!branches.length) return [];
  return store.prisma.$queryRaw`
    SELECT date_bin(${grid.bucketMs}::bigint * interval '1 millisecond', x.t, ${new Date(grid.origin).toISOString()}::timestamptz) AS b,
           sum(x.n)::int AS total, sum(x.d)::int AS destructive
    FROM (${Prisma.join(branches, " UNION ALL ")}) x
    GROUP BY 1`;
}

const MIN = 60_000;
const HOUR = 3_600_000;

/**
 * The first ("min") or last ("max") rollup minute holding events a rollup-answerable filter matches, among minute
 * buckets in [a, b) (minute-aligned, null = open). Two candidate hours from the hour rows, then the edge minute
 * inside them; the primary keys (width_min, bucket, …) are read in bucket order, no event is read.
 */
async function rollupEdgeMinute(
  store: Store,
  f: EventFilter,
  dir: "min" | "max",
  a: number | null,
  b: number | null,
): Promise<number | null> {
  const table: RollupPlan["table"] = totalsAnswer(f) ? "total" : "all";
  const tbl = table === "total" ? Prisma.raw("event_rollup_total") : Prisma.raw("event_rollup");
  const order = dir === "min" ? Prisma.raw("ASC") : Prisma.raw("DESC");
  const dims = dimConditions(f, table);
  const bounds = (w: number, lo: number | null) => [
    Prisma.sql`r.width_min = ${w}::smallint`,
    Prisma.sql`r.count > 0`,
    ...(lo !== null ? [Prisma.sql`r.bucket >= ${iso(lo)}`] : []),
    ...(b !== null ? [Prisma.sql`r.bucket < ${iso(b)}`] : []),
    ...dims,
  ];
  const hourWhere = Prisma.join(bounds(60, a === null ? null : Math.floor(a / HOUR) * HOUR), " AND ");
  const minuteWhere = Prisma.join(bounds(1, a), " AND ");
  const rows = await store.prisma.$queryRaw<{ m: Date | string | null }[]>`
    WITH h AS (SELECT r.bucket FROM ${tbl} r WHERE ${hourWhere} GROUP BY r.bucket ORDER BY r.bucket ${order} LIMIT 2)
    SELECT (SELECT r.bucket FROM ${tbl} r WHERE ${minuteWhere} AND r.bucket >= h.bucket AND r.bucket < h.bucket + interval '1 hour'
            ORDER BY r.bucket ${order} LIMIT 1) AS m
    FROM h ORDER BY h.bucket ${order}`;
  // the first candidate hour may hold only minutes outside [a, b) (it holds a or b); the next one then decides
  const hit = rows.find((r) => r.m !== null);
  return hit?.m ? new Date(hit.m).getTime() : null;
}

/** The earliest / latest matching event time inside [from, to) by the (event_time, id) index. */
async function eventsEdge(store: Store, f: EventFilter, dir: "min" | "max", from: number, to: number): Promise<number | null> {
  const c = filterConditions({ ...f, from, to });
  const order = dir === "min" ? Prisma.raw("ASC") : Prisma.raw("DESC");
  const [r] = await store.prisma.$queryRaw<{ t: Date | string }[]>`
    SELECT e.event_time AS t FROM cloudtrail_event e WHERE ${Prisma.join(c, " AND ")} ORDER BY e.event_time ${order} LIMIT 1`;
  return r ? new Date(r.t).getTime() : null;
}

/**
 * The first or last event time a rollup-answerable filter matches within its from/to (null = open): the edge
 * minute from the rollup, then the exact time from the events of that minute. `undefined` when the rollup did not
 * settle it in a few steps (the caller then asks cloudtrail_event).
 */
export async function rollupSpanEdge(store: Store, f: EventFilter, dir: "min" | "max"): Promise<number | null | undefined> {
  let a = f.from === null ? null : Math.floor(f.from / MIN) * MIN;
  let b = f.to === null ? null : Math.ceil(f.to / MIN) * MIN;
  for (let i = 0; i < 3; i++) {
    const m = await rollupEdgeMinute(store, f, dir, a, b);
    if (m === null) return null;
    const t = await eventsEdge(store, f, dir, Math.max(f.from ?? m, m), Math.min(f.to ?? m + MIN, m + MIN));
    if (t !== null) return t;
    // that minute holds from or to and its matching events all fall outside: step past it
    if (dir === "min") a = m + MIN;
    else b = m;
  }
  return undefined;
}
