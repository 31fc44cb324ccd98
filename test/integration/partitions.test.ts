import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { ensureEventPartitions, ensurePartitionsFor } from "@/lib/partitions/mutations";
import { dayOf } from "@/lib/partitions/plan";
import { type EventPartition, listEventPartitions } from "@/lib/partitions/queries";
import { runEventRetention } from "@/lib/retention/mutations";
import { rebuildRollup } from "@/lib/rollup/mutations";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { ingestBytes } from "../support/ingest-helpers";
import { checkRollup } from "../support/rollup-check";
import { testStores } from "../support/stores";

/** A synthetic CloudTrail record (test/support/synthetic-cloudtrail.ts, real CloudTrail field layout) at a given time. */
const rec = (i: number, at: string, seed = 1301): Record<string, unknown> => ({
  ...syntheticRecord(i, { seed, total: 1 }),
  eventTime: at.replace(/\.\d+Z$/, "Z"),
});
const file = (records: unknown[]) => JSON.stringify({ Records: records });

const SPREAD = ["2019-03-15T08:00:00Z", "2023-07-01T00:00:00Z", "2026-11-30T23:59:59Z", "2026-12-01T00:00:00Z"];

describe.each(testStores())("cloudtrail_event partitions on $name", ({ open }) => {
  let store: Store;
  const partitions = (): Promise<EventPartition[]> => store.session((s) => listEventPartitions((sql, p) => s.query(sql, p)));
  const names = async () => (await partitions()).map((p) => p.name);
  const perPartition = async () =>
    Object.fromEntries(
      (
        await store.session((s) =>
          s.query<{ t: string; n: number }>(`SELECT tableoid::regclass::text AS t, count(*)::int AS n FROM cloudtrail_event GROUP BY 1`),
        )
      ).map((r) => [r.t, r.n]),
    );

  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("the ingest creates one monthly partition per month its events fall in, years-old ones included, none in between", async () => {
    const r = await ingestBytes(store, "spread.json", file(SPREAD.map((t, i) => rec(i, t))));
    expect(r).toMatchObject({ read: 4, ingested: 4, error: null });
    expect(await names()).toEqual([
      "cloudtrail_event_p20190301",
      "cloudtrail_event_p20230701",
      "cloudtrail_event_p20261101",
      "cloudtrail_event_p20261201",
    ]);
    expect(await perPartition()).toEqual({
      cloudtrail_event_p20190301: 1,
      cloudtrail_event_p20230701: 1,
      cloudtrail_event_p20261101: 1,
      cloudtrail_event_p20261201: 1,
    });
    const dec = (await partitions()).find((p) => p.name === "cloudtrail_event_p20261201")!;
    expect([new Date(dec.from!).toISOString(), new Date(dec.to!).toISOString()]).toEqual([
      "2026-12-01T00:00:00.000Z",
      "2027-01-01T00:00:00.000Z",
    ]);
  });

  it("dedups across partitions; an eventID sent again with another eventTime is a conflict, not a second row", async () => {
    const again = await ingestBytes(store, "spread-again.json", file(SPREAD.map((t, i) => rec(i, t))));
    expect(again).toMatchObject({ read: 4, ingested: 0, duplicates: 4, conflicts: 0 });
    // record 0 moved to another month, record 1 exactly again (the COPY fails on it: staged path), record 9 new
    const moved = rec(0, "2019-04-02T10:00:00Z");
    const r = await ingestBytes(store, "moved.json", file([moved, rec(1, SPREAD[1]), rec(9, "2026-12-03T00:00:00Z")]));
    expect(r).toMatchObject({ read: 3, ingested: 1, duplicates: 2, conflicts: 1, error: null });
    expect(await store.prisma.cloudTrailEvent.count({ where: { eventId: String(moved.eventID) } })).toBe(1);
    const kept = await store.prisma.cloudTrailEvent.findFirstOrThrow({ where: { eventId: String(moved.eventID) } });
    expect(kept.eventTime.toISOString()).toBe("2019-03-15T08:00:00.000Z");
    expect(await store.prisma.eventConflict.count({ where: { eventId: String(moved.eventID) } })).toBe(1);
    // the moved record's month got its partition (created ahead of the batch), but no row went in
    expect((await perPartition()).cloudtrail_event_p20190401).toBeUndefined();
  });

  it("concurrent ingests and ensures that need the same new partition create it once", async () => {
    const a = Array.from({ length: 300 }, (_, i) => rec(1000 + i, `2018-05-${String(1 + (i % 28)).padStart(2, "0")}T12:00:00Z`));
    const b = Array.from({ length: 300 }, (_, i) => rec(2000 + i, `2018-05-${String(1 + (i % 28)).padStart(2, "0")}T13:00:00Z`));
    const [ra, rb] = await Promise.all([ingestBytes(store, "a.json", file(a)), ingestBytes(store, "b.json", file(b))]);
    expect([ra.ingested, rb.ingested, ra.error, rb.error]).toEqual([300, 300, null, null]);
    const day = Date.UTC(2017, 1, 10);
    await Promise.all(Array.from({ length: 6 }, () => ensurePartitionsFor(store, [day, day + 86_400_000 * 10])));
    const list = await names();
    expect(list.filter((n) => n.startsWith("cloudtrail_event_p201805"))).toEqual(["cloudtrail_event_p20180501"]);
    expect(list.filter((n) => n.startsWith("cloudtrail_event_p201702"))).toEqual(["cloudtrail_event_p20170201"]);
    expect((await perPartition()).cloudtrail_event_p20180501).toBe(600);
  });

  it("a changed interval never overlaps: a monthly partition is clipped around a weekly one", async () => {
    // 2016-03-09 is a Wednesday: its ISO week is 2016-03-07 … 2016-03-14
    await store.session((s) => ensureEventPartitions(s, [dayOf(Date.UTC(2016, 2, 9))], "week"));
    await store.session((s) => ensureEventPartitions(s, [dayOf(Date.UTC(2016, 2, 2)), dayOf(Date.UTC(2016, 2, 20))], "month"));
    const march = (await partitions()).filter((p) => p.name.startsWith("cloudtrail_event_p201603"));
    expect(march.map((p) => [p.name, new Date(p.from!).toISOString().slice(0, 10), new Date(p.to!).toISOString().slice(0, 10)])).toEqual([
      ["cloudtrail_event_p20160301", "2016-03-01", "2016-03-07"],
      ["cloudtrail_event_p20160307", "2016-03-07", "2016-03-14"],
      ["cloudtrail_event_p20160314", "2016-03-14", "2016-04-01"],
    ]);
  });

  it("a time-window query reads only the partitions of its window (pruning)", async () => {
    const plan = await store.session(async (s) => {
      const rows = await s.query<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT event_id FROM cloudtrail_event WHERE event_time >= $1::timestamptz AND event_time < $2::timestamptz`,
        ["2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"],
      );
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).toMatch(/cloudtrail_event_p20261201/);
    expect(plan).not.toMatch(/cloudtrail_event_p20261101|cloudtrail_event_p20190301|cloudtrail_event_p20180501/);
  });

  it("retention drops only partitions entirely older than the cutoff, with their links, conflicts and old quarantine, audited once", async () => {
    // A partition straddling the cutoff (2025-12-15 for now = 2026-12-15, 365 days) keeps its old row.
    const straddle = await ingestBytes(store, "straddle.json", file([rec(5000, "2025-12-01T01:00:00Z")]));
    expect(straddle.ingested).toBe(1);
    const bad = await ingestBytes(store, "bad.json", '{"Records":[{"eventVersion":"1.08"}]}');
    expect(bad.quarantined).toBe(1);
    await store.prisma.quarantinedRecord.updateMany({ data: { createdAt: new Date("2019-01-01T00:00:00Z") } });
    const session = await store.prisma.agentSession.create({ data: { kind: "claude-code", externalId: "retention-test" } });
    const oldId = String(rec(0, SPREAD[0]).eventID);
    const newId = String(rec(3, SPREAD[3]).eventID);
    for (const eventId of [oldId, newId])
      await store.prisma.actionEventLink.create({ data: { sessionId: session.id, eventId, confidence: "high", evidence: [] } });
    // links written directly, not by relink: recount the chart rollup so it starts consistent
    await store.prisma.$transaction((tx) => rebuildRollup(tx));
    const total = await store.prisma.cloudTrailEvent.count();
    const now = new Date("2026-12-15T00:00:00Z");
    const expected = [
      "cloudtrail_event_p20160301",
      "cloudtrail_event_p20160307",
      "cloudtrail_event_p20160314",
      "cloudtrail_event_p20170201",
      "cloudtrail_event_p20180501",
      "cloudtrail_event_p20190301",
      "cloudtrail_event_p20190401",
      "cloudtrail_event_p20230701",
    ];

    const dry = await runEventRetention(store, { days: 365, now, dryRun: true });
    expect(dry!.partitions.map((p) => p.name)).toEqual(expected);
    expect(dry).toMatchObject({ events: 602, links: 1, conflicts: 1, quarantined: 1 });
    expect(await store.prisma.cloudTrailEvent.count()).toBe(total);
    expect(await store.prisma.auditLog.count({ where: { action: "retention.run" } })).toBe(0);

    const r = await runEventRetention(store, { days: 365, now });
    expect(r).toMatchObject({ dryRun: false, cutoff: "2025-12-15T00:00:00.000Z", events: 602, links: 1, conflicts: 1, quarantined: 1 });
    expect(await names()).toEqual(["cloudtrail_event_p20251201", "cloudtrail_event_p20261101", "cloudtrail_event_p20261201"]);
    expect(await store.prisma.cloudTrailEvent.count()).toBe(total - 602);
    expect(await store.prisma.cloudTrailEvent.count({ where: { eventTime: { lt: new Date("2025-12-15T00:00:00Z") } } })).toBe(1);
    expect((await store.prisma.actionEventLink.findMany()).map((l) => l.eventId)).toEqual([newId]);
    expect(await store.prisma.eventConflict.count()).toBe(0);
    expect(await store.prisma.quarantinedRecord.count()).toBe(0);
    // the chart rollup lost exactly the dropped partitions' counts
    expect(await checkRollup(store)).toEqual({ all_diff: 0, total_diff: 0, rollup_sum: total - 602, events: total - 602 });
    const audit = await store.prisma.auditLog.findMany({ where: { action: "retention.run" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "system", actorId: "retention", targetType: "cloudtrail_event" });
    const after = audit[0].after as { partitions: { name: string; events: number }[]; events: number };
    expect(after.partitions.map((p) => p.name)).toEqual(expected);
    expect(after.partitions.find((p) => p.name === "cloudtrail_event_p20180501")!.events).toBe(600);

    // Nothing more to do: no second audit row. Data for a dropped month can come back (its partition is made again).
    expect(await runEventRetention(store, { days: 365, now })).toMatchObject({ partitions: [], events: 0 });
    expect(await store.prisma.auditLog.count({ where: { action: "retention.run" } })).toBe(1);
    const back = await ingestBytes(store, "back.json", file([rec(7000, "2019-03-20T00:00:00Z")]));
    expect(back).toMatchObject({ ingested: 1, error: null });
  });
});
