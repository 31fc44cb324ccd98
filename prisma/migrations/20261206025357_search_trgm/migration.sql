-- Trigram search over search_text (PGlite loads pg_trgm in its worker; PostgreSQL ships it in contrib).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "cloudtrail_event_search_text_trgm_idx" ON "cloudtrail_event" USING GIN ("search_text" gin_trgm_ops);
