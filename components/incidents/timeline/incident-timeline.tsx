"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useEventParam } from "@/components/events/use-event-param";
import { formatDuration, formatUtc } from "@/lib/format";
import { TimelineDataSchema } from "@/lib/timeline/api-schema";
import { formatBucketWidth } from "@/lib/timeline/density";
import { layoutTimeline } from "@/lib/timeline/layout";
import type { TimelineData } from "@/lib/timeline/types";
import { actionHref, indexItems, laneInputs, type PhaseMarker, panRange, relatedIds, zoomRange } from "@/lib/timeline/view-model";
import type { Range } from "@/lib/timeline/window";
import { IncidentEventList } from "./event-list";
import { Swimlanes } from "./swimlanes";
import styles from "./timeline.module.css";
import { TimelineDensity } from "./timeline-density";

/** Lane-label gutter width, px: must match `--gutter` in timeline.module.css (narrow screens get the small one). */
const GUTTER = 168;
const GUTTER_NARROW = 104;
const NARROW = "(max-width: 720px)";
const BUCKET_PX = 6;
const MAX_SPAN = 90 * 86_400_000;

export interface IncidentTimelineProps {
  incidentId: string;
  sessionId: string | null;
  initial: TimelineData;
  presets: { id: string; label: string; range: Range }[];
  phases: PhaseMarker[];
  incident: { from: number; to: number | null };
}

const LEGEND: [string, string][] = [
  ["sw-destructive", "destructive"],
  ["sw-write", "write"],
  ["sw-privilege", "privilege"],
  ["sw-read", "read"],
  ["sw-failed", "failed call"],
  ["sw-prompt", "prompt"],
  ["sw-linked", "agent-linked"],
  ["sw-team", "people on the incident"],
  ["sw-human", "other people"],
  ["sw-other", "other"],
];

/** Writes the zoom into the address (`from`/`to`) without a server round trip, keeping `?event=` and the rest. */
function writeRangeToUrl(r: Range) {
  const sp = new URLSearchParams(window.location.search);
  sp.set("from", new Date(r.from).toISOString());
  sp.set("to", new Date(r.to).toISOString());
  window.history.replaceState(window.history.state, "", `${window.location.pathname}?${sp}${window.location.hash}`);
}

/**
 * The incident on one time axis: swimlanes (agent actions, agent-linked calls, people, everything else) with each tool
 * call joined to the calls it caused, a density chart with the outage and phases, and the virtualized list of calls.
 * Zooming (drag, buttons, presets) fetches the range from /api/incidents/[id]/timeline.
 */
export function IncidentTimeline(p: IncidentTimelineProps) {
  const router = useRouter();
  const [, openEvent] = useEventParam();
  const [data, setData] = useState<TimelineData>(p.initial);
  const [range, setRange] = useState<Range>({ from: p.initial.from, to: p.initial.to });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [hover, setHover] = useState<string | null>(null);
  const [width, setWidth] = useState(0);
  const [gutter, setGutter] = useState(GUTTER);
  const wrapRef = useRef<HTMLDivElement>(null);
  const inflight = useRef<AbortController | null>(null);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    // ignore transient tiny sizes (hidden ancestors, print / capture emulation): keep the last real width
    const ro = new ResizeObserver(() => {
      const g = window.matchMedia(NARROW).matches ? GUTTER_NARROW : GUTTER;
      const w = Math.floor(el.clientWidth - g);
      setGutter(g);
      if (w >= 160) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const go = useCallback(
    async (r: Range) => {
      const next = { from: Math.round(r.from), to: Math.round(Math.min(r.to, r.from + MAX_SPAN)) };
      if (next.to - next.from < 1000) next.to = next.from + 1000;
      setRange(next);
      writeRangeToUrl(next);
      inflight.current?.abort();
      const ctrl = new AbortController();
      inflight.current = ctrl;
      setLoading(true);
      setError(null);
      const buckets = Math.min(600, Math.max(10, Math.round((wrapRef.current ? wrapRef.current.clientWidth - gutter : 1000) / BUCKET_PX)));
      try {
        const sp = new URLSearchParams({ from: String(next.from), to: String(next.to), buckets: String(buckets) });
        const res = await fetch(`/api/incidents/${encodeURIComponent(p.incidentId)}/timeline?${sp}`, {
          signal: ctrl.signal,
          headers: { accept: "application/json" },
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        setData(TimelineDataSchema.parse(await res.json()));
      } catch (e) {
        if (!ctrl.signal.aborted) setError(`The timeline could not be loaded (${e instanceof Error ? e.message : "error"}).`);
      } finally {
        if (!ctrl.signal.aborted) setLoading(false);
      }
    },
    [p.incidentId, gutter],
  );
  useEffect(() => () => inflight.current?.abort(), []);

  const index = useMemo(() => indexItems(data), [data]);
  const hot = useMemo(() => relatedIds(hover, index), [hover, index]);
  const layout = useMemo(
    () =>
      width > 0
        ? layoutTimeline({ from: data.from, to: data.to }, laneInputs(data), {
            width,
            markerPx: 6,
            gapPx: 1,
            rowHeight: 14,
            bucketPx: BUCKET_PX,
            bucketLaneHeight: 44,
          })
        : null,
    [data, width],
  );
  const dataRange = useMemo(() => ({ from: data.from, to: data.to }), [data.from, data.to]);

  return (
    <section className="panel" aria-label="Timeline" data-testid="incident-timeline">
      <div className="panel-head">
        <h2>Timeline</h2>
        <span className="muted">
          opens on the agent&apos;s session; click a bar to expand it, drag across the lanes to zoom, hover a tool call to see the API calls
          it caused
        </span>
      </div>
      <div className={styles.controls}>
        <span className="presets">
          {p.presets.map((pr) => (
            <button
              key={pr.id}
              type="button"
              className={`chip${pr.range.from === range.from && pr.range.to === range.to ? " on" : ""}`}
              onClick={() => void go(pr.range)}
              data-testid={`preset-${pr.id}`}
            >
              {pr.label}
            </button>
          ))}
        </span>
        <span className={styles.navButtons}>
          <button type="button" className="btn small" onClick={() => void go(panRange(range, -0.5))} title="Earlier" aria-label="Earlier">
            ←
          </button>
          <button type="button" className="btn small" onClick={() => void go(zoomRange(range, 0.5))} title="Zoom in" aria-label="Zoom in">
            +
          </button>
          <button type="button" className="btn small" onClick={() => void go(zoomRange(range, 2))} title="Zoom out" aria-label="Zoom out">
            −
          </button>
          <button type="button" className="btn small" onClick={() => void go(panRange(range, 0.5))} title="Later" aria-label="Later">
            →
          </button>
        </span>
        <span className={styles.range} data-testid="timeline-range">
          {formatUtc(range.from, false)} → {formatUtc(range.to, false)} UTC · {formatDuration(range.to - range.from)}
          {data.bucketMs ? ` · ${formatBucketWidth(data.bucketMs)} bars` : ""}
        </span>
        {loading ? <span className={styles.busy}>loading…</span> : null}
        {error ? <span className="error-code">{error}</span> : null}
      </div>
      <div ref={wrapRef} className={`${styles.lanes}${loading ? ` ${styles.lanesLoading}` : ""}`}>
        {layout ? (
          <>
            <Swimlanes
              layout={layout}
              index={index}
              hot={hot}
              onHover={setHover}
              phases={p.phases}
              incident={p.incident}
              onZoom={(r) => void go(r)}
              onOpenEvent={openEvent}
              onOpenAction={(e) => (p.sessionId ? router.push(actionHref(p.sessionId, e.item.seq)) : undefined)}
              gutter={gutter}
            />
            <div className={`${styles.frame} ${styles.densityWrap}`}>
              <div className={styles.gutter}>
                <div className={`${styles.laneLabel} ${styles.densityLabel}`}>
                  API calls per bar
                  <small>y: calls in one {data.bucketMs ? formatBucketWidth(data.bucketMs) : ""} bar · red band: the outage</small>
                </div>
              </div>
              <TimelineDensity rows={data.density} from={data.from} to={data.to} width={width} phases={p.phases} incident={p.incident} />
            </div>
          </>
        ) : (
          <div className={styles.placeholder} />
        )}
      </div>
      <div className={styles.hint}>
        {LEGEND.map(([cls, label]) => (
          <span key={cls} className={styles.key}>
            <i className={styles[cls]} />
            {label}
          </span>
        ))}
        {p.phases.map((ph) => (
          <span key={ph.phase} className={styles.key}>
            <i className={`${styles.phaseKey} ${styles[`sw-phase-${ph.phase}`] ?? ""}`} />
            {ph.label}
          </span>
        ))}
      </div>
      <IncidentEventList incidentId={p.incidentId} range={dataRange} hot={hot} onHover={setHover} onOpenEvent={openEvent} />
    </section>
  );
}
