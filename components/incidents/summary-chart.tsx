"use client";

import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, type TooltipContentProps, XAxis, YAxis } from "recharts";
import { RISK_FILL, TOKEN } from "@/components/tokens";
import type { IncidentSummaryPoint } from "@/lib/incidents/summary";

const BAR = RISK_FILL.destructive;
const LINE = TOKEN.accent;

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

function Tip({ active, payload }: Partial<TooltipContentProps>) {
  const p = active && payload?.[0]?.payload ? (payload[0].payload as IncidentSummaryPoint) : null;
  if (!p) return null;
  return (
    <div className="chart-tip">
      <div className="mono">
        {day(p.t)}
        {p.end - p.t > 86_400_000 ? ` – ${day(p.end - 1)}` : ""}
      </div>
      <div>
        <b>{p.count}</b> {p.count === 1 ? "incident" : "incidents"}
      </div>
      {p.avgRecoveryH !== null ? (
        <div>
          time to recovery: <b className="text-accent">{p.avgRecoveryH} h</b> avg
          {p.maxRecoveryH !== null && p.recovered > 1 ? `, ${p.maxRecoveryH} h max` : ""}
        </div>
      ) : p.count ? (
        <div className="faint">not recovered yet</div>
      ) : null}
    </div>
  );
}

/** Incidents per period (bars) and their mean time to recovery in hours (line, right axis). */
export function IncidentSummaryChart({ points }: { points: IncidentSummaryPoint[] }) {
  const total = points.reduce((n, p) => n + p.count, 0);
  if (total <= 1) {
    // one bar on an empty axis says less than a sentence
    const p = points.find((x) => x.count > 0);
    return (
      <div className="density chart-box single-summary" data-testid="incident-summary-chart">
        {p ? (
          <p>
            One incident, on <b className="mono">{day(p.t)}</b>
            {p.avgRecoveryH !== null ? (
              <>
                , recovered in <b className="text-accent">{p.avgRecoveryH} h</b>
              </>
            ) : (
              ", not recovered yet"
            )}
            . The chart of incidents per day and time to recovery appears once there are more.
          </p>
        ) : (
          <p className="muted">No incidents in this period.</p>
        )}
      </div>
    );
  }
  return (
    <div className="density chart-box" data-testid="incident-summary-chart">
      <ComposedChart responsive className="chart-fill" data={points} margin={{ top: 6, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={TOKEN.grid} />
        <XAxis
          dataKey="t"
          tickFormatter={(t: number) => day(t).slice(5)}
          tick={{ fontSize: 11, fill: TOKEN.axis }}
          tickLine={false}
          axisLine={{ stroke: TOKEN.axisLine }}
          minTickGap={40}
        />
        <YAxis
          yAxisId="n"
          width={40}
          allowDecimals={false}
          tick={{ fontSize: 11, fill: TOKEN.axis }}
          tickLine={false}
          axisLine={false}
          label={{ value: "incidents", angle: -90, position: "insideLeft", fontSize: 10.5, fill: TOKEN.axis }}
        />
        <YAxis yAxisId="h" orientation="right" width={44} tick={{ fontSize: 11, fill: LINE }} tickLine={false} axisLine={false} unit=" h" />
        <Tooltip content={Tip} cursor={{ fill: TOKEN.cursor }} isAnimationActive={false} />
        <Bar yAxisId="n" dataKey="count" fill={BAR} isAnimationActive={false} maxBarSize={28} name="incidents" />
        <Line
          yAxisId="h"
          dataKey="avgRecoveryH"
          stroke={LINE}
          strokeWidth={2}
          dot={{ r: 3, fill: LINE }}
          connectNulls
          isAnimationActive={false}
          name="time to recovery (h)"
        />
      </ComposedChart>
    </div>
  );
}

export function IncidentSummaryLegend() {
  return (
    <span className="legend" aria-hidden="true">
      <span>
        <i className="sw-destructive" />
        incidents
      </span>
      <span>
        <i className="sw-accent sw-line" />
        mean time to recovery
      </span>
    </span>
  );
}
