import "server-only";
import type { Row, Store } from "@/lib/db";
import type { PartitionRange } from "./plan";

/** One child partition of cloudtrail_event with its range (ms since epoch, UTC; null = unbounded). */
export type EventPartition = PartitionRange & { name: string };

/**
 * cloudtrail_event's partitions, oldest first. The bounds come from the catalog (pg_get_expr of relpartbound,
 * `FOR VALUES FROM ('…') TO ('…')`) cast back to timestamptz, so the session's TimeZone does not matter.
 */
export const LIST_PARTITIONS_SQL = `
  SELECT c.relname::text AS name,
    (extract(epoch FROM substring(b.bound FROM $re$FROM \\('([^']+)'\\)$re$)::timestamptz) * 1000)::float8 AS "from",
    (extract(epoch FROM substring(b.bound FROM $re$TO \\('([^']+)'\\)$re$)::timestamptz) * 1000)::float8 AS "to"
  FROM pg_inherits i
  JOIN pg_class c ON c.oid = i.inhrelid
  CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS bound) b
  WHERE i.inhparent = 'cloudtrail_event'::regclass AND b.bound <> 'DEFAULT'
  ORDER BY 2 NULLS FIRST`;

export function toPartitions(rows: Row[]): EventPartition[] {
  return rows.map((r) => ({
    name: String(r.name),
    from: r.from === null ? null : Number(r.from),
    to: r.to === null ? null : Number(r.to),
  }));
}

/** Anything that runs one SQL query with parameters: a SqlSession, or a Prisma client / transaction via $queryRawUnsafe. */
export type RunSql = (sql: string, params?: unknown[]) => Promise<Row[]>;

export async function listEventPartitions(run: RunSql): Promise<EventPartition[]> {
  return toPartitions(await run(LIST_PARTITIONS_SQL));
}

/** The partitions with their exact row counts (for `aftermath partitions`; a count reads each partition). */
export async function eventPartitionsWithCounts(
  store: Store,
): Promise<{ name: string; from: string | null; to: string | null; events: number }[]> {
  return store.session(async (s) => {
    const out = [];
    for (const p of await listEventPartitions((sql, params) => s.query(sql, params))) {
      // The name comes from the catalog, listed just above (quoted as an identifier).
      const [{ n }] = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${p.name.replace(/"/g, '""')}"`);
      out.push({
        name: p.name,
        from: p.from === null ? null : new Date(p.from).toISOString(),
        to: p.to === null ? null : new Date(p.to).toISOString(),
        events: n,
      });
    }
    return out;
  });
}
