-- CreateIndex
CREATE INDEX "incident_session_id_idx" ON "incident"("session_id");
