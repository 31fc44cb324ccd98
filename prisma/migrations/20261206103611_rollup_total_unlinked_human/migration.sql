-- AlterTable
ALTER TABLE "event_rollup_total" ADD COLUMN     "unlinked_human" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "unlinked_human_destructive" INTEGER NOT NULL DEFAULT 0;

-- Backfill from event_rollup (recounted with its principal kind by 20261206085803_rollup_principal_kind).
UPDATE "event_rollup_total" AS t
SET "unlinked_human" = x.n, "unlinked_human_destructive" = x.d
FROM (
    SELECT width_min, bucket, account_id,
           coalesce(sum(count) FILTER (WHERE human AND NOT agent_linked), 0)::int AS n,
           coalesce(sum(count) FILTER (WHERE human AND NOT agent_linked AND risk = 'destructive'), 0)::int AS d
    FROM "event_rollup" GROUP BY 1, 2, 3) AS x
WHERE t.width_min = x.width_min AND t.bucket = x.bucket AND t.account_id = x.account_id;
