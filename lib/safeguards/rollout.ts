import type { TargetStatus } from "./types";

export interface RolloutPoint {
  /** YYYY-MM-DD (UTC), the state at the end of that day */
  date: string;
  planned: number;
  rollingOut: number;
  verified: number;
  violated: number;
}

export interface RolloutTarget {
  key: string;
  rolloutAt: number | null;
}

export interface StatusSnapshot {
  targetKey: string;
  at: number;
  status: TargetStatus;
}

const DAY = 86_400_000;

/**
 * Rollout progress over time for the chart: per day, how many targets were planned, rolling out (rolled out, no
 * verdict yet or no evidence), verified and violated — from the rollout dates and the stored evaluation snapshots.
 * At most `maxPoints` points (the step grows with the span). Pure.
 */
export function rolloutSeries(
  targets: readonly RolloutTarget[],
  snapshots: readonly StatusSnapshot[],
  now: number,
  maxPoints = 60,
): RolloutPoint[] {
  if (!targets.length) return [];
  const dates = [...targets.map((t) => t.rolloutAt).filter((t): t is number => t !== null), ...snapshots.map((s) => s.at)];
  const first = Math.min(now, ...dates);
  const start = Math.floor(first / DAY) * DAY - DAY;
  const end = Math.floor(now / DAY) * DAY;
  const days = Math.max(1, Math.round((end - start) / DAY) + 1);
  const step = Math.max(1, Math.ceil(days / maxPoints));
  const byTarget = new Map<string, StatusSnapshot[]>();
  for (const s of [...snapshots].sort((a, b) => a.at - b.at)) {
    const list = byTarget.get(s.targetKey) ?? [];
    list.push(s);
    byTarget.set(s.targetKey, list);
  }
  const out: RolloutPoint[] = [];
  for (let d = start; d <= end; d += step * DAY) {
    const dayEnd = Math.min(d + DAY - 1, now);
    const p: RolloutPoint = { date: new Date(d).toISOString().slice(0, 10), planned: 0, rollingOut: 0, verified: 0, violated: 0 };
    for (const t of targets) {
      if (t.rolloutAt === null || t.rolloutAt > dayEnd) {
        p.planned++;
        continue;
      }
      const last = (byTarget.get(t.key) ?? []).filter((s) => s.at <= dayEnd).at(-1);
      if (last?.status === "verified") p.verified++;
      else if (last?.status === "violated") p.violated++;
      else p.rollingOut++;
    }
    out.push(p);
  }
  return out;
}
