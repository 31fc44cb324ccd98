import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { parseEventSearchParams } from "@/lib/events/filters";
import { listEvents, SEARCH_SCAN_BUDGET, searchFallbackSql } from "@/lib/events/queries";
import { eventMatchesTerms, searchIdsOf } from "@/lib/events/search-terms";
import type { EventRow } from "@/lib/events/types";
import { analyzeAfterLoad } from "@/lib/ingest/analyze";
import { ensurePartitionsFor } from "@/lib/partitions/mutations";
import { testStores } from "../support/stores";

/**
 * The search's two-step plan (recent rows first, then the trigram/id indexes) returns exactly what the plain
 * semantics (lib/events/search-terms.ts eventMatchesTerms, applied here to every row in memory) return, page by
 * page, in both directions and for another sort key; and the index step's plan reads the indexes, never the time
 * index row by row.
 */

const N = SEARCH_SCAN_BUDGET + 1500;
const T0 = Date.UTC(2025, 5, 1);
const uuid = (i: number) => `${(0x10000000 + i).toString(16)}-aaaa-4bbb-8ccc-${(0x100000000000 + i).toString(16)}`;
const requestId = (i: number) => (i % 2 ? `${(0xabc0000000000000n + BigInt(i)).toString(16).toUpperCase()}` : uuid(i + 900_000));

type Row = { id: bigint; eventId: string; eventTime: Date; searchText: string; requestId: string | null; eventName: string };

function searchText(i: number): string {
  const parts = [i % 3 ? "getobject s3.amazonaws.com" : "describeinstances ec2.amazonaws.com", `asiaexample${String(i).padStart(9, "0")}`];
  if (i % 400 === 7) parts.push(`arn:aws:ec2:us-east-1:111122223333:instance/i-0${(i * 7919).toString(16).padStart(16, "0")}`);
  if (i === 42 || i === 43) parts.push("old-needle_100%"); // only among the oldest rows: step 1 misses them
  if (i % 50 === 0) parts.push("ab"); // a two-letter token
  return parts.join(" ");
}

function pages(rowsOf: (cursor?: string) => Promise<{ rows: EventRow[]; nextCursor: string | null }>) {
  return (async () => {
    const out: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const p = await rowsOf(cursor);
      out.push(...p.rows.map((r) => r.eventId));
      if (!p.nextCursor) return out;
      cursor = p.nextCursor;
    }
    throw new Error("too many pages");
  })();
}

describe.each(testStores())("search fast paths on $name", ({ open }) => {
  let store: Store;
  let all: Row[] = [];
  beforeAll(async () => {
    store = await open();
    const data = Array.from({ length: N }, (_, i) => ({
      eventId: uuid(i),
      eventTime: new Date(T0 + Math.floor(i / 2) * 1000), // pairs share a time: the id breaks the tie
      eventSource: i % 3 ? "s3.amazonaws.com" : "ec2.amazonaws.com",
      eventName: i % 3 ? "GetObject" : "DescribeInstances",
      executed: true,
      risk: "read",
      requestId: i % 10 === 9 ? null : requestId(i),
      searchText: searchText(i),
      searchIds: searchIdsOf(searchText(i)),
      raw: {},
      recordIndex: i,
      resources: [],
    }));
    await ensurePartitionsFor(
      store,
      data.map((r) => r.eventTime),
    );
    for (let i = 0; i < data.length; i += 2000) await store.prisma.cloudTrailEvent.createMany({ data: data.slice(i, i + 2000) });
    await store.session((s) => analyzeAfterLoad(s)); // the statistics the ingest leaves
    all = await store.prisma.cloudTrailEvent.findMany({
      select: { id: true, eventId: true, eventTime: true, searchText: true, requestId: true, eventName: true },
    });
  }, 120_000);
  afterAll(() => store.close());

  const expected = (terms: string[], dir: "asc" | "desc", key: "eventTime" | "eventName" = "eventTime") => {
    const m = all.filter((r) => eventMatchesTerms(r, terms));
    const cmp = (a: Row, b: Row) => {
      const ka = key === "eventTime" ? a.eventTime.getTime() : a.eventName;
      const kb = key === "eventTime" ? b.eventTime.getTime() : b.eventName;
      const c = ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      return dir === "asc" ? c : -c;
    };
    return m.sort(cmp).map((r) => r.eventId);
  };

  const queries: string[] = [
    "getobject", // common: step 1 fills the page
    "old-needle_100%", // rare and old, with LIKE metacharacters: step 2
    "i-0", // a common prefix
    "zzz-no-such-thing", // matches nothing
    "asiaexample000000101", // an access key id (one row)
    uuid(5000), // an eventID (not in search_text)
    requestId(3).toLowerCase(), // an S3-style request id, typed in lower case
    uuid(6 + 900_000), // a UUID request id
    "ab", // two letters: no trigram
    "ab describeinstances", // two terms
    `instance/i-0${(407 * 7919).toString(16).padStart(16, "0")}`, // part of an ARN
    `i-0${(407 * 7919).toString(16).padStart(16, "0")}`, // a whole instance id (inside an ARN): search_ids
    `i-0${(407 * 7919).toString(16).padStart(16, "0").slice(0, 7)}`, // a short id that begins a long one: no match
    "i-0badc0ffee0000000", // a whole id nobody mentions
  ];

  it.each(queries)("q=%s: every page equals the plain scan (newest first, oldest first, by name)", async (q) => {
    for (const [dir, sort] of [
      ["desc", "eventTime"],
      ["asc", "eventTime"],
      ["asc", "eventName"],
    ] as const) {
      const { filter } = parseEventSearchParams({ q, dir, sort, limit: "200" });
      const got = await pages((cursor) => listEvents(store, { ...filter, cursor: cursor ? parseCursor(cursor, q, dir, sort) : null }));
      expect(got, `${q} ${dir} ${sort}`).toEqual(expected(filter.terms, dir, sort));
    }
  });

  it("finds an event by its eventID and by its requestID", async () => {
    const byId = await listEvents(store, parseEventSearchParams({ q: uuid(77) }).filter);
    expect(byId.rows.map((r) => r.eventId)).toEqual([uuid(77)]);
    const byRequest = await listEvents(store, parseEventSearchParams({ q: requestId(3) }).filter);
    expect(byRequest.rows.map((r) => r.eventId)).toEqual([uuid(3)]);
  });

  it("the index step reads the trigram and id indexes, not the time index", async () => {
    const plan = async (terms: string[]) =>
      store.session(async (s) => {
        await s.exec("SET enable_seqscan = off"); // a small table would be scanned whole; the question is which index
        const sql = searchFallbackSql([], terms, "desc", 51);
        const rows = await s.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql.text}`, sql.values as unknown[]);
        await s.exec("RESET enable_seqscan");
        return rows.map((r) => r["QUERY PLAN"]).join("\n");
      });
    const rare = await plan(["old-needle"]);
    // (index names loosely: a partitioned table shows one index per partition)
    expect(rare).toMatch(/Bitmap Index Scan on \S*(search_text|trgm)/);
    expect(rare).not.toMatch(/Index Scan( Backward)? using \S*event_time/);
    const id = await plan([uuid(77)]);
    expect(id).toMatch(/BitmapOr/);
    expect(id).toMatch(/Bitmap Index Scan on \S*event_id/);
    expect(id).toMatch(/Bitmap Index Scan on \S*request_id/);
    const instance = await plan([`i-0${(407 * 7919).toString(16).padStart(16, "0")}`]);
    expect(instance).toMatch(/Bitmap Index Scan on \S*search_ids/);
    expect(instance).not.toMatch(/trgm|search_text/);
    expect(instance).not.toMatch(/Index Scan( Backward)? using \S*event_time/);
  });

  it("a whole id matches where it stands as a word, not inside a longer id", async () => {
    const long = `i-0${(407 * 7919).toString(16).padStart(16, "0")}`;
    const got = await listEvents(store, parseEventSearchParams({ q: long, limit: "10" }).filter);
    expect(got.rows.map((r) => r.eventId)).toEqual([uuid(407)]);
    const short = await listEvents(store, parseEventSearchParams({ q: long.slice(0, 10) }).filter);
    expect(short.rows).toEqual([]);
    const partial = await listEvents(store, parseEventSearchParams({ q: long.slice(0, 9) }).filter); // not a whole id: substring
    expect(partial.rows.map((r) => r.eventId)).toContain(uuid(407));
  });
});

function parseCursor(cursor: string, q: string, dir: string, sort: string) {
  return parseEventSearchParams({ q, dir, sort, cursor }).filter.cursor;
}
