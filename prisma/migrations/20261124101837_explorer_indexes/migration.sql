-- CreateIndex
CREATE INDEX "cloudtrail_event_event_source_idx" ON "cloudtrail_event"("event_source");

-- CreateIndex
CREATE INDEX "cloudtrail_event_source_id_idx" ON "cloudtrail_event"("source_id");

-- CreateIndex
CREATE INDEX "event_conflict_source_id_idx" ON "event_conflict"("source_id");
