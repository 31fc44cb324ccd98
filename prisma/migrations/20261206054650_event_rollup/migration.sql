-- CreateTable
CREATE TABLE "event_rollup" (
    "width_min" SMALLINT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "event_source" TEXT NOT NULL,
    "risk" TEXT NOT NULL,
    "errors" BOOLEAN NOT NULL,
    "agent_linked" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "event_rollup_pkey" PRIMARY KEY ("width_min","bucket","account_id","region","event_source","risk","errors","agent_linked")
);

-- CreateTable
CREATE TABLE "event_rollup_total" (
    "width_min" SMALLINT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "account_id" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "destructive" INTEGER NOT NULL,

    CONSTRAINT "event_rollup_total_pkey" PRIMARY KEY ("width_min","bucket","account_id")
);

-- Backfill from the events already stored (the statement shape of lib/rollup/sql.ts).
WITH rollup_src AS (SELECT date_bin(interval '1 minute', e.event_time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS minute,
    coalesce(e.account_id, '') AS account_id, coalesce(e.region, '') AS region, e.event_source AS event_source,
    e.risk AS risk, e.error_code IS NOT NULL AS errors,
    EXISTS (SELECT 1 FROM action_event_link l WHERE l.event_id = e.event_id) AS agent_linked, 1 AS n FROM cloudtrail_event e),
  rollup_m_all AS (
    INSERT INTO event_rollup AS r (width_min, bucket, account_id, region, event_source, risk, errors, agent_linked, count)
    SELECT 1, minute, account_id, region, event_source, risk, errors, agent_linked, sum(n)::int FROM rollup_src
    GROUP BY 2, 3, 4, 5, 6, 7, 8 ORDER BY 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (width_min, bucket, account_id, region, event_source, risk, errors, agent_linked) DO UPDATE SET count = r.count + excluded.count),
  rollup_m_total AS (
    INSERT INTO event_rollup_total AS t (width_min, bucket, account_id, count, destructive)
    SELECT 1, minute, account_id, sum(n)::int, coalesce(sum(n) FILTER (WHERE risk = 'destructive'), 0)::int FROM rollup_src
    GROUP BY 2, 3 ORDER BY 2, 3
    ON CONFLICT (width_min, bucket, account_id)
      DO UPDATE SET count = t.count + excluded.count, destructive = t.destructive + excluded.destructive),
  rollup_h_all AS (
    INSERT INTO event_rollup AS r (width_min, bucket, account_id, region, event_source, risk, errors, agent_linked, count)
    SELECT 60, date_bin(interval '1 hour', minute, TIMESTAMPTZ '2000-01-01 00:00:00+00'), account_id, region, event_source, risk, errors, agent_linked, sum(n)::int FROM rollup_src
    GROUP BY 2, 3, 4, 5, 6, 7, 8 ORDER BY 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (width_min, bucket, account_id, region, event_source, risk, errors, agent_linked) DO UPDATE SET count = r.count + excluded.count),
  rollup_h_total AS (
    INSERT INTO event_rollup_total AS t (width_min, bucket, account_id, count, destructive)
    SELECT 60, date_bin(interval '1 hour', minute, TIMESTAMPTZ '2000-01-01 00:00:00+00'), account_id, sum(n)::int, coalesce(sum(n) FILTER (WHERE risk = 'destructive'), 0)::int FROM rollup_src
    GROUP BY 2, 3 ORDER BY 2, 3
    ON CONFLICT (width_min, bucket, account_id)
      DO UPDATE SET count = t.count + excluded.count, destructive = t.destructive + excluded.destructive)
SELECT 1;
