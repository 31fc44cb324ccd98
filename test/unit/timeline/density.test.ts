import { describe, expect, it } from "vitest";
import {
  bucketGrid,
  chooseBucketMs,
  densityTicks,
  fillBuckets,
  formatBucketWidth,
  prepareDensitySeries,
  tickLabel,
} from "@/lib/timeline/density";

const T0 = Date.parse("2025-03-01T10:00:00.000Z");
const MIN = 60_000;
const HOUR = 60 * MIN;

describe("density buckets", () => {
  it("chooses readable widths", () => {
    expect(chooseBucketMs(T0, T0 + 24 * HOUR, 1440)).toBe(MIN);
    expect(chooseBucketMs(T0, T0 + HOUR, 60)).toBe(MIN);
    expect(chooseBucketMs(T0, T0 + HOUR, 120)).toBe(30_000);
    expect(chooseBucketMs(T0, T0 + 24 * HOUR, 100)).toBe(15 * MIN);
    expect(chooseBucketMs(T0, T0 + 1, 100)).toBe(1000);
    expect(chooseBucketMs(T0, T0 + 10 * 365 * 24 * HOUR, 10)).toBe(365 * 24 * HOUR);
  });

  it("never exceeds the asked count and aligns the origin", () => {
    for (const [from, to, n] of [
      [T0 + 17_123, T0 + 5 * HOUR + 3, 100],
      [T0, T0 + 24 * HOUR, 1440],
      [T0 - 7, T0 + 7 * 24 * HOUR, 50],
    ] as const) {
      const g = bucketGrid(from, to, n);
      expect(g.origin % g.bucketMs).toBe(0);
      expect(g.origin).toBeLessThanOrEqual(from);
      expect(g.origin + g.count * g.bucketMs).toBeGreaterThanOrEqual(to);
      expect(g.count).toBeLessThanOrEqual(n + 1);
    }
    expect(bucketGrid(T0, T0 + 24 * HOUR, 1440).count).toBe(1440);
  });

  it("fills empty buckets and drops out-of-grid rows", () => {
    const grid = { origin: T0, bucketMs: MIN, count: 4 };
    const filled = fillBuckets(grid, [
      { b: 1, total: 5, destructive: 2 },
      { b: 3, total: 1, destructive: 0 },
      { b: 9, total: 100, destructive: 100 },
      { b: -1, total: 100, destructive: 100 },
    ]);
    expect(filled).toEqual([
      { t: T0, total: 0, destructive: 0 },
      { t: T0 + MIN, total: 5, destructive: 2 },
      { t: T0 + 2 * MIN, total: 0, destructive: 0 },
      { t: T0 + 3 * MIN, total: 1, destructive: 0 },
    ]);
  });

  it("prepares stacked series where other + destructive = total", () => {
    const series = prepareDensitySeries({
      from: T0,
      to: T0 + 2 * MIN,
      bucketMs: MIN,
      buckets: [
        { t: T0, total: 7, destructive: 3 },
        { t: T0 + MIN, total: 0, destructive: 0 },
      ],
      total: 7,
      destructive: 3,
    });
    expect(series).toEqual([
      { t: T0, end: T0 + MIN, other: 4, destructive: 3, total: 7 },
      { t: T0 + MIN, end: T0 + 2 * MIN, other: 0, destructive: 0, total: 0 },
    ]);
  });

  it("labels widths and ticks in UTC", () => {
    expect(formatBucketWidth(MIN)).toBe("1 min");
    expect(formatBucketWidth(15_000)).toBe("15 s");
    expect(formatBucketWidth(24 * HOUR)).toBe("1 d");
    expect(tickLabel(T0, HOUR)).toBe("10:00");
    expect(tickLabel(T0 + 5000, 10_000)).toBe("10:00:05");
    expect(tickLabel(T0, 7 * 24 * HOUR)).toBe("03-01 10:00");
    expect(tickLabel(T0, 365 * 24 * HOUR)).toBe("2025-03-01");
  });

  it("puts axis ticks on round times", () => {
    const grid = bucketGrid(T0 + 7 * MIN, T0 + 3 * HOUR + 7 * MIN, 90); // 2 min buckets
    const series = prepareDensitySeries({
      from: T0,
      to: T0 + 3 * HOUR,
      bucketMs: grid.bucketMs,
      buckets: fillBuckets(grid, []),
      total: 0,
      destructive: 0,
    });
    const ticks = densityTicks(series, grid.bucketMs);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(12);
    const step = ticks[1] - ticks[0];
    for (const t of ticks) expect(t % step).toBe(0);
    expect(step % grid.bucketMs).toBe(0);
    expect(densityTicks([], MIN)).toEqual([]);
  });
});
