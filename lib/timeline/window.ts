import { z } from "zod";
import { parseIsoInstant } from "@/lib/events/time";

/** The incident timeline's time range: its default, presets, and the validated `from`/`to` of a zoom. Pure. */

const MIN = 60_000;
export const MAX_RANGE_MS = 90 * 24 * 60 * MIN;
export const MIN_RANGE_MS = 1000;

export interface Range {
  from: number;
  to: number;
}

export interface WindowInput {
  /** trigger time */
  startedAt: string;
  /** recovery time (null: still open) */
  endedAt: string | null;
  sessionStartedAt: string | null;
  sessionEndedAt: string | null;
  /** phase times (derived or edited) */
  phaseTimes: (string | null)[];
}

const t = (s: string | null | undefined) => (s ? Date.parse(s) : NaN);
const finite = (xs: number[]) => xs.filter((x) => Number.isFinite(x));

/** From the agent session's start (or the trigger) to recovery (or the last phase), padded by 4 % each side. */
export function incidentWindow(w: WindowInput): Range {
  const trigger = t(w.startedAt);
  const starts = finite([trigger, t(w.sessionStartedAt)]);
  const ends = finite([t(w.endedAt), t(w.sessionEndedAt), ...w.phaseTimes.map(t), trigger + 30 * MIN]);
  const from = Math.min(...starts);
  const to = Math.max(...ends);
  const pad = Math.max(MIN, Math.round((to - from) * 0.04));
  return { from: from - pad, to: to + pad };
}

/** Zoom presets: the whole incident, the agent's session, and the minutes around the trigger. */
export function windowPresets(w: WindowInput): { id: string; label: string; range: Range }[] {
  const out = [{ id: "incident", label: "Whole incident", range: incidentWindow(w) }];
  const s = t(w.sessionStartedAt);
  const e = t(w.sessionEndedAt);
  if (Number.isFinite(s) && Number.isFinite(e) && e > s) {
    const pad = Math.max(MIN, Math.round((e - s) * 0.05));
    out.push({ id: "session", label: "Agent session", range: { from: s - pad, to: e + pad } });
  }
  const trigger = t(w.startedAt);
  out.push({ id: "trigger", label: "Trigger ± 10 min", range: { from: trigger - 10 * MIN, to: trigger + 10 * MIN } });
  return out;
}

const instant = z
  .string()
  .trim()
  .max(64)
  .transform((s, ctx) => {
    const ms = /^\d{1,15}$/.test(s) ? Number(s) : parseIsoInstant(s);
    if (ms === null || !Number.isFinite(ms)) {
      ctx.addIssue({ code: "custom", message: "not a time" });
      return z.NEVER;
    }
    return ms;
  });

/** `from`/`to` of a zoom (ISO instants or epoch ms): from < to, at least 1 s and at most 90 days apart. */
export const RangeParams = z
  .object({ from: instant, to: instant })
  .refine((r) => r.to - r.from >= MIN_RANGE_MS, "the range must be at least 1 s long")
  .refine((r) => r.to - r.from <= MAX_RANGE_MS, "the range may be at most 90 days long");

/** Parses a zoom from the URL, falling back to the given range when absent or invalid. */
export function rangeFromParams(from: string | undefined, to: string | undefined, fallback: Range): Range {
  if (from === undefined || to === undefined) return fallback;
  const r = RangeParams.safeParse({ from, to });
  return r.success ? r.data : fallback;
}
