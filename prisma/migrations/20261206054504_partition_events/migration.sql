-- cloudtrail_event becomes PARTITION BY RANGE (event_time) (issue 13). Hand-written: the engine's diff only swaps keys
-- (primary key (event_time, id), unique (event_id, event_time) instead of unique (event_id)); a table cannot be turned
-- into a partitioned one in place, so the rows move: new partitioned table, one monthly partition per month that holds
-- rows, copy, drop the old table. Later partitions are created ahead of the data by the ingest (lib/partitions), old
-- ones dropped by retention (lib/retention). Child partitions are named cloudtrail_event_pYYYYMMDD (their start, UTC).

ALTER TABLE "cloudtrail_event" RENAME TO "cloudtrail_event_unpartitioned";

CREATE TABLE "cloudtrail_event" (LIKE "cloudtrail_event_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("event_time");

-- One monthly partition [month start, next month start) in UTC for every month that holds rows.
DO $$
DECLARE
  m timestamp;
BEGIN
  FOR m IN SELECT DISTINCT date_trunc('month', "event_time" AT TIME ZONE 'UTC') FROM "cloudtrail_event_unpartitioned" LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF "cloudtrail_event" FOR VALUES FROM (%L) TO (%L)',
      'cloudtrail_event_p' || to_char(m, 'YYYYMMDD'),
      m AT TIME ZONE 'UTC',
      (m + interval '1 month') AT TIME ZONE 'UTC'
    );
  END LOOP;
END $$;

INSERT INTO "cloudtrail_event" SELECT * FROM "cloudtrail_event_unpartitioned";

-- The id sequence outlives the old table.
ALTER SEQUENCE "cloudtrail_event_id_seq" OWNED BY "cloudtrail_event"."id";
DROP TABLE "cloudtrail_event_unpartitioned";

-- Keys and indexes on the parent (each partition gets its own copy); names as the schema engine expects them.
ALTER TABLE "cloudtrail_event" ADD CONSTRAINT "cloudtrail_event_pkey" PRIMARY KEY ("event_time", "id");
CREATE UNIQUE INDEX "cloudtrail_event_event_id_event_time_key" ON "cloudtrail_event"("event_id", "event_time");
CREATE INDEX "cloudtrail_event_risk_event_time_idx" ON "cloudtrail_event"("risk", "event_time");
CREATE INDEX "cloudtrail_event_principal_arn_event_time_idx" ON "cloudtrail_event"("principal_arn", "event_time");
CREATE INDEX "cloudtrail_event_event_name_idx" ON "cloudtrail_event"("event_name");
CREATE INDEX "cloudtrail_event_account_id_region_idx" ON "cloudtrail_event"("account_id", "region");
CREATE INDEX "cloudtrail_event_resources_idx" ON "cloudtrail_event" USING GIN ("resources");
CREATE INDEX "cloudtrail_event_source_ip_event_time_idx" ON "cloudtrail_event"("source_ip", "event_time");
CREATE INDEX "cloudtrail_event_event_source_idx" ON "cloudtrail_event"("event_source");
CREATE INDEX "cloudtrail_event_source_id_idx" ON "cloudtrail_event"("source_id");
CREATE INDEX "cloudtrail_event_search_text_trgm_idx" ON "cloudtrail_event" USING GIN ("search_text" gin_trgm_ops);
ALTER TABLE "cloudtrail_event" ADD CONSTRAINT "cloudtrail_event_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "ingest_source"("id") ON DELETE SET NULL ON UPDATE CASCADE;
