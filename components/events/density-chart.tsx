"use client";

import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, Tooltip, type TooltipContentProps, XAxis, YAxis } from "recharts";
import type { EventUrlState } from "@/lib/events/filters";
import { eventsHref } from "@/lib/events/url";
import { formatCount, formatUtc } from "@/lib/format";
import { type DensityPoint, densityTicks, tickLabel } from "@/lib/timeline/density";

const OTHER = "#7b93b8";
const DESTRUCTIVE = "#c8321f";

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
            , <b style={{ color: DESTRUCTIVE }}>{formatCount(p.destructive)}</b> destructive
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
        style={{ width: "100%", height: "100%" }}
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
        <CartesianGrid vertical={false} stroke="#eceef1" />
        <XAxis
          dataKey="t"
          ticks={ticks}
          interval={0}
          tickFormatter={(t: number) => tickLabel(t, span)}
          tick={{ fontSize: 11, fill: "#5a6270" }}
          tickLine={false}
          axisLine={{ stroke: "#c4c9d1" }}
          minTickGap={48}
        />
        <YAxis width={44} allowDecimals={false} tick={{ fontSize: 11, fill: "#5a6270" }} tickLine={false} axisLine={false} />
        <Tooltip content={Tip} cursor={{ fill: "rgba(29, 91, 191, 0.08)" }} isAnimationActive={false} />
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
        <i style={{ background: OTHER }} />
        other calls
      </span>
      <span>
        <i style={{ background: DESTRUCTIVE }} />
        destructive
      </span>
    </span>
  );
}
