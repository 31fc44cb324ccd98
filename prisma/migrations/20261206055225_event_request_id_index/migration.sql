-- CreateIndex
CREATE INDEX "cloudtrail_event_request_id_idx" ON "cloudtrail_event"("request_id");
