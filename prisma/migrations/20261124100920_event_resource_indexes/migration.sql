-- CreateIndex
CREATE INDEX "cloudtrail_event_resources_idx" ON "cloudtrail_event" USING GIN ("resources");

-- CreateIndex
CREATE INDEX "cloudtrail_event_source_ip_event_time_idx" ON "cloudtrail_event"("source_ip", "event_time");
