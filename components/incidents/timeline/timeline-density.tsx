"use client";

import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, ReferenceArea, ReferenceLine, Tooltip, type TooltipContentProps, XAxis, YAxis } from "recharts";
import { LANE_FILL, TOKEN } from "@/components/tokens";
import { formatCount, formatUtc } from "@/lib/format";
import type { DensityRow } from "@/lib/timeline/types";
import type { PhaseMarker } from "@/lib/timeline/view-model";
import styles from "./timeline.module.css";

type Point = DensityRow & { mid: number };

function Tip({ active, payload }: Partial<TooltipContentProps>) {
  const p = active && payload?.[0]?.payload ? (payload[0].payload as Point) : null;
  if (!p) return null;
  const total = p.linked + p.team + p.human + p.other;
  return (
    <div className="chart-tip">
      <div className="mono">
        {formatUtc(p.t, false)} – {formatUtc(p.end, false).slice(11)}
      </div>
      <div>
        <b>{formatCount(total)}</b> {total === 1 ? "call" : "calls"}
        {p.destructive ? (
          <>
            , <b className="text-destructive">{formatCount(p.destructive)}</b> destructive
          </>
        ) : null}
      </div>
      <div className="faint">
        agent-linked {formatCount(p.linked)} · people on the incident {formatCount(p.team)} · other people {formatCount(p.human)} · other{" "}
        {formatCount(p.other)}
      </div>
    </div>
  );
}

/**
 * API calls per bucket over the same axis as the swimlanes (plot area = the swimlanes' width: the y axis is drawn
 * inside the plot, its scale named in the gutter), the outage shaded and the phases marked.
 */
export function TimelineDensity({
  rows,
  from,
  to,
  width,
  phases,
  incident,
}: {
  rows: DensityRow[];
  from: number;
  to: number;
  width: number;
  phases: PhaseMarker[];
  incident: { from: number; to: number | null };
}) {
  const data = useMemo<Point[]>(() => rows.map((r) => ({ ...r, mid: (r.t + r.end) / 2 })), [rows]);
  const barSize = rows.length ? Math.max(1, width / Math.max(1, (to - from) / (rows[0].end - rows[0].t)) - 1) : 1;
  const incTo = Math.min(to, incident.to ?? to);
  return (
    <div className={styles.density} data-testid="timeline-density">
      <BarChart width={width} height={110} data={data} margin={{ top: 8, right: 0, bottom: 0, left: 0 }} barCategoryGap={0} barGap={0}>
        <CartesianGrid vertical={false} stroke={TOKEN.grid} />
        <XAxis dataKey="mid" type="number" domain={[from, to]} allowDataOverflow hide />
        <YAxis
          mirror
          width={0}
          allowDecimals={false}
          tick={{ fontSize: 10.5, fill: TOKEN.axis }}
          tickLine={false}
          axisLine={{ stroke: TOKEN.axisLine }}
          tickFormatter={(v: number) => (v ? formatCount(v) : "0")}
        />
        {incident.from < to && incTo > from ? (
          <ReferenceArea x1={Math.max(from, incident.from)} x2={incTo} fill={TOKEN.outage} fillOpacity={0.7} ifOverflow="hidden" />
        ) : null}
        <Tooltip content={Tip} cursor={{ fill: TOKEN.cursor }} isAnimationActive={false} />
        <Bar dataKey="linked" stackId="n" fill={LANE_FILL.linked} isAnimationActive={false} barSize={barSize} />
        <Bar dataKey="team" stackId="n" fill={LANE_FILL.team} isAnimationActive={false} barSize={barSize} />
        <Bar dataKey="human" stackId="n" fill={LANE_FILL.human} isAnimationActive={false} barSize={barSize} />
        <Bar dataKey="other" stackId="n" fill={LANE_FILL.other} isAnimationActive={false} barSize={barSize} />
        {phases
          .filter((p) => p.at >= from && p.at <= to)
          .map((p) => (
            <ReferenceLine
              key={p.phase}
              x={p.at}
              stroke={p.color}
              strokeWidth={1.5}
              strokeDasharray={p.edited ? "4 2" : undefined}
              ifOverflow="hidden"
            />
          ))}
      </BarChart>
    </div>
  );
}
