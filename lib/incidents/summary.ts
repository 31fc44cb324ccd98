/**
 * The incidents summary chart: incidents per period and their time to recovery. Pure: the DB returns one row per
 * UTC day that has incidents; this groups days into at most `maxBars` equal periods (1 day, 1 week, 30 days…).
 */

const DAY = 86_400_000;
const PERIOD_DAYS = [1, 2, 7, 14, 30, 91, 365];

export interface IncidentDayRow {
  /** days since the epoch (UTC) */
  day: number;
  count: number;
  /** incidents with a recovery (duration known) */
  recovered: number;
  /** sum of the known durations, minutes */
  minutes: number;
  /** longest known duration, minutes */
  maxMinutes: number | null;
}

export interface IncidentSummaryPoint {
  /** period start / end, epoch ms */
  t: number;
  end: number;
  count: number;
  recovered: number;
  /** mean time to recovery over the recovered incidents of the period, hours (null: none recovered) */
  avgRecoveryH: number | null;
  maxRecoveryH: number | null;
}

export interface IncidentSummary {
  periodDays: number;
  points: IncidentSummaryPoint[];
  total: number;
  recovered: number;
  avgRecoveryH: number | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function summarizeIncidentDays(rows: readonly IncidentDayRow[], maxBars = 60): IncidentSummary {
  const total = rows.reduce((n, r) => n + r.count, 0);
  const recovered = rows.reduce((n, r) => n + r.recovered, 0);
  const minutes = rows.reduce((n, r) => n + r.minutes, 0);
  const avgRecoveryH = recovered ? round1(minutes / recovered / 60) : null;
  if (rows.length === 0) return { periodDays: 1, points: [], total, recovered, avgRecoveryH };
  const first = Math.min(...rows.map((r) => r.day));
  const last = Math.max(...rows.map((r) => r.day));
  // at least a week of axis so a single incident does not fill the chart
  const spanDays = Math.max(7, last - first + 1);
  const periodDays = PERIOD_DAYS.find((p) => Math.ceil(spanDays / p) <= maxBars) ?? Math.ceil(spanDays / maxBars);
  const start = Math.floor(first / periodDays) * periodDays;
  const count = Math.max(1, Math.ceil((Math.max(last, first + spanDays - 1) + 1 - start) / periodDays));
  const acc = Array.from({ length: count }, (_, i) => ({
    t: (start + i * periodDays) * DAY,
    end: (start + (i + 1) * periodDays) * DAY,
    count: 0,
    recovered: 0,
    minutes: 0,
    max: null as number | null,
  }));
  for (const r of rows) {
    const slot = acc[Math.floor((r.day - start) / periodDays)];
    if (!slot) continue;
    slot.count += r.count;
    slot.recovered += r.recovered;
    slot.minutes += r.minutes;
    if (r.maxMinutes !== null) slot.max = Math.max(slot.max ?? 0, r.maxMinutes);
  }
  return {
    periodDays,
    total,
    recovered,
    avgRecoveryH,
    points: acc.map((a) => ({
      t: a.t,
      end: a.end,
      count: a.count,
      recovered: a.recovered,
      avgRecoveryH: a.recovered ? round1(a.minutes / a.recovered / 60) : null,
      maxRecoveryH: a.max === null ? null : round1(a.max / 60),
    })),
  };
}
