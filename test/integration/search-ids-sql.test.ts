import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { parseEventSearchParams } from "@/lib/events/filters";
import { listEvents } from "@/lib/events/queries";
import { SEARCH_ID_PATTERN, searchIdsOf } from "@/lib/events/search-terms";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { corpusFile } from "../support/ingest-helpers";
import { testStores } from "../support/stores";

/**
 * search_ids is written by the ingest (JavaScript, lib/events/search-terms.ts searchIdsOf) and backfilled for rows
 * stored before it existed by migration 20261206085025_event_search_ids (a PostgreSQL regular expression). Both must
 * give the same list, or an upgraded database would answer an id search differently from a fresh one: the migration's
 * own UPDATE is re-run here over every event of the real CloudTrail corpus and over edge cases, on both stores.
 */

const MIGRATION = path.resolve(import.meta.dirname, "../../prisma/migrations/20261206085025_event_search_ids/migration.sql");

/** The migration's backfill statement, as shipped. */
function backfillSql(): string {
  const sql = readFileSync(MIGRATION, "utf8");
  const m = sql.match(/UPDATE "cloudtrail_event"[\s\S]*?;/);
  if (!m) throw new Error("backfill UPDATE not found in the migration");
  return m[0];
}

const EDGE_CASES = [
  "terminateinstances arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0 i-0123456789abcdef0",
  "vol-0abc1234-backup xi-0fedcba98 i-0123456789abcdef0123 snap_i-01234567 sg-0a1b2c3d",
  "akiaiosfodnn7example,asia0000000000001234 aroa3xfrbf535pls7z5uq/session",
  "tgw-attach-0123456789abcdef0 a-b-c-deadbeef my-bucket-deadbeef12 i-01234567-89abcdef",
  "i-0123456789abcdef0 i-0123456789abcdef0 ünïcode-0123abcd i-0123456789ABCDEF0",
  "",
];

describe.each(testStores())("search_ids: ingest (JavaScript) and migration backfill (SQL) agree on $name", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    const r = await ingestPaths(store, [corpusFile("cloudtrail")], { via: "cli" });
    expect(r.ingested).toBeGreaterThan(400); // 513 events in the corpus today
  }, 300_000);
  afterAll(() => store?.close());

  it("every corpus event: the stored list equals what the migration's UPDATE computes", async () => {
    const before = await store.prisma.$queryRawUnsafe<{ event_id: string; search_text: string; search_ids: string[] }[]>(
      "SELECT event_id, search_text, search_ids FROM cloudtrail_event ORDER BY event_id",
    );
    for (const r of before) expect(r.search_ids, r.event_id).toEqual(searchIdsOf(r.search_text));
    expect(before.filter((r) => r.search_ids.length > 0).length).toBeGreaterThan(50); // the corpus does mention ids

    await store.prisma.$executeRawUnsafe("UPDATE cloudtrail_event SET search_ids = '{}'");
    await store.prisma.$executeRawUnsafe(backfillSql());
    const after = await store.prisma.$queryRawUnsafe<{ event_id: string; search_ids: string[] }[]>(
      "SELECT event_id, search_ids FROM cloudtrail_event ORDER BY event_id",
    );
    expect(after).toEqual(before.map((r) => ({ event_id: r.event_id, search_ids: r.search_ids })));
  });

  it.each(EDGE_CASES)("edge case %#: the SQL pattern finds what searchIdsOf finds", async (text) => {
    const [r] = await store.prisma.$queryRawUnsafe<{ ids: string[] }[]>(
      `SELECT ARRAY(SELECT r.m[1] FROM regexp_matches($1::text, $2::text, 'g') WITH ORDINALITY AS r(m, n)
                    GROUP BY r.m[1] ORDER BY min(r.n)) AS ids`,
      text,
      SEARCH_ID_PATTERN,
    );
    expect(r.ids).toEqual(searchIdsOf(text));
  });

  it("an instance id from the corpus is found by the id lookup, and the page equals the stored lists", async () => {
    const [row] = await store.prisma.$queryRawUnsafe<{ id: string }[]>(
      "SELECT u.id FROM cloudtrail_event, unnest(search_ids) AS u(id) WHERE u.id LIKE 'i-%' ORDER BY u.id LIMIT 1",
    );
    expect(row).toBeDefined();
    const expected = await store.prisma.$queryRawUnsafe<{ event_id: string }[]>(
      "SELECT event_id FROM cloudtrail_event WHERE $1 = ANY(search_ids) ORDER BY event_time DESC, id DESC LIMIT 50",
      row.id,
    );
    const page = await listEvents(store, parseEventSearchParams({ q: row.id, limit: "50" }).filter);
    expect(page.rows.map((e) => e.eventId)).toEqual(expected.map((e) => e.event_id));
  });
});
