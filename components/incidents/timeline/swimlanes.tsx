"use client";

import { type PointerEvent as ReactPointerEvent, useRef, useState } from "react";
import { KIND_FILL, LANE_FILL, RISK_FILL, TOKEN } from "@/components/tokens";
import { formatCount, formatUtc } from "@/lib/format";
import { formatBucketWidth } from "@/lib/timeline/density";
import { type TimelineLayout, timeToX, xToTime } from "@/lib/timeline/layout";
import { LANE_LABEL, type LaneKey } from "@/lib/timeline/types";
import type { PhaseMarker, TimelineEntry } from "@/lib/timeline/view-model";
import styles from "./timeline.module.css";

/** Time-axis labels (0–14 px), then the phase flags (18–28 px), then the lanes. */
export const AXIS_H = 32;
const PHASE_Y = 19;

type Tip =
  | { x: number; y: number; id: string }
  | { x: number; y: number; bucket: { lane: string; t: number; end: number; count: number; destructive: number } };

export interface SwimlanesProps {
  layout: TimelineLayout;
  index: ReadonlyMap<string, TimelineEntry>;
  /** ids to highlight (hovered item and what it is linked to) */
  hot: ReadonlySet<string>;
  onHover: (id: string | null) => void;
  phases: PhaseMarker[];
  /** the outage: trigger → recovery (or the range's end while open) */
  incident: { from: number; to: number | null };
  onZoom: (r: { from: number; to: number }) => void;
  onOpenEvent: (eventId: string) => void;
  onOpenAction: (entry: TimelineEntry & { lane: "agent" }) => void;
  gutter: number;
}

function itemFill(e: TimelineEntry | undefined): { fill: string; stroke?: string; hollow?: boolean } {
  if (!e) return { fill: RISK_FILL.read };
  if (e.lane === "agent") {
    const a = e.item;
    if (a.kind !== "tool_call") return { fill: KIND_FILL[a.kind] ?? KIND_FILL.message };
    const fill = RISK_FILL[a.risk ?? "read"] ?? RISK_FILL.read;
    return a.approval === "none" && (a.risk === "destructive" || a.risk === "privilege") ? { fill, stroke: TOKEN.noApproval } : { fill };
  }
  const ev = e.item;
  const fill = RISK_FILL[ev.risk] ?? RISK_FILL.read;
  return ev.errorCode ? { fill: TOKEN.panel, stroke: fill, hollow: true } : { fill };
}

/** The swimlanes: one SVG on the layout's time axis, lane labels in the gutter, an HTML tooltip. */
export function Swimlanes(p: SwimlanesProps) {
  const { layout } = p;
  const w = layout.width;
  const h = AXIS_H + layout.height;
  const [tip, setTip] = useState<Tip | null>(null);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const anyHot = p.hot.size > 0;
  const x = (t: number) => timeToX(t, layout.window, w);
  const localX = (e: ReactPointerEvent) => {
    const r = svgRef.current?.getBoundingClientRect();
    return r ? Math.min(w, Math.max(0, e.clientX - r.left)) : 0;
  };
  const incTo = p.incident.to ?? layout.window.to;

  return (
    <div className={styles.frame}>
      <div className={styles.gutter} style={{ height: h }}>
        <div className={`${styles.laneLabel} ${styles.axisLabel}`} style={{ top: 0, height: AXIS_H }}>
          Time (UTC) →
        </div>
        {layout.lanes.map((lane) => (
          <div key={lane.id} className={styles.laneLabel} style={{ top: AXIS_H + lane.top, height: lane.height }}>
            {LANE_LABEL[lane.id as LaneKey] ?? lane.id} <span className={styles.laneCount}>{formatCount(lane.total)}</span>
            {lane.mode === "buckets" ? (
              <small title="Too many to draw one by one: bar height = count per time slot (click a bar to expand it)">
                y: calls / {lane.buckets[0] ? formatBucketWidth(lane.buckets[0].end - lane.buckets[0].t) : "slot"}, max{" "}
                {formatCount(lane.maxCount)}
              </small>
            ) : null}
          </div>
        ))}
      </div>
      <div
        className={styles.plot}
        onPointerLeave={() => {
          setTip(null);
          p.onHover(null);
        }}
      >
        <svg
          ref={svgRef}
          width={w}
          height={h}
          aria-label="Incident timeline swimlanes"
          data-testid="swimlanes"
          onPointerDown={(e) => {
            if ((e.target as Element).closest("[data-item],[data-bucket]")) return;
            const x0 = localX(e);
            setDrag({ x0, x1: x0 });
            (e.currentTarget as Element).setPointerCapture(e.pointerId);
          }}
          onPointerMove={(e) => drag && setDrag({ ...drag, x1: localX(e) })}
          onPointerUp={() => {
            if (drag && Math.abs(drag.x1 - drag.x0) > 6) {
              const a = Math.min(drag.x0, drag.x1);
              const b = Math.max(drag.x0, drag.x1);
              p.onZoom({ from: Math.round(xToTime(a, layout.window, w)), to: Math.round(xToTime(b, layout.window, w)) });
            }
            setDrag(null);
          }}
        >
          {/* the outage window */}
          {incTo > layout.window.from && p.incident.from < layout.window.to ? (
            <rect
              x={Math.max(0, x(p.incident.from))}
              y={0}
              width={Math.max(1, Math.min(w, x(incTo)) - Math.max(0, x(p.incident.from)))}
              height={h}
              fill={TOKEN.outage}
              opacity={0.55}
            />
          ) : null}
          {/* lane backgrounds and separators */}
          {layout.lanes.map((lane, i) => (
            <g key={lane.id}>
              {i % 2 === 1 ? <rect x={0} y={AXIS_H + lane.top} width={w} height={lane.height} fill={TOKEN.stripe} opacity={0.6} /> : null}
              <line
                x1={0}
                x2={w}
                y1={AXIS_H + lane.top + lane.height - 0.5}
                y2={AXIS_H + lane.top + lane.height - 0.5}
                stroke={TOKEN.grid}
              />
            </g>
          ))}
          {/* time axis */}
          <g fontSize={10.5} fill={TOKEN.axis}>
            <line x1={0} x2={w} y1={AXIS_H - 0.5} y2={AXIS_H - 0.5} stroke={TOKEN.axisLine} />
            {layout.ticks.map((t) => (
              <g key={t.t}>
                <line x1={t.x} x2={t.x} y1={14} y2={h} stroke={TOKEN.grid} />
                <text x={t.x + 3} y={12}>
                  {t.label}
                </text>
              </g>
            ))}
          </g>
          {/* buckets */}
          {layout.lanes.map((lane) =>
            lane.buckets.map((b) => {
              const inner = lane.height - 8;
              const bh = Math.max(2, inner * b.intensity);
              const dh = b.count ? (bh * b.destructive) / b.count : 0;
              const y0 = AXIS_H + lane.top + lane.height - 4;
              return (
                // biome-ignore lint/a11y/useSemanticElements: an SVG group has no <button>; Enter and click both expand it
                <g
                  key={`${lane.id}:${b.t}`}
                  data-bucket={lane.id}
                  className={styles.bucket}
                  role="button"
                  tabIndex={0}
                  aria-label={`${formatCount(b.count)} ${LANE_LABEL[lane.id as LaneKey] ?? lane.id} from ${formatUtc(b.t, false)}: expand`}
                  onPointerEnter={() => setTip({ x: b.x, y: AXIS_H + lane.top, bucket: { lane: lane.id, ...b } })}
                  onPointerLeave={() => setTip(null)}
                  onClick={() => p.onZoom(expandRange(b, layout.window))}
                  onKeyDown={(k) => {
                    if (k.key === "Enter") p.onZoom(expandRange(b, layout.window));
                  }}
                >
                  <rect
                    x={b.x + 0.5}
                    y={y0 - bh}
                    width={Math.max(1, b.w - 1)}
                    height={bh}
                    fill={lane.id === "agent" ? KIND_FILL.prompt : (LANE_FILL[lane.id as keyof typeof LANE_FILL] ?? LANE_FILL.other)}
                  />
                  {dh > 0 ? (
                    <rect x={b.x + 0.5} y={y0 - bh} width={Math.max(1, b.w - 1)} height={Math.max(1, dh)} fill={RISK_FILL.destructive} />
                  ) : null}
                </g>
              );
            }),
          )}
          {/* links: tool call → the API calls it caused */}
          <g fill="none">
            {layout.links.map((l) => {
              const on = p.hot.has(l.from) && p.hot.has(l.to);
              const my = (l.y1 + l.y2) / 2 + AXIS_H;
              return (
                <path
                  key={`${l.from}>${l.to}`}
                  d={`M${l.x1},${l.y1 + AXIS_H} C${l.x1},${my} ${l.x2},${my} ${l.x2},${l.y2 + AXIS_H}`}
                  stroke={on ? TOKEN.accent : RISK_FILL.destructive}
                  strokeWidth={on ? 1.6 : 0.8}
                  opacity={anyHot ? (on ? 0.95 : 0.08) : 0.35}
                  data-testid="timeline-link"
                />
              );
            })}
          </g>
          {/* phase markers */}
          {p.phases.map((ph) =>
            ph.at >= layout.window.from && ph.at <= layout.window.to ? (
              <g key={ph.phase}>
                <line
                  x1={x(ph.at)}
                  x2={x(ph.at)}
                  y1={PHASE_Y}
                  y2={h}
                  stroke={ph.color}
                  strokeWidth={1.5}
                  strokeDasharray={ph.edited ? "4 2" : undefined}
                />
                <rect x={x(ph.at) - 1} y={PHASE_Y} width={9} height={9} fill={ph.color} className={styles.phaseFlag}>
                  <title>{`${ph.label}${ph.edited ? " (edited)" : ""} · ${formatUtc(ph.at)} UTC`}</title>
                </rect>
              </g>
            ) : null,
          )}
          {/* items */}
          {layout.lanes.map((lane) =>
            lane.items.map((it) => {
              const e = p.index.get(it.id);
              const f = itemFill(e);
              const on = p.hot.has(it.id);
              const ih = 10;
              return (
                // biome-ignore lint/a11y/useSemanticElements: an SVG <rect> cannot be an HTML <button>; role, tabIndex and Enter handling make it one
                <rect
                  key={it.id}
                  data-item={it.id}
                  data-testid={lane.id === "agent" ? "timeline-action" : "timeline-event"}
                  x={it.x}
                  y={AXIS_H + it.y - ih / 2}
                  width={it.w}
                  height={ih}
                  rx={lane.id === "agent" ? 2 : 5}
                  fill={f.fill}
                  stroke={on ? TOKEN.accent : f.stroke}
                  strokeWidth={on ? 2 : f.stroke ? 1.4 : 0}
                  opacity={anyHot && !on ? 0.35 : 1}
                  className={styles.item}
                  tabIndex={0}
                  role="button"
                  aria-label={
                    e ? (e.lane === "agent" ? `step ${e.item.seq}: ${e.item.label}` : `${e.item.name} at ${formatUtc(e.item.at)}`) : it.id
                  }
                  onFocus={() => {
                    p.onHover(it.id);
                    setTip({ x: it.tx, y: AXIS_H + it.y, id: it.id });
                  }}
                  onBlur={() => {
                    p.onHover(null);
                    setTip(null);
                  }}
                  onKeyDown={(k) => {
                    if (k.key !== "Enter" || !e) return;
                    if (e.lane === "agent") p.onOpenAction(e);
                    else p.onOpenEvent(e.item.id);
                  }}
                  onPointerEnter={() => {
                    p.onHover(it.id);
                    setTip({ x: it.tx, y: AXIS_H + it.y, id: it.id });
                  }}
                  onPointerLeave={() => {
                    p.onHover(null);
                    setTip(null);
                  }}
                  onClick={() => {
                    if (!e) return;
                    if (e.lane === "agent") p.onOpenAction(e);
                    else p.onOpenEvent(e.item.id);
                  }}
                />
              );
            }),
          )}
          {drag && Math.abs(drag.x1 - drag.x0) > 2 ? (
            <rect
              x={Math.min(drag.x0, drag.x1)}
              y={0}
              width={Math.abs(drag.x1 - drag.x0)}
              height={h}
              fill={TOKEN.cursor}
              stroke={TOKEN.accent}
              strokeDasharray="3 2"
            />
          ) : null}
        </svg>
        {tip ? <TipBox tip={tip} index={p.index} width={w} /> : null}
      </div>
    </div>
  );
}

/** A bucket's range widened to at least 1/40 of the window (so a click on a narrow bar shows its items). */
function expandRange(b: { t: number; end: number }, win: { from: number; to: number }): { from: number; to: number } {
  const min = Math.max(60_000, (win.to - win.from) / 40);
  const mid = (b.t + b.end) / 2;
  const half = Math.max(min, b.end - b.t) / 2;
  return { from: Math.round(mid - half), to: Math.round(mid + half) };
}

function TipBox({ tip, index, width }: { tip: Tip; index: ReadonlyMap<string, TimelineEntry>; width: number }) {
  // links run to the right of a tool call (its effects come after it): keep the tip on the left when there is room
  const left = tip.x > 360 ? Math.max(0, tip.x - 350) : Math.min(tip.x + 12, Math.max(0, width - 340));
  const style = { left, top: tip.y + 12 };
  if ("bucket" in tip) {
    const b = tip.bucket;
    return (
      <div className={styles.tip} style={style}>
        <div className="mono">
          {formatUtc(b.t, false)} – {formatUtc(b.end, false).slice(11)}
        </div>
        <div>
          <b>{formatCount(b.count)}</b> {LANE_LABEL[b.lane as LaneKey] ?? b.lane}
          {b.destructive ? (
            <>
              , <b className="text-destructive">{formatCount(b.destructive)}</b> destructive
            </>
          ) : null}
        </div>
        <div className="faint">Click the bar to expand it; drag across the lanes to zoom</div>
      </div>
    );
  }
  const e = index.get(tip.id);
  if (!e) return null;
  if (e.lane === "agent") {
    const a = e.item;
    return (
      <div className={styles.tip} style={style}>
        <div className="faint">
          step #{a.seq} · {a.kind.replace("_", " ")}
          {a.tool ? ` · ${a.tool}` : ""} · {formatUtc(a.at, false)} UTC
        </div>
        <div className={styles.tipTitle}>{a.label}</div>
        {a.kind === "tool_call" ? (
          <div>
            {a.risk ? <b className={`text-risk-${a.risk}`}>{a.risk}</b> : null}
            {a.approval === "none" && (a.risk === "destructive" || a.risk === "privilege" || a.risk === "write") ? (
              <b className="text-destructive"> · no approval recorded</b>
            ) : a.approval && a.approval !== "none" ? (
              ` · ${a.approval}`
            ) : null}
            {a.links.length ? ` · caused ${a.links.length} API call${a.links.length === 1 ? "" : "s"}` : ""}
          </div>
        ) : null}
        <div className="faint">Click to open the step in the session</div>
      </div>
    );
  }
  const ev = e.item;
  return (
    <div className={styles.tip} style={style}>
      <div className="faint">
        {formatUtc(ev.at)} UTC · {ev.source.replace(/\.amazonaws\.com$/, "")}
      </div>
      <div className={styles.tipTitle}>
        {ev.name}
        {ev.errorCode ? <span className="text-destructive"> · {ev.errorCode}</span> : null}
      </div>
      <div className={`mono ${styles.tipWho}`}>{ev.humanName ?? ev.principal ?? "unknown principal"}</div>
      <div>
        <b className={`text-risk-${ev.risk}`}>{ev.risk}</b>
        {e.lane === "linked" ? (ev.actionId ? " · caused by a tool call" : " · linked to the session") : null}
      </div>
      <div className="faint">Click for the full record</div>
    </div>
  );
}
