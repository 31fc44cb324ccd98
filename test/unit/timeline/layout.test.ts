import { describe, expect, it } from "vitest";
import { type LaneInput, layoutTimeline, timeToX, xToTime } from "@/lib/timeline/layout";
import { timeTicks } from "@/lib/timeline/ticks";
import { DEMO_AGENT, DEMO_WINDOW, evenPoints, H, HOUR_WINDOW, MIN, S, T0, toolCallScene } from "./fixtures";

const noOverlap = (items: { x: number; w: number; row: number }[], gap: number) => {
  const byRow = new Map<number, { x: number; w: number }[]>();
  for (const it of items) byRow.set(it.row, [...(byRow.get(it.row) ?? []), it]);
  for (const row of byRow.values()) {
    row.sort((a, b) => a.x - b.x);
    for (let i = 1; i < row.length; i++) expect(row[i].x).toBeGreaterThanOrEqual(row[i - 1].x + row[i - 1].w + gap - 1e-9);
  }
};

describe("time scale", () => {
  it("maps time to x and back", () => {
    expect(timeToX(T0, HOUR_WINDOW, 600)).toBe(0);
    expect(timeToX(T0 + H, HOUR_WINDOW, 600)).toBe(600);
    expect(timeToX(T0 + 30 * MIN, HOUR_WINDOW, 600)).toBe(300);
    expect(xToTime(300, HOUR_WINDOW, 600)).toBe(T0 + 30 * MIN);
  });

  it("puts ticks on round UTC times", () => {
    const ticks = timeTicks(T0 + 7 * MIN, T0 + 3 * H, 6);
    expect(ticks.map((t) => t.label)).toEqual(["02:30", "03:00", "03:30", "04:00", "04:30", "05:00"]);
    expect(timeTicks(T0, T0, 5)).toEqual([]);
  });
});

describe("layoutTimeline", () => {
  it("places a small scene exactly: x from time, lanes stacked, one row each", () => {
    const l = layoutTimeline(HOUR_WINDOW, toolCallScene(), { width: 600 });
    expect(l.lanes.map((x) => [x.id, x.mode, x.rows, x.top, x.height])).toEqual([
      ["agent", "items", 1, 0, 28],
      ["linked", "items", 2, 28, 44],
      ["human", "items", 1, 72, 28],
    ]);
    expect(l.height).toBe(100);
    const [a1, a2] = l.lanes[0].items;
    expect(a1).toMatchObject({ id: "a:1", x: 96, w: 8, tx: 100, row: 0, y: 14, clipped: null });
    expect(a2).toMatchObject({ id: "a:2", x: 396, tx: 400 });
    // e:1 (10:02) and e:2 (10:05) are 0.5 px apart: the second goes to row 1
    expect(l.lanes[1].items.map((i) => [i.id, i.row])).toEqual([
      ["e:1", 0],
      ["e:2", 1],
      ["e:3", 0],
    ]);
    expect(l.lanes[1].items[1].y).toBe(28 + 6 + 16 + 8);
  });

  it("draws a link from the tool call down to each API call it caused", () => {
    const l = layoutTimeline(HOUR_WINDOW, toolCallScene(), { width: 600 });
    expect(l.links.map((s) => `${s.from}->${s.to}`)).toEqual(["a:1->e:1", "a:1->e:2", "a:1->e:3"]);
    const s = l.links[2];
    expect(s).toMatchObject({ x1: 100, x2: 120, toBucket: false });
    expect(s.y1).toBeLessThan(s.y2);
    expect(s.y1).toBeLessThanOrEqual(28);
    expect(s.y2).toBeGreaterThanOrEqual(28);
  });

  it("never overlaps markers within a row and keeps the gap", () => {
    const items = evenPoints("p", 120);
    const l = layoutTimeline(HOUR_WINDOW, [{ id: "x", items }], { width: 600, maxRows: 8 });
    expect(l.lanes[0].mode).toBe("items");
    expect(l.lanes[0].items).toHaveLength(120);
    noOverlap(l.lanes[0].items, 2);
    expect(l.lanes[0].rows).toBeLessThanOrEqual(3);
  });

  it("gives simultaneous items separate rows", () => {
    const l = layoutTimeline(HOUR_WINDOW, [{ id: "x", items: [1, 2, 3].map((i) => ({ id: `s${i}`, at: T0 + 20 * MIN })) }], { width: 600 });
    expect(l.lanes[0].items.map((i) => i.row)).toEqual([0, 1, 2]);
    expect(l.lanes[0].rows).toBe(3);
  });

  it("aggregates a lane into buckets when it would need more rows than allowed", () => {
    const items = evenPoints("p", 10_000, 100);
    const l = layoutTimeline(HOUR_WINDOW, [{ id: "dense", items }], { width: 600, bucketPx: 6 });
    const lane = l.lanes[0];
    expect(lane.mode).toBe("buckets");
    expect(lane.items).toEqual([]);
    expect(lane.total).toBe(10_000);
    expect(lane.buckets.reduce((n, b) => n + b.count, 0)).toBe(10_000);
    expect(lane.buckets.reduce((n, b) => n + b.destructive, 0)).toBe(100);
    expect(lane.buckets.length).toBeLessThanOrEqual(101);
    expect(lane.buckets.length).toBeGreaterThan(50);
    expect(Math.max(...lane.buckets.map((b) => b.intensity))).toBe(1);
    for (const b of lane.buckets) expect(b.x + b.w).toBeLessThanOrEqual(600 + 1e-9);
  });

  it("lays out server-aggregated buckets and attaches links to the bucket holding the target", () => {
    const lanes: LaneInput[] = [
      { id: "agent", items: [{ id: "a:1", at: T0 + 10 * MIN, links: ["e:7", "e:gone"] }] },
      {
        id: "other",
        buckets: [
          { t: T0, end: T0 + 30 * MIN, count: 500, destructive: 3 },
          { t: T0 + 30 * MIN, end: T0 + H, count: 250 },
          { t: T0 + H, end: T0 + 2 * H, count: 99 },
        ],
        itemTimes: { "e:7": T0 + 11 * MIN },
      },
    ];
    const l = layoutTimeline(HOUR_WINDOW, lanes, { width: 600 });
    const other = l.lanes[1];
    expect(other).toMatchObject({ mode: "buckets", total: 750, outside: 99, maxCount: 500 });
    expect(other.buckets.map((b) => [b.x, b.w, b.intensity])).toEqual([
      [0, 300, 1],
      [300, 300, 0.5],
    ]);
    expect(l.links).toEqual([{ from: "a:1", to: "e:7", x1: 100, y1: expect.any(Number), x2: 150, y2: other.top + 6, toBucket: true }]);
  });

  it("clips items at the window's edges and drops those wholly outside", () => {
    const l = layoutTimeline(
      HOUR_WINDOW,
      [
        {
          id: "x",
          items: [
            { id: "before", at: T0 - 2 * H, end: T0 - H },
            { id: "across", at: T0 - 5 * MIN, end: T0 + 5 * MIN },
            { id: "long", at: T0 + 50 * MIN, end: T0 + 2 * H },
            { id: "after", at: T0 + 2 * H },
          ],
        },
      ],
      { width: 600 },
    );
    expect(l.lanes[0].outside).toBe(2);
    expect(l.lanes[0].items.map((i) => [i.id, i.x, i.w, i.clipped])).toEqual([
      ["across", 0, 50, "left"],
      ["long", 500, 100, "right"],
    ]);
  });

  it("keeps the demo's 15 agent actions as separate markers at the incident's zoom", () => {
    const l = layoutTimeline(DEMO_WINDOW, [{ id: "agent", items: DEMO_AGENT, maxRows: 8 }], { width: 1100, markerPx: 6, gapPx: 1 });
    const lane = l.lanes[0];
    expect(lane.mode).toBe("items");
    expect(lane.items).toHaveLength(15);
    expect(lane.rows).toBeLessThanOrEqual(8);
    noOverlap(lane.items, 1);
    // with the default 4 rows the same cluster is counted in buckets instead
    expect(layoutTimeline(DEMO_WINDOW, [{ id: "agent", items: DEMO_AGENT }], { width: 1100 }).lanes[0]).toMatchObject({
      mode: "buckets",
      total: 15,
    });
    // the order in time is kept within each row
    expect([...lane.items].sort((a, b) => a.at - b.at).map((i) => i.id)).toEqual(DEMO_AGENT.map((i) => i.id));
    // zoomed out to a week the same actions no longer fit and are counted in buckets
    const week = layoutTimeline(
      { from: DEMO_WINDOW.from - 3 * 24 * H, to: DEMO_WINDOW.from + 4 * 24 * H },
      [{ id: "agent", items: DEMO_AGENT }],
      { width: 1100 },
    );
    expect(week.lanes[0].mode).toBe("buckets");
    expect(week.lanes[0].total).toBe(15);
  });

  it("is deterministic and tolerates an empty or inverted window", () => {
    expect(layoutTimeline(HOUR_WINDOW, toolCallScene(), { width: 600 })).toEqual(
      layoutTimeline(HOUR_WINDOW, toolCallScene(), { width: 600 }),
    );
    const l = layoutTimeline({ from: T0, to: T0 }, [{ id: "x", items: [{ id: "a", at: T0 }] }], { width: 0 });
    expect(l.lanes[0].items).toHaveLength(1);
    expect(Number.isFinite(l.lanes[0].items[0].x)).toBe(true);
    expect(layoutTimeline(HOUR_WINDOW, [], { width: 600 })).toMatchObject({ height: 0, lanes: [], links: [] });
    void S;
  });
});
