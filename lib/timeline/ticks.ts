import { NICE_BUCKET_MS, tickLabel } from "@/lib/timeline/density";

/** One labelled position on the time axis (UTC). */
export interface TimeTick {
  t: number;
  label: string;
}

/**
 * Round tick times inside [from, to]: the smallest readable step (1 s … 1 y) giving at most `target` ticks, at
 * multiples of the step (so ticks fall on round UTC times). Pure.
 */
export function timeTicks(from: number, to: number, target = 8): TimeTick[] {
  const span = to - from;
  if (!(span > 0) || !Number.isFinite(span)) return [];
  const raw = span / Math.max(1, target);
  const step = NICE_BUCKET_MS.find((w) => w >= raw) ?? Math.ceil(raw / 86_400_000) * 86_400_000;
  const out: TimeTick[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push({ t, label: tickLabel(t, span) });
  return out;
}
