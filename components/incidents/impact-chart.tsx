"use client";

import { Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, type TooltipContentProps, XAxis, YAxis } from "recharts";
import { RISK_FILL, TOKEN } from "@/components/tokens";
import { formatCount, formatUtc } from "@/lib/format";
import type { ImpactBucket } from "@/lib/incidents/impact";

type Point = ImpactBucket & { pct: number };

function Tip({ active, payload }: Partial<TooltipContentProps>) {
  const p = active && payload?.[0]?.payload ? (payload[0].payload as Point) : null;
  if (!p) return null;
  return (
    <div className="chart-tip">
      <div className="mono">
        {formatUtc(p.t, false)} – {formatUtc(p.end, false).slice(11)}
      </div>
      <div>
        <b className="text-destructive">{formatCount(p.failed)}</b> failed of {formatCount(p.calls)} customer-facing{" "}
        {p.calls === 1 ? "call" : "calls"} ({p.pct.toFixed(0)} %)
      </div>
    </div>
  );
}

/** Failed customer-facing calls per bar (left axis) and the error rate (right axis, %) against the baseline rate. */
export function ImpactChart({ series, baselinePct }: { series: ImpactBucket[]; baselinePct: number }) {
  const data: Point[] = series.map((b) => ({ ...b, pct: b.rate * 100 }));
  return (
    <div className="chart-box" data-testid="impact-chart">
      <ComposedChart responsive className="chart-fill" data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={TOKEN.grid} />
        <XAxis
          dataKey="t"
          type="number"
          domain={["dataMin", "dataMax"]}
          tickFormatter={(t: number) => formatUtc(t, false).slice(11, 16)}
          tick={{ fontSize: 11, fill: TOKEN.axis }}
          tickLine={false}
          axisLine={{ stroke: TOKEN.axisLine }}
          label={{ value: "time (UTC)", position: "insideBottomRight", offset: -2, fontSize: 10.5, fill: TOKEN.axis }}
          height={30}
        />
        <YAxis
          yAxisId="n"
          width={44}
          allowDecimals={false}
          tick={{ fontSize: 11, fill: TOKEN.axis }}
          tickLine={false}
          axisLine={false}
          label={{ value: "failed calls", angle: -90, position: "insideLeft", fontSize: 10.5, fill: TOKEN.axis, dy: 30 }}
        />
        <YAxis
          yAxisId="pct"
          orientation="right"
          width={58}
          domain={[0, 100]}
          tickFormatter={(v: number) => `${v}%`}
          tick={{ fontSize: 11, fill: TOKEN.axis }}
          tickLine={false}
          axisLine={false}
          label={{ value: "error rate", angle: 90, position: "insideRight", fontSize: 10.5, fill: TOKEN.axis }}
        />
        <Tooltip content={Tip} cursor={{ fill: TOKEN.cursor }} isAnimationActive={false} />
        <Bar yAxisId="n" dataKey="failed" fill={RISK_FILL.destructive} isAnimationActive={false} />
        <Line yAxisId="pct" dataKey="pct" stroke={TOKEN.accent} dot={false} strokeWidth={1.6} isAnimationActive={false} />
        <ReferenceLine yAxisId="pct" y={baselinePct} stroke={TOKEN.axis} strokeDasharray="4 3" ifOverflow="extendDomain" />
      </ComposedChart>
    </div>
  );
}
