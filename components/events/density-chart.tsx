"use client";

import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, Tooltip, type TooltipContentProps, XAxis, YAxis } from "recharts";
import { RISK_FILL, TOKEN } from "@/components/tokens";
import type { EventUrlState } from "@/lib/events/filters";
import { eventsHref } from "@/lib/events/url";
import { formatCount, formatUtc } from "@/lib/format";
import { type DensityPoint, densityTicks, tickLabel } from "@/lib/timeline/density";

const OTHER = "var(--fill-plan)";
const DESTRUCTIVE = RISK_FILL.destructive;

function Tip({ active, payload }: Partial<TooltipContentProps>) {
  const p = active && payload?.[0]?.payload ? (payload[0].payload as DensityPoint) : null;
  if (!p) return null;
  return (
    <div className="chart-tip">
      <div className="mono">
        {formatUtc(p.t, false)} – {formatUtc(p.end, false).slice(11)}
      </div>
      <div>
        <b>{formatCount(p.total)}</b> events
        {p.destructive ? (
          <>
            , <b className="text-destructive">{formatCount(p.destructive)}</b> destructive
          </>
        ) : null}
      </div>
      {p.total > 0 ? <div className="faint">Click to zoom in</div> : null}
    </div>
  );
}

/**
 * Events over time for the current filter: stacked bars, destructive calls in red on top of the rest. Clicking a
 * bar narrows the time range to that bucket (through the URL, like every other filter).
 */
export function DensityChart({ series, bucketMs, state }: { series: DensityPoint[]; bucketMs: number; state: EventUrlState }) {
  const router = useRouter();
  const span = series.length ? series[series.length - 1].end - series[0].t : 0;
  const ticks = useMemo(() => densityTicks(series, bucketMs), [series, bucketMs]);
  return (
    <div className="density" data-testid="density-chart">
      <BarChart
        responsive
        className="chart-fill"
        data={series}
        barCategoryGap={series.length > 200 ? 0 : 1}
        margin={{ top: 4, right: 4, bottom: 0, left: 0 }}
        onClick={(e) => {
          const i = typeof e?.activeTooltipIndex === "number" ? e.activeTooltipIndex : Number(e?.activeTooltipIndex);
          const p = Number.isInteger(i) ? series[i] : undefined;
          if (!p || p.total === 0) return;
          router.push(eventsHref(state, { from: new Date(p.t).toISOString(), to: new Date(p.end).toISOString() }), { scroll: false });
        }}
      >
        <CartesianGrid vertical={false} stroke={TOKEN.grid} />
        <XAxis
          dataKey="t"
          ticks={ticks}
          interval={0}
          tickFormatter={(t: number) => tickLabel(t, span)}
          tick={{ fontSize: 11, fill: TOKEN.axis }}
          tickLine={false}
          axisLine={{ stroke: TOKEN.axisLine }}
          minTickGap={48}
        />
        <YAxis width={44} allowDecimals={false} tick={{ fontSize: 11, fill: TOKEN.axis }} tickLine={false} axisLine={false} />
        <Tooltip content={Tip} cursor={{ fill: TOKEN.cursor }} isAnimationActive={false} />
        <Bar dataKey="other" stackId="n" fill={OTHER} isAnimationActive={false} name="events" />
        <Bar dataKey="destructive" stackId="n" fill={DESTRUCTIVE} isAnimationActive={false} name="destructive" />
      </BarChart>
    </div>
  );
}

export function DensityLegend() {
  return (
    <span className="legend" aria-hidden="true">
      <span>
        <i className="sw-plan" />
        other calls
      </span>
      <span>
        <i className="sw-destructive" />
        destructive
      </span>
    </span>
  );
}
