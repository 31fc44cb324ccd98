import "server-only";
import type { Store } from "@/lib/db";
import type { EventFilter } from "@/lib/events/filters";
import { filterConditions } from "@/lib/events/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RollupPlan } from "./plan";

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
