-- AlterTable
ALTER TABLE "event_rollup" DROP CONSTRAINT "event_rollup_pkey",
ADD COLUMN     "human" BOOLEAN NOT NULL DEFAULT false,
ADD CONSTRAINT "event_rollup_pkey" PRIMARY KEY ("width_min", "bucket", "account_id", "region", "event_source", "risk", "errors", "agent_linked", "human");

-- Backfill: rows so far counted every call as a workload's. Recount event_rollup (both levels) from the events, with
-- the principal kind of lib/events/human-call.ts humanCallSql; event_rollup_total has no such dimension and is unchanged.
DELETE FROM "event_rollup";
WITH rollup_src AS (
    SELECT date_bin(interval '1 minute', e.event_time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS minute,
           coalesce(e.account_id, '') AS account_id, coalesce(e.region, '') AS region, e.event_source, e.risk,
           e.error_code IS NOT NULL AS errors, EXISTS (SELECT 1 FROM action_event_link l WHERE l.event_id = e.event_id) AS agent_linked,
           coalesce(e.human_name IS NOT NULL OR e.principal_type IN ('Root','IAMUser','SAMLUser','FederatedUser','IdentityCenterUser','WebIdentityUser') OR e.role_arn LIKE '%AWSReservedSSO\_%' OR e.user_agent LIKE '%Mozilla/%' OR e.user_agent = 'AWS Internal', false) AS human,
           count(*)::int AS n
    FROM cloudtrail_event e GROUP BY 1, 2, 3, 4, 5, 6, 7, 8),
  minutes AS (
    INSERT INTO "event_rollup" (width_min, bucket, account_id, region, event_source, risk, errors, agent_linked, human, count)
    SELECT 1, minute, account_id, region, event_source, risk, errors, agent_linked, human, n FROM rollup_src)
INSERT INTO "event_rollup" (width_min, bucket, account_id, region, event_source, risk, errors, agent_linked, human, count)
SELECT 60, date_bin(interval '1 hour', minute, TIMESTAMPTZ '2000-01-01 00:00:00+00'), account_id, region, event_source, risk, errors,
       agent_linked, human, sum(n)::int
FROM rollup_src GROUP BY 2, 3, 4, 5, 6, 7, 8, 9;
