import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { type EventFilter, eventFilter } from "@/lib/events/filters";
import { eventDensity, eventsDensitySql } from "@/lib/events/queries";
import { ingestPaths } from "@/lib/ingest/pipeline";
import type { RiskClass } from "@/lib/model/risk";
import { deleteRollupBefore, recomputeRollup, recomputeRollupForEvents, withLinkChanges } from "@/lib/rollup/mutations";
import { planRollup } from "@/lib/rollup/plan";
import { bucketGrid } from "@/lib/timeline/density";
import { checkRollup } from "@/test/support/rollup-check";
import { testStores } from "@/test/support/stores";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";

/**
 * The chart rollup (lib/rollup) against plain counts over cloudtrail_event, on both stores: a varied synthetic corpus
 * (test/support/synthetic-cloudtrail.ts: 3 accounts, 4 regions, 12 calls of every risk class, ~3 % errors) ingested
 * through the real pipeline, re-ingested with duplicates, linked, partly deleted.
 */
const N = 6000;
const START = Date.UTC(2026, 2, 3, 7, 13, 17, 250); // not minute-aligned
const SPAN = 30 * 3600_000;
const H = 3600_000;
const opts = { seed: 13, startMs: START, spanMs: SPAN, total: N };
const work = mkdtempSync(path.join(tmpdir(), "aftermath-rollup-"));
const jsonl = (from: number, to: number) =>
  `${Array.from({ length: to - from }, (_, i) => JSON.stringify(syntheticRecord(from + i, opts))).join("\n")}\n`;
const first = path.join(work, "first.jsonl");
const second = path.join(work, "second.jsonl");
writeFileSync(first, jsonl(0, 4000));
writeFileSync(second, jsonl(3000, N)); // 1000 duplicates, then 2000 new
afterAll(() => rmSync(work, { recursive: true, force: true }));

const RISKS: RiskClass[][] = [[], ["destructive"], ["read", "write"], ["privilege", "destructive"]];
const SERVICES = [null, "ec2.amazonaws.com", "cloudformation.amazonaws.com", "no-such.amazonaws.com"];

/** Deterministic filter combinations over every dimension the rollup answers, plus some it does not. */
function filters(): Partial<EventFilter>[] {
  const out: Partial<EventFilter>[] = [{}];
  let k = 0;
  for (const account of [null, "111122223333", "777788889999"])
    for (const region of [null, "eu-west-1"])
      for (const service of SERVICES)
        for (const risk of RISKS) {
          k++;
          out.push({ account, region, service, risk, errorsOnly: k % 5 === 0, linkedOnly: k % 7 === 0 });
        }
  out.push({ principal: "monitoring" }, { eventName: "Delete*" }, { terms: ["getobject"] }, { account: "444455556666", principal: "ci-" });
  return out.filter((_, i) => i % 3 === 0 || i > out.length - 5);
}

const RANGES: { label: string; from: number; to: number; buckets: number }[] = [
  { label: "24 h in 1-min buckets, aligned", from: Date.UTC(2026, 2, 3, 9), to: Date.UTC(2026, 2, 4, 9), buckets: 1440 },
  { label: "ragged 5 h, 1-min", from: START + 3 * H + 12_345, to: START + 8 * H + 7_777, buckets: 400 },
  { label: "whole corpus, 120 buckets (15 min)", from: START - 1000, to: START + SPAN + 5000, buckets: 120 },
  { label: "3 days, hour-wide buckets", from: START - 17 * H + 999, to: START + 55 * H + 1, buckets: 40 },
  { label: "10 minutes, sub-minute buckets (events only)", from: START + 2 * H, to: START + 2 * H + 600_000, buckets: 100 },
  { label: "inside one minute", from: START + 5 * H + 5000, to: START + 5 * H + 45_000, buckets: 2 },
];

describe.each(testStores())("chart rollup on $name", ({ open }) => {
  let store: Store;
  let linkedIds: string[] = [];
  beforeAll(async () => {
    store = await open();
    const a = await ingestPaths(store, [first]);
    const b = await ingestPaths(store, [second]);
    expect(a.files[0].ingested + b.files[0].ingested).toBe(N);
    // links made after ingest (what relink writes), with the recount relink runs
    const ids = await store.prisma.cloudTrailEvent.findMany({ select: { eventId: true }, orderBy: { id: "asc" } });
    linkedIds = ids.filter((_, i) => i % 9 === 0).map((r) => r.eventId);
    const session = await store.prisma.agentSession.create({ data: { kind: "claude-code", externalId: "rollup-test" } });
    // as relink does it: the link change inside withLinkChanges (moves the flipped events' counts)
    await store.prisma.$transaction((tx) =>
      withLinkChanges(tx, linkedIds, () =>
        tx.actionEventLink.createMany({
          data: linkedIds.map((eventId) => ({ sessionId: session.id, eventId, confidence: "high", evidence: [] })),
        }),
      ),
    );
    // a second session linking some of the same events flips nothing
    const other = await store.prisma.agentSession.create({ data: { kind: "codex", externalId: "rollup-test-b" } });
    await store.prisma.$transaction((tx) =>
      withLinkChanges(tx, linkedIds.slice(0, 20), () =>
        tx.actionEventLink.createMany({
          data: linkedIds.slice(0, 20).map((eventId) => ({ sessionId: other.id, eventId, confidence: "low", evidence: [] })),
        }),
      ),
    );
  }, 120_000);
  afterAll(async () => {
    await store?.close();
  });

  it("equals a recount of the events after ingest, duplicate re-ingest and linking", async () => {
    const c = await checkRollup(store);
    expect(c.events).toBe(N);
    expect(c).toEqual({ all_diff: 0, total_diff: 0, rollup_sum: N, events: N });
  });

  it("a re-ingest of the same files changes nothing", async () => {
    const r = await ingestPaths(store, [first, second]);
    expect(r.files.reduce((n, f) => n + f.ingested, 0)).toBe(0);
    expect(await checkRollup(store)).toEqual({ all_diff: 0, total_diff: 0, rollup_sum: N, events: N });
  });

  it("charts from the rollup equal charts counted from the events, for every filter and range", async () => {
    let fromRollup = 0;
    let nonEmpty = 0;
    for (const r of RANGES) {
      for (const input of filters()) {
        const f = { ...eventFilter(input), from: r.from, to: r.to };
        const grid = bucketGrid(r.from, r.to, r.buckets);
        if (planRollup(f, r.from, r.to, grid.bucketMs)?.minutes.length) fromRollup++;
        const got = await eventDensity(store, f, r.buckets);
        const want = await eventDensity(store, f, r.buckets, { source: "events" });
        expect(got, `${r.label} ${JSON.stringify(input)}`).toEqual(want);
        if (want.total > 0) nonEmpty++;
      }
    }
    expect(fromRollup).toBeGreaterThan(40);
    expect(nonEmpty).toBeGreaterThan(40);
  });

  it("the linked filter sees links written after ingest", async () => {
    const d = await eventDensity(store, { linkedOnly: true, from: START - H, to: START + SPAN + H }, 120);
    expect(d.total).toBe(linkedIds.length);
  });

  it("unlinking moves counts back (and an event still linked by another session stays linked)", async () => {
    const gone = linkedIds.slice(0, 40); // the first 20 are linked by a second session too
    await store.prisma.$transaction((tx) =>
      withLinkChanges(tx, gone, () =>
        tx.actionEventLink.deleteMany({ where: { eventId: { in: gone }, session: { externalId: "rollup-test" } } }),
      ),
    );
    expect(await checkRollup(store)).toEqual({ all_diff: 0, total_diff: 0, rollup_sum: N, events: N });
    const d = await eventDensity(store, { linkedOnly: true, from: START - H, to: START + SPAN + H }, 120);
    expect(d.total).toBe(linkedIds.length - 20);
    // put them back for the tests below
    const s = await store.prisma.agentSession.findFirstOrThrow({ where: { externalId: "rollup-test" } });
    await store.prisma.$transaction((tx) =>
      withLinkChanges(tx, gone, () =>
        tx.actionEventLink.createMany({ data: gone.map((eventId) => ({ sessionId: s.id, eventId, confidence: "high", evidence: [] })) }),
      ),
    );
    expect(await checkRollup(store)).toEqual({ all_diff: 0, total_diff: 0, rollup_sum: N, events: N });
  });

  it("a link change without the recount is caught by the check (the check can fail)", async () => {
    const s = await store.prisma.agentSession.create({ data: { kind: "claude-code", externalId: "rollup-test-2" } });
    const some = (
      await store.prisma.cloudTrailEvent.findMany({ select: { eventId: true }, where: { eventId: { notIn: linkedIds } }, take: 3 })
    ).map((r) => r.eventId);
    await store.prisma.actionEventLink.createMany({
      data: some.map((eventId) => ({ sessionId: s.id, eventId, confidence: "low", evidence: [] })),
    });
    expect((await checkRollup(store)).all_diff).toBeGreaterThan(0);
    await store.prisma.$transaction((tx) => recomputeRollupForEvents(tx, some));
    expect(await checkRollup(store)).toEqual({ all_diff: 0, total_diff: 0, rollup_sum: N, events: N });
  });

  it("the events fallback uses an index", async () => {
    const f = eventFilter({ principal: "monitoring", from: START + H, to: START + 25 * H });
    const grid = bucketGrid(f.from!, f.to!, 1440);
    const plan = await store.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      return tx.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN ${eventsDensitySql(f, grid)}`;
    });
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
    expect(text).not.toMatch(/Seq Scan on cloudtrail_event/);
  });

  it("deleteRollupBefore and recomputeRollup keep the rollup equal to the events after deletes", async () => {
    const cutoff = START + 4 * H + 17_123;
    await store.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`DELETE FROM cloudtrail_event WHERE event_time < ${new Date(cutoff)}`;
      await deleteRollupBefore(tx, cutoff);
    });
    let c = await checkRollup(store);
    expect(c.events).toBeLessThan(N);
    expect(c).toMatchObject({ all_diff: 0, total_diff: 0, rollup_sum: c.events });
    // a source-style delete scattered over time, then a range recount
    const from = START + 10 * H + 1;
    const to = START + 12 * H + 59_999;
    await store.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`DELETE FROM cloudtrail_event WHERE event_time >= ${new Date(from)} AND event_time < ${new Date(to)} AND risk = 'read'`;
      await recomputeRollup(tx, { from, to });
    });
    c = await checkRollup(store);
    expect(c).toMatchObject({ all_diff: 0, total_diff: 0, rollup_sum: c.events });
  });
});
