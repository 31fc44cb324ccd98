"use client";

import { type PointerEvent as ReactPointerEvent, useRef, useState } from "react";
import { formatCount, formatUtc } from "@/lib/format";
import { type TimelineLayout, timeToX, xToTime } from "@/lib/timeline/layout";
import { LANE_LABEL, type LaneKey } from "@/lib/timeline/types";
import type { PhaseMarker, TimelineEntry } from "@/lib/timeline/view-model";
import styles from "./timeline.module.css";

export const AXIS_H = 22;
const RISK_FILL: Record<string, string> = { read: "#8a96a8", write: "#c98a12", privilege: "#6b46c1", destructive: "#c8321f" };
const KIND_FILL: Record<string, string> = { prompt: "#1d5bbf", plan: "#7b93b8", message: "#a3b0c2", error: "#c98a12", system: "#c4c9d1" };

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
  if (!e) return { fill: "#8a96a8" };
  if (e.lane === "agent") {
    const a = e.item;
    if (a.kind !== "tool_call") return { fill: KIND_FILL[a.kind] ?? "#a3b0c2" };
    const fill = RISK_FILL[a.risk ?? "read"] ?? "#8a96a8";
    return a.approval === "none" && (a.risk === "destructive" || a.risk === "privilege") ? { fill, stroke: "#5c0f08" } : { fill };
  }
  const ev = e.item;
  const fill = RISK_FILL[ev.risk] ?? "#8a96a8";
  return ev.errorCode ? { fill: "#fff", stroke: fill, hollow: true } : { fill };
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
    <div className={styles.frame} style={{ ["--gutter" as string]: `${p.gutter}px` }}>
      <div className={styles.gutter} style={{ height: h }}>
        {layout.lanes.map((lane) => (
          <div key={lane.id} className={styles.laneLabel} style={{ top: AXIS_H + lane.top, height: lane.height }}>
            {LANE_LABEL[lane.id as LaneKey] ?? lane.id} <span className={styles.laneCount}>{formatCount(lane.total)}</span>
            {lane.mode === "buckets" && lane.height >= 46 ? <small>counts per bar</small> : null}
          </div>
        ))}
      </div>
      <div className={styles.plot} onPointerLeave={() => (setTip(null), p.onHover(null))}>
        <svg
          ref={svgRef}
          width={w}
          height={h}
          role="img"
          aria-label="Incident timeline swimlanes"
          data-testid="swimlanes"
          onPointerDown={(e) => {
            if ((e.target as Element).closest("[data-item]")) return;
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
              fill="#fdecea"
              opacity={0.55}
            />
          ) : null}
          {/* lane backgrounds and separators */}
          {layout.lanes.map((lane, i) => (
            <g key={lane.id}>
              {i % 2 === 1 ? <rect x={0} y={AXIS_H + lane.top} width={w} height={lane.height} fill="#f7f8fa" opacity={0.6} /> : null}
              <line x1={0} x2={w} y1={AXIS_H + lane.top + lane.height - 0.5} y2={AXIS_H + lane.top + lane.height - 0.5} stroke="#e3e6ea" />
            </g>
          ))}
          {/* time axis */}
          <g fontSize={10.5} fill="#5a6270">
            {layout.ticks.map((t) => (
              <g key={t.t}>
                <line x1={t.x} x2={t.x} y1={AXIS_H - 4} y2={h} stroke="#eceef1" />
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
                <g
                  key={`${lane.id}:${b.t}`}
                  onPointerEnter={() => setTip({ x: b.x, y: AXIS_H + lane.top, bucket: { lane: lane.id, ...b } })}
                  onPointerLeave={() => setTip(null)}
                >
                  <rect
                    x={b.x + 0.5}
                    y={y0 - bh}
                    width={Math.max(1, b.w - 1)}
                    height={bh}
                    fill={lane.id === "linked" ? "#e0877b" : lane.id === "human" ? "#5fae8a" : "#9fb0c8"}
                  />
                  {dh > 0 ? <rect x={b.x + 0.5} y={y0 - bh} width={Math.max(1, b.w - 1)} height={Math.max(1, dh)} fill="#c8321f" /> : null}
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
                  stroke={on ? "#1d5bbf" : "#c8321f"}
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
                  y1={0}
                  y2={h}
                  stroke={ph.color}
                  strokeWidth={1.5}
                  strokeDasharray={ph.edited ? "4 2" : undefined}
                />
                <rect x={x(ph.at) - 1} y={0} width={8} height={8} fill={ph.color}>
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
                  stroke={on ? "#1d5bbf" : f.stroke}
                  strokeWidth={on ? 2 : f.stroke ? 1.4 : 0}
                  opacity={anyHot && !on ? 0.35 : 1}
                  style={{ cursor: "pointer" }}
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
              fill="rgba(29, 91, 191, 0.12)"
              stroke="#1d5bbf"
              strokeDasharray="3 2"
            />
          ) : null}
        </svg>
        {tip ? <TipBox tip={tip} index={p.index} width={w} /> : null}
      </div>
    </div>
  );
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
              , <b style={{ color: "#c8321f" }}>{formatCount(b.destructive)}</b> destructive
            </>
          ) : null}
        </div>
        <div className="faint">Drag across the lanes to zoom in</div>
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
            {a.risk ? <b style={{ color: RISK_FILL[a.risk] }}>{a.risk}</b> : null}
            {a.approval === "none" ? <b style={{ color: "#b42318" }}> · no approval recorded</b> : a.approval ? ` · ${a.approval}` : null}
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
        {ev.errorCode ? <span style={{ color: "#b42318" }}> · {ev.errorCode}</span> : null}
      </div>
      <div className="mono" style={{ fontSize: 11.5 }}>
        {ev.humanName ?? ev.principal ?? "unknown principal"}
      </div>
      <div>
        <b style={{ color: RISK_FILL[ev.risk] }}>{ev.risk}</b>
        {e.lane === "linked" ? (ev.actionId ? " · caused by a tool call" : " · linked to the session") : null}
      </div>
      <div className="faint">Click for the full record</div>
    </div>
  );
}
