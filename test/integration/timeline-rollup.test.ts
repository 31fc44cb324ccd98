import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { DEMO_EXPECTED } from "@/lib/demo";
import { Prisma } from "@/lib/generated/prisma/client";
import { incidentScope } from "@/lib/incidents/queries";
import { loadDemo } from "@/lib/reconstruct/demo";
import { bucketGrid } from "@/lib/timeline/density";
import type { LaneCount } from "@/lib/timeline/lane-density";
import { laneDensityRows } from "@/lib/timeline/lane-density-queries";
import { laneSql, rangeConditions, type TimelineScope } from "@/lib/timeline/lane-sql";
import type { Range } from "@/lib/timeline/window";
import { checkRollup } from "@/test/support/rollup-check";
import { testStores } from "../support/stores";

/**
 * The incident timeline's lane counts (the density chart and the dense lanes) read whole minutes from the rollup
 * (lib/timeline/lane-density-queries.ts). Against one GROUP BY over cloudtrail_event by lane — the query the
 * timeline ran before — for the demo incident's scope (agent session, team, account) and others, over ranges that
 * take every path: minute rows, hour rows, ragged edges inside a minute, sub-minute buckets.
 */

const H = 3_600_000;
const MIN = 60_000;

async function oracle(store: Store, scope: TimelineScope, range: Range, grid: { origin: number; bucketMs: number }) {
  const rows = await store.prisma.$queryRaw<LaneCount[]>`
    SELECT floor((extract(epoch FROM e.event_time) * 1000 - ${grid.origin}::float8) / ${grid.bucketMs}::float8)::int AS b,
           ${laneSql(scope)} AS lane, count(*)::int AS n, count(*) FILTER (WHERE e.risk = 'destructive')::int AS d
    FROM cloudtrail_event e WHERE ${Prisma.join(rangeConditions(scope, range), " AND ")}
    GROUP BY 1, 2`;
  return sorted(rows.map((r) => ({ b: Number(r.b), lane: r.lane, n: Number(r.n), d: Number(r.d) })));
}

/** The statements of a migration after its schema change (its backfill), as shipped. */
function backfillOf(dir: string, from: string): string[] {
  const sql = readFileSync(path.resolve(import.meta.dirname, "../../prisma/migrations", dir, "migration.sql"), "utf8");
  return sql
    .slice(sql.indexOf(from))
    .split(/;\s*\n/)
    .map((x) => x.replace(/^\s*--.*$/gm, "").trim())
    .filter(Boolean);
}

const sorted = (rows: LaneCount[]) => [...rows].sort((x, y) => x.b - y.b || x.lane.localeCompare(y.lane));

describe.each(testStores())("timeline lane counts from the rollup on $name", ({ open }) => {
  let store: Store;
  let scope: TimelineScope;
  const start = Date.parse(DEMO_EXPECTED.startedAt);
  const end = Date.parse(DEMO_EXPECTED.endedAt);
  beforeAll(async () => {
    store = await open();
    await loadDemo(store);
    const incident = await store.prisma.incident.findFirstOrThrow({ where: { triggerEventId: DEMO_EXPECTED.triggerEventId } });
    scope = (await incidentScope(store, incident.id))!;
  }, 300_000);
  afterAll(() => store?.close());

  it("the demo exercises every lane, and the rollup (with its principal kind) equals a recount", async () => {
    expect(scope.sessionId).not.toBeNull();
    expect(scope.team?.length).toBeGreaterThan(0);
    const rows = await oracle(store, scope, { from: start - H, to: end + H }, bucketGrid(start - H, end + H, 160));
    expect(new Set(rows.map((r) => r.lane))).toEqual(new Set(["linked", "team", "human", "other"]));
    expect(await checkRollup(store)).toMatchObject({ all_diff: 0, total_diff: 0 });
    const [kinds] = await store.prisma.$queryRaw<{ people: number; workloads: number }[]>`
      SELECT coalesce(sum(count) FILTER (WHERE human), 0)::int AS people, coalesce(sum(count) FILTER (WHERE NOT human), 0)::int AS workloads
      FROM event_rollup WHERE width_min = 1`;
    expect(kinds.people).toBeGreaterThan(0);
    expect(kinds.workloads).toBeGreaterThan(0);
  });

  it("the migrations' backfills of the principal kind and the per-account people counts equal a recount", async () => {
    await store.prisma.$executeRawUnsafe("UPDATE event_rollup_total SET unlinked_human = 0, unlinked_human_destructive = 0");
    expect((await checkRollup(store)).total_diff).toBeGreaterThan(0); // the check sees the wiped counts
    const statements = [
      ...backfillOf("20261206085803_rollup_principal_kind", 'DELETE FROM "event_rollup"'),
      ...backfillOf("20261206103611_rollup_total_unlinked_human", 'UPDATE "event_rollup_total"'),
    ];
    expect(statements).toHaveLength(3);
    for (const sql of statements) await store.prisma.$executeRawUnsafe(sql);
    expect(await checkRollup(store)).toMatchObject({ all_diff: 0, total_diff: 0 });
  });

  const ranges: [string, () => Range, number][] = [
    ["the incident window, 160 buckets (5 min: minute rows)", () => ({ from: start, to: end }), 160],
    ["ragged edges inside a minute", () => ({ from: start - 37_123, to: end + 12_345 }), 160],
    ["10 days, 2 h buckets (hour rows)", () => ({ from: start - 5 * 24 * H + 17 * MIN + 999, to: end + 5 * 24 * H }), 120],
    ["20 min, 30 s buckets (sub-minute: from the events)", () => ({ from: start - 10 * MIN, to: start + 10 * MIN }), 40],
    ["a range with no events", () => ({ from: start - 400 * 24 * H, to: start - 399 * 24 * H }), 160],
  ];
  const scopes: [string, (s: TimelineScope) => TimelineScope][] = [
    ["the incident's scope", (s) => s],
    ["no team", (s) => ({ ...s, team: [] })],
    ["no session, every account", () => ({ sessionId: null, accountId: null })],
  ];

  for (const [rangeLabel, range, buckets] of ranges) {
    it.each(scopes)(`${rangeLabel}: equals the events' GROUP BY (%s)`, async (_label, pick) => {
      const s = pick(scope);
      const r = range();
      const grid = bucketGrid(r.from, r.to, buckets);
      const got = sorted(await laneDensityRows(store, s, r, grid));
      expect(got).toEqual(await oracle(store, s, r, grid));
    });
  }
});
