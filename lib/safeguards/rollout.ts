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
  /** the target's judged evidence (verdict and when it happened) */
  evidence: readonly { verdict: "violation" | "ok" | "info"; at: number }[];
}

const DAY = 86_400_000;

/**
 * Rollout progress over time for the chart: per day, how many targets were planned, rolling out (rolled out, no
 * evidence yet), verified (evidence the safeguard held by then, no violation yet) and violated (a violation by then) —
 * from the rollout dates and the times of the judged evidence. At most `maxPoints` points (the step grows with the
 * span). Pure.
 */
export function rolloutSeries(targets: readonly RolloutTarget[], now: number, maxPoints = 60): RolloutPoint[] {
  if (!targets.length) return [];
  const dates = targets.map((t) => t.rolloutAt).filter((t): t is number => t !== null);
  const start = Math.floor(Math.min(now, ...dates) / DAY) * DAY - DAY;
  const end = Math.floor(now / DAY) * DAY;
  const days = Math.max(1, Math.round((end - start) / DAY) + 1);
  const step = Math.max(1, Math.ceil(days / maxPoints));
  const firstOf = (t: RolloutTarget, verdict: "violation" | "ok") => {
    let first = Number.POSITIVE_INFINITY;
    for (const e of t.evidence) if (e.verdict === verdict && t.rolloutAt !== null && e.at >= t.rolloutAt && e.at < first) first = e.at;
    return first;
  };
  const first = new Map(targets.map((t) => [t.key, { violation: firstOf(t, "violation"), ok: firstOf(t, "ok") }]));
  const out: RolloutPoint[] = [];
  for (let d = start; d <= end; d += step * DAY) {
    const dayEnd = Math.min(d + DAY - 1, now);
    const p: RolloutPoint = { date: new Date(d).toISOString().slice(0, 10), planned: 0, rollingOut: 0, verified: 0, violated: 0 };
    for (const t of targets) {
      if (t.rolloutAt === null || t.rolloutAt > dayEnd) {
        p.planned++;
        continue;
      }
      const f = first.get(t.key)!;
      if (f.violation <= dayEnd) p.violated++;
      else if (f.ok <= dayEnd) p.verified++;
      else p.rollingOut++;
    }
    out.push(p);
  }
  return out;
}
