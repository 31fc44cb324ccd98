/**
 * Event density (events over time): bucket sizing and the series the chart renders. Pure; the SQL that counts
 * per bucket lives in queries.ts.
 */

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

/** Bucket widths a human reads easily; the chosen width is the smallest that gives at most the asked count. */
export const NICE_BUCKET_MS = [
  S,
  2 * S,
  5 * S,
  10 * S,
  15 * S,
  30 * S,
  MIN,
  2 * MIN,
  5 * MIN,
  10 * MIN,
  15 * MIN,
  30 * MIN,
  H,
  2 * H,
  3 * H,
  6 * H,
  12 * H,
  D,
  2 * D,
  7 * D,
  14 * D,
  30 * D,
  90 * D,
  365 * D,
];

export const DEFAULT_BUCKETS = 120;
export const MAX_BUCKETS = 2000;

/** Width of one bucket so that [from, to) splits into at most `buckets` buckets. */
export function chooseBucketMs(from: number, to: number, buckets: number): number {
  const n = Math.max(1, Math.min(MAX_BUCKETS, Math.floor(buckets)));
  const raw = Math.max(1, Math.ceil((to - from) / n));
  return NICE_BUCKET_MS.find((w) => w >= raw) ?? Math.ceil(raw / D) * D;
}

/** Bucket grid for a range: origin aligned to the width (buckets start on round times), and the count. */
export function bucketGrid(from: number, to: number, buckets: number): { origin: number; bucketMs: number; count: number } {
  const bucketMs = chooseBucketMs(from, to, buckets);
  const origin = Math.floor(from / bucketMs) * bucketMs;
  const count = Math.max(1, Math.ceil((to - origin) / bucketMs));
  return { origin, bucketMs, count };
}

export type DensityBucket = {
  /** bucket start, epoch ms */
  t: number;
  total: number;
  destructive: number;
};

export type EventDensity = {
  from: number;
  to: number;
  bucketMs: number;
  /** every bucket of the grid in time order, empty ones included */
  buckets: DensityBucket[];
  total: number;
  destructive: number;
};

/** Turns sparse (bucket index → counts) rows into the full, zero-filled grid. Out-of-grid rows are dropped. */
export function fillBuckets(
  grid: { origin: number; bucketMs: number; count: number },
  rows: { b: number; total: number; destructive: number }[],
): DensityBucket[] {
  const out: DensityBucket[] = Array.from({ length: grid.count }, (_, i) => ({
    t: grid.origin + i * grid.bucketMs,
    total: 0,
    destructive: 0,
  }));
  for (const r of rows) {
    const slot = out[r.b];
    if (!slot) continue;
    slot.total += r.total;
    slot.destructive += r.destructive;
  }
  return out;
}

/** One chart point: stacked "other" + "destructive" = total. */
export type DensityPoint = { t: number; end: number; other: number; destructive: number; total: number };

/** The series the density chart draws (prepared here so the component only renders). */
export function prepareDensitySeries(d: EventDensity): DensityPoint[] {
  return d.buckets.map((b) => ({
    t: b.t,
    end: b.t + d.bucketMs,
    other: b.total - b.destructive,
    destructive: b.destructive,
    total: b.total,
  }));
}

/** "1 min", "15 s", "6 h", "1 d" for a bucket width. */
export function formatBucketWidth(ms: number): string {
  if (ms % D === 0) return `${ms / D} d`;
  if (ms % H === 0) return `${ms / H} h`;
  if (ms % MIN === 0) return `${ms / MIN} min`;
  if (ms % S === 0) return `${ms / S} s`;
  return `${ms} ms`;
}

/** Axis tick label for a bucket start: time of day for short ranges, date for long ones (UTC). */
export function tickLabel(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  if (spanMs <= 15 * MIN) return iso.slice(11, 19);
  if (spanMs <= 2 * D) return iso.slice(11, 16);
  if (spanMs <= 60 * D) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return iso.slice(0, 10);
}

/**
 * Round tick positions for the time axis: bucket starts on a readable step (a multiple of the bucket width) so
 * that about `target` ticks show.
 */
export function densityTicks(series: DensityPoint[], bucketMs: number, target = 8): number[] {
  if (series.length === 0 || bucketMs <= 0) return [];
  const span = series[series.length - 1].end - series[0].t;
  const raw = span / Math.max(1, target);
  const step = NICE_BUCKET_MS.find((w) => w >= raw && w % bucketMs === 0) ?? Math.max(bucketMs, Math.ceil(raw / bucketMs) * bucketMs);
  return series.filter((p) => p.t % step === 0).map((p) => p.t);
}
