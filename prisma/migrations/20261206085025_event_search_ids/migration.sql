-- AlterTable
ALTER TABLE "cloudtrail_event" ADD COLUMN     "search_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Backfill: the whole AWS identifiers each stored search_text mentions, in order of first mention (the same pattern
-- as lib/events/search-terms.ts SEARCH_ID_PATTERN, which ingest uses from now on).
UPDATE "cloudtrail_event" AS e SET "search_ids" = ARRAY(
    SELECT r.m[1] FROM regexp_matches(e."search_text", '(?<![a-z0-9_])([a-z]{1,12}(?:-[a-z]{1,12})?-[0-9a-f]{8,17}|(?:akia|asia|aroa|aida|agpa|anpa|anva|apka|aipa|asca|acca|abia)[a-z0-9]{12,28})(?![a-z0-9_])', 'g') WITH ORDINALITY AS r(m, n)
    GROUP BY r.m[1] ORDER BY min(r.n))
  WHERE e."search_text" ~ '(?<![a-z0-9_])([a-z]{1,12}(?:-[a-z]{1,12})?-[0-9a-f]{8,17}|(?:akia|asia|aroa|aida|agpa|anpa|anva|apka|aipa|asca|acca|abia)[a-z0-9]{12,28})(?![a-z0-9_])';

-- CreateIndex
CREATE INDEX "cloudtrail_event_search_ids_idx" ON "cloudtrail_event" USING GIN ("search_ids");
