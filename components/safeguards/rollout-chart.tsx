"use client";

import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { RolloutPoint } from "@/lib/safeguards/rollout";

const SERIES = [
  { key: "verified", label: "verified", color: "var(--ok)" },
  { key: "violated", label: "violated", color: "var(--risk-destructive)" },
  { key: "rollingOut", label: "rolling out / no evidence", color: "var(--risk-write)" },
  { key: "planned", label: "planned", color: "var(--faint)" },
] as const;

/** Targets by state per day (stacked): rollout progress over time. */
export function RolloutChart({ points }: { points: RolloutPoint[] }) {
  if (!points.length) return <div className="empty">No targets yet.</div>;
  return (
    <>
      <div className="density" style={{ height: 160 }} data-testid="rollout-chart">
        <AreaChart responsive style={{ width: "100%", height: "100%" }} data={points} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="date"
            tickFormatter={(d: string) => d.slice(5)}
            tick={{ fontSize: 11, fill: "var(--muted)" }}
            tickLine={false}
            axisLine={{ stroke: "var(--border-strong)" }}
            minTickGap={30}
          />
          <YAxis width={28} allowDecimals={false} tick={{ fontSize: 11, fill: "var(--muted)" }} tickLine={false} axisLine={false} />
          <Tooltip
            isAnimationActive={false}
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", fontSize: 12 }}
          />
          {SERIES.map((s) => (
            <Area
              key={s.key}
              type="stepAfter"
              dataKey={s.key}
              name={s.label}
              stackId="t"
              stroke={s.color}
              fill={s.color}
              fillOpacity={0.35}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </div>
      <span className="legend" aria-hidden="true" style={{ padding: "0 12px 8px", display: "flex", flexWrap: "wrap", gap: 10 }}>
        {SERIES.map((s) => (
          <span key={s.key}>
            <i style={{ background: s.color }} />
            {s.label}
          </span>
        ))}
      </span>
    </>
  );
}
