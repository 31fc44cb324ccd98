import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { ensurePartitionsFor } from "@/lib/partitions/mutations";
import { testStores } from "../support/stores";

// Free-text search reads a pg_trgm GIN index on both stores (PGlite loads the extension in its worker).
describe.each(testStores())("free-text search index on $name", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    const rows = Array.from({ length: 400 }, (_, i) => ({
      eventId: `ev-${i}`,
      eventTime: new Date(Date.UTC(2025, 2, 1, 10, 0, i)),
      eventSource: "s3.amazonaws.com",
      eventName: i === 123 ? "DeleteBucket" : "GetObject",
      executed: true,
      risk: i === 123 ? "destructive" : "read",
      searchText: i === 123 ? "deletebucket arn:aws:s3:::customer-exports-prod" : `getobject arn:aws:s3:::bucket-${i}/key-${i}`,
      raw: {},
      recordIndex: i,
      resources: [],
    }));
    await ensurePartitionsFor(
      store,
      rows.map((r) => r.eventTime),
    );
    await store.prisma.cloudTrailEvent.createMany({ data: rows });
  });
  afterAll(() => store.close());

  it("has the extension and the index", async () => {
    const ext = await store.prisma.$queryRaw<{ extname: string }[]>`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`;
    expect(ext).toHaveLength(1);
    const idx = await store.prisma.$queryRaw<{ indexdef: string }[]>`
      SELECT indexdef FROM pg_indexes WHERE indexname = 'cloudtrail_event_search_text_trgm_idx'`;
    expect(idx[0]?.indexdef).toMatch(/gin \(search_text gin_trgm_ops\)/i);
  });

  it("a substring search uses the trigram index and finds the row; a search that matches nothing uses it too", async () => {
    const plan = await store.session(async (s) => {
      // A 400-row table would be scanned (sequentially, or along the time index for ORDER BY … LIMIT); forbid both so
      // the plan shows whether the trigram index can serve the LIKE at all.
      await s.exec("ANALYZE cloudtrail_event");
      await s.exec("SET enable_seqscan = off; SET enable_indexscan = off");
      const rows = await s.query<{ "QUERY PLAN": string }>(
        // Without ORDER BY … LIMIT: on the partitioned table PGlite (PostgreSQL 18) still picks the disabled backward
        // primary-key scan for it; the question here is only whether the trigram index can serve the LIKE.
        "EXPLAIN SELECT id FROM cloudtrail_event e WHERE e.search_text LIKE $1 ESCAPE '\\'",
        ["%customer-exports%"],
      );
      await s.exec("RESET enable_seqscan; RESET enable_indexscan");
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    // on a partition, its copy of the parent index: cloudtrail_event_pYYYYMMDD_search_text_idx
    expect(plan).toMatch(/Index Scan on cloudtrail_event_\w*search_text\w*_idx/);
    const hit = await store.prisma.$queryRaw<{ event_id: string }[]>(
      Prisma.sql`SELECT event_id FROM cloudtrail_event WHERE search_text LIKE ${"%customer-exports%"}`,
    );
    expect(hit.map((r) => r.event_id)).toEqual(["ev-123"]);
    const none = await store.prisma.$queryRaw<{ n: number }[]>(
      Prisma.sql`SELECT count(*)::int AS n FROM cloudtrail_event WHERE search_text LIKE ${"%zzz-no-such-thing%"}`,
    );
    expect(none[0].n).toBe(0);
  });
});
