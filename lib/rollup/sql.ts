/**
 * The rollup tables (prisma/schema.prisma EventRollup, EventRollupTotal) and the one statement shape that adds counts
 * to them. Constant SQL text only (no values): the ingest writer runs it through its COPY session, the repair paths
 * (mutations.ts) through Prisma with their bounds as parameters.
 *
 * Levels: width_min 1 (the minute) and 60 (the UTC hour), each in event_rollup (every dimension) and in
 * event_rollup_total (per account: count, destructive count, and the calls people made that no agent session is linked
 * to — a link flip's ±1 rows move those too). Buckets are date_bin over a UTC origin, so they do
 * not depend on the session's TimeZone.
 */

import { humanCallSql } from "@/lib/events/human-call";

export const ROLLUP_ORIGIN = `TIMESTAMPTZ '2000-01-01 00:00:00+00'`;

/**
 * The rollup row of a cloudtrail_event row aliased `alias` (one event, n = 1; agent_linked from its links). The
 * link-change delta passes its own agent_linked and n expressions.
 */
export function eventRollupSource(
  alias: string,
  linked = `EXISTS (SELECT 1 FROM action_event_link l WHERE l.event_id = ${alias}.event_id)`,
  n = "1",
): string {
  return `SELECT date_bin(interval '1 minute', ${alias}.event_time, ${ROLLUP_ORIGIN}) AS minute,
    coalesce(${alias}.account_id, '') AS account_id, coalesce(${alias}.region, '') AS region, ${alias}.event_source AS event_source,
    ${alias}.risk AS risk, ${alias}.error_code IS NOT NULL AS errors, ${linked} AS agent_linked, ${humanCallSql(alias)} AS human,
    ${n} AS n`;
}

const DIMS = "account_id, region, event_source, risk, errors, agent_linked, human";
/** GROUP BY / ORDER BY positions of bucket and every dimension (position 1 is the constant width). */
const KEY_POSITIONS = Array.from({ length: DIMS.split(",").length + 1 }, (_, i) => i + 2).join(", ");
const KEY = `width_min, bucket, ${DIMS}`;

function levelCtes(name: string, width: 1 | 60): string {
  const bucket = width === 1 ? "minute" : `date_bin(interval '1 hour', minute, ${ROLLUP_ORIGIN})`;
  return `${name}_all AS (
    INSERT INTO event_rollup AS r (${KEY}, count)
    SELECT ${width}, ${bucket}, ${DIMS}, sum(n)::int FROM rollup_src
    GROUP BY ${KEY_POSITIONS} ORDER BY ${KEY_POSITIONS}
    ON CONFLICT (${KEY}) DO UPDATE SET count = r.count + excluded.count),
  ${name}_total AS (
    INSERT INTO event_rollup_total AS t (width_min, bucket, account_id, count, destructive, unlinked_human, unlinked_human_destructive)
    SELECT ${width}, ${bucket}, account_id, sum(n)::int, coalesce(sum(n) FILTER (WHERE risk = 'destructive'), 0)::int,
      coalesce(sum(n) FILTER (WHERE human AND NOT agent_linked), 0)::int,
      coalesce(sum(n) FILTER (WHERE human AND NOT agent_linked AND risk = 'destructive'), 0)::int FROM rollup_src
    GROUP BY 2, 3 ORDER BY 2, 3
    ON CONFLICT (width_min, bucket, account_id)
      DO UPDATE SET count = t.count + excluded.count, destructive = t.destructive + excluded.destructive,
        unlinked_human = t.unlinked_human + excluded.unlinked_human,
        unlinked_human_destructive = t.unlinked_human_destructive + excluded.unlinked_human_destructive)`;
}

/**
 * CTEs (to follow `WITH … ,`) that add the rows of `source` — a SELECT yielding (minute, account_id, region,
 * event_source, risk, errors, agent_linked, human, n) — to both tables at both levels. Rows are inserted in key order, so
 * concurrent ingests take row locks in the same order (no deadlock).
 */
export function rollupUpsertCtes(source: string): string {
  return `rollup_src AS (${source}),
  ${levelCtes("rollup_m", 1)},
  ${levelCtes("rollup_h", 60)}`;
}

/** Rows as JSON ($n::jsonb, see counts.ts RollupRow) as a rollup source. */
export function jsonRollupSource(param: string): string {
  return `SELECT v.minute::timestamptz AS minute, v.account_id, v.region, v.event_source, v.risk, v.errors, v.agent_linked, v.human, v.n
    FROM jsonb_to_recordset(${param}::jsonb) AS v(minute text, account_id text, region text, event_source text, risk text,
      errors boolean, agent_linked boolean, human boolean, n int)`;
}
