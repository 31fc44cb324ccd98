import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { eventFacets } from "@/lib/events/facets";
import { type EventFilter, eventFilter } from "@/lib/events/filters";
import { eventDensity, listEvents, newestEventTime } from "@/lib/events/queries";
import { Prisma } from "@/lib/generated/prisma/client";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { withLinkChanges } from "@/lib/rollup/mutations";
import { testStores } from "@/test/support/stores";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";

/**
 * The /events page's queries at no filter and at filters the rollup answers: facets and the chart's span come from
 * the rollup (equal to plain GROUP BY / min / max over cloudtrail_event), and no statement the page runs plans a
 * Seq Scan on cloudtrail_event. Corpus: test/support/synthetic-cloudtrail.ts (3 accounts, 4 regions, 12 calls, ~3 %
 * errors), ingested through the real pipeline, then re-ingested with 1000 duplicates, some events linked.
 */
const N = 6000;
const START = Date.UTC(2026, 4, 7, 3, 21, 41, 500); // not minute-aligned
const H = 3600_000;
const opts = { seed: 29, startMs: START, spanMs: 40 * H, total: N };
const work = mkdtempSync(path.join(tmpdir(), "aftermath-facets-"));
const jsonl = (from: number, to: number) =>
  `${Array.from({ length: to - from }, (_, i) => JSON.stringify(syntheticRecord(from + i, opts))).join("\n")}\n`;
const first = path.join(work, "first.jsonl");
const second = path.join(work, "second.jsonl");
writeFileSync(first, jsonl(0, 4000));
writeFileSync(second, jsonl(3000, N));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Filters the rollup answers (plus none). */
const FILTERS: Partial<EventFilter>[] = [
  {},
  { account: "444455556666" },
  { region: "ap-southeast-2" },
  { service: "cloudformation.amazonaws.com" },
  { errorsOnly: true },
  { linkedOnly: true },
  { risk: ["destructive"] },
  { account: "111122223333", region: "eu-west-1", service: "iam.amazonaws.com" },
  { service: "no-such.amazonaws.com" },
];

/** A Store whose $queryRaw records every statement it runs. */
function recording(store: Store): { store: Store; sqls: Prisma.Sql[] } {
  const sqls: Prisma.Sql[] = [];
  const prisma = new Proxy(store.prisma, {
    get(target, prop, receiver) {
      if (prop !== "$queryRaw") return Reflect.get(target, prop, receiver);
      return (q: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
        const sql = q instanceof Prisma.Sql ? q : Prisma.sql(q, ...values);
        sqls.push(sql);
        return target.$queryRaw(sql);
      };
    },
  });
  return { store: { ...store, prisma, session: store.session.bind(store), close: store.close.bind(store) }, sqls };
}

/** Relations a plan reads by Seq Scan (EXPLAIN FORMAT JSON, walked). */
async function seqScans(store: Store, sql: Prisma.Sql): Promise<string[]> {
  const rows = await store.prisma.$queryRaw<{ "QUERY PLAN": unknown }[]>`EXPLAIN (FORMAT JSON) ${sql}`;
  const raw = rows[0]["QUERY PLAN"];
  const plan = typeof raw === "string" ? JSON.parse(raw) : raw;
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== "object") return;
    const node = n as Record<string, unknown>;
    if (node["Node Type"] === "Seq Scan") out.push(String(node["Relation Name"]));
    for (const v of Object.values(node)) walk(v);
  };
  walk(plan);
  return out;
}
const onEvents = (rel: string) => rel === "cloudtrail_event" || rel.startsWith("cloudtrail_event_");

describe.each(testStores())("events page queries on $name", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    const a = await ingestPaths(store, [first]);
    const b = await ingestPaths(store, [second]);
    expect(a.files[0].ingested + b.files[0].ingested).toBe(N);
    const ids = await store.prisma.cloudTrailEvent.findMany({ select: { eventId: true }, orderBy: { id: "asc" } });
    const linked = ids.filter((_, i) => i % 11 === 0).map((r) => r.eventId);
    const session = await store.prisma.agentSession.create({ data: { kind: "claude-code", externalId: "facets-test" } });
    await store.prisma.$transaction((tx) =>
      withLinkChanges(tx, linked, () =>
        tx.actionEventLink.createMany({
          data: linked.map((eventId) => ({ sessionId: session.id, eventId, confidence: "high", evidence: [] })),
        }),
      ),
    );
    await store.prisma.$executeRawUnsafe("ANALYZE");
  }, 240_000);
  afterAll(() => store?.close());

  it("facets from the rollup equal a GROUP BY over cloudtrail_event", async () => {
    const facets = await eventFacets(store);
    const group = async (col: "account_id" | "region" | "event_source") =>
      (
        await store.prisma.$queryRaw<{ value: string; count: number }[]>`
          SELECT ${Prisma.raw(col)} AS value, count(*)::int AS count FROM cloudtrail_event
          WHERE ${Prisma.raw(col)} IS NOT NULL GROUP BY 1 ORDER BY 1`
      ).map((r) => ({ value: r.value, count: Number(r.count) }));
    const byValue = (l: { value: string }[]) => [...l].sort((x, y) => (x.value < y.value ? -1 : 1));
    expect(facets.account).toEqual(await group("account_id"));
    expect(facets.region).toEqual(await group("region"));
    expect(byValue(facets.service)).toEqual(await group("event_source"));
    expect(facets.service.reduce((n, s) => n + (s.count ?? 0), 0)).toBe(N);
    const counts = facets.service.map((s) => s.count ?? 0);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
  });

  it("the chart's open-ended span from the rollup equals min/max over the events", async () => {
    const bounds: { from?: number; to?: number }[] = [
      {},
      { from: START + 5 * H + 17_777 },
      { to: START + 31 * H + 42_001 },
      { from: START + 39 * H + 59 * 60_000 + 999 }, // past the newest event's minute edge
      { to: START + 500 }, // before the first event's minute ends
      { from: START + 3 * H + 30_500, to: START + 3 * H + 30_900 },
    ];
    for (const filter of FILTERS)
      for (const b of bounds) {
        const f = eventFilter({ ...filter, ...b });
        const c = [Prisma.sql`TRUE`];
        if (f.from !== null) c.push(Prisma.sql`event_time >= ${new Date(f.from)}`);
        if (f.to !== null) c.push(Prisma.sql`event_time < ${new Date(f.to)}`);
        if (f.account) c.push(Prisma.sql`account_id = ${f.account}`);
        if (f.region) c.push(Prisma.sql`region = ${f.region}`);
        if (f.service) c.push(Prisma.sql`event_source = ${f.service}`);
        if (f.errorsOnly) c.push(Prisma.sql`error_code IS NOT NULL`);
        if (f.linkedOnly) c.push(Prisma.sql`event_id IN (SELECT event_id FROM action_event_link)`);
        if (f.risk.length) c.push(Prisma.sql`risk IN (${Prisma.join(f.risk)})`);
        const [want] = await store.prisma.$queryRaw<{ lo: Date | null; hi: Date | null; n: number }[]>`
          SELECT min(event_time) AS lo, max(event_time) AS hi, count(*)::int AS n FROM cloudtrail_event WHERE ${Prisma.join(c, " AND ")}`;
        const d = await eventDensity(store, f, 120);
        const label = JSON.stringify({ ...filter, ...b });
        expect(d.total, label).toBe(Number(want.n));
        if (!want.lo || !want.hi) {
          if (f.from === null || f.to === null) expect(d.buckets, label).toEqual([]);
          continue;
        }
        expect(d.from, label).toBe(f.from ?? new Date(want.lo).getTime());
        expect(d.to, label).toBe(f.to ?? Math.max(new Date(want.hi).getTime() + 1, d.from + 1));
      }
  });

  it("no statement of the page plans a Seq Scan on cloudtrail_event (no filter and rollup-answerable filters)", async () => {
    const newest = (await newestEventTime(store))!;
    const ranges: Partial<EventFilter>[] = [{}, { from: newest + 1 - 24 * H, to: newest + 1 }];
    let explained = 0;
    const scans: string[] = [];
    for (const filter of FILTERS)
      for (const range of ranges) {
        const rec = recording(store);
        const f = eventFilter({ ...filter, ...range });
        await Promise.all([listEvents(rec.store, f), eventDensity(rec.store, f, 120), eventFacets(rec.store)]);
        expect(rec.sqls.length).toBeGreaterThanOrEqual(3);
        for (const sql of rec.sqls) {
          // the page of rows under a filter no index holds (errors, linked) is the planner's choice: walking the
          // (event_time, id) index until 51 rows match, or (at these 6000 rows, rightly) a scan and a top-N sort
          const list = sql.sql.includes("AS sort_value");
          if (list && (f.errorsOnly || f.linkedOnly)) continue;
          if ((await seqScans(store, sql)).some(onEvents))
            scans.push(`${JSON.stringify({ ...filter, ...range })}: ${sql.sql.slice(0, 160)}`);
          explained++;
        }
      }
    expect(scans).toEqual([]);
    // newestEventTime (Prisma's findFirst) runs this statement
    expect(await seqScans(store, Prisma.sql`SELECT event_time FROM cloudtrail_event ORDER BY event_time DESC LIMIT 1`)).toEqual([]);
    expect(explained).toBeGreaterThan(FILTERS.length * 2 * 3);
    // the check sees a scan when there is one (today's service facet, before the rollup)
    // the table is partitioned: a scan shows as one on a partition (cloudtrail_event_pYYYYMMDD)
    const control = await seqScans(store, Prisma.sql`SELECT max(e.user_agent) FROM cloudtrail_event e`);
    expect(control.some((t) => t === "cloudtrail_event" || t.startsWith("cloudtrail_event_p"))).toBe(true);
  });
});
