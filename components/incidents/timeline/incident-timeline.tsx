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
import { DENSITY_COLORS, TimelineDensity } from "./timeline-density";

const GUTTER = 168;
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
  const wrapRef = useRef<HTMLDivElement>(null);
  const inflight = useRef<AbortController | null>(null);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    // ignore transient tiny sizes (hidden ancestors, print / capture emulation): keep the last real width
    const ro = new ResizeObserver(() => {
      const w = Math.floor(el.clientWidth - GUTTER);
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
      const buckets = Math.min(600, Math.max(10, Math.round((wrapRef.current ? wrapRef.current.clientWidth - GUTTER : 1000) / BUCKET_PX)));
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
    [p.incidentId],
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
            bucketLaneHeight: 38,
          })
        : null,
    [data, width],
  );
  const dataRange = useMemo(() => ({ from: data.from, to: data.to }), [data.from, data.to]);

  return (
    <section className="panel" aria-label="Timeline" data-testid="incident-timeline">
      <div className="panel-head">
        <h2>Timeline</h2>
        <span className="muted">drag across the lanes to zoom; hover a tool call to see the API calls it caused</span>
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
        <span style={{ display: "inline-flex", gap: 4 }}>
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
      <div ref={wrapRef} style={{ opacity: loading ? 0.6 : 1, transition: "opacity 120ms" }}>
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
              gutter={GUTTER}
            />
            <div className={`${styles.frame} ${styles.densityWrap}`} style={{ ["--gutter" as string]: `${GUTTER}px` }}>
              <div className={styles.gutter}>
                <div className={styles.laneLabel} style={{ top: 0, borderBottom: 0 }}>
                  API calls per bar
                  <small>red band: the outage</small>
                </div>
              </div>
              <TimelineDensity rows={data.density} from={data.from} to={data.to} width={width} phases={p.phases} incident={p.incident} />
            </div>
          </>
        ) : (
          <div style={{ height: 220 }} />
        )}
      </div>
      <div className={styles.hint}>
        <span className={styles.key}>
          <i style={{ background: "#c8321f" }} />
          destructive
        </span>
        <span className={styles.key}>
          <i style={{ background: "#c98a12" }} />
          write
        </span>
        <span className={styles.key}>
          <i style={{ background: "#6b46c1" }} />
          privilege
        </span>
        <span className={styles.key}>
          <i style={{ background: "#8a96a8" }} />
          read
        </span>
        <span className={styles.key}>
          <i style={{ background: "#fff", border: "1.5px solid #c8321f" }} />
          failed call
        </span>
        <span className={styles.key}>
          <i style={{ background: "#1d5bbf" }} />
          prompt
        </span>
        <span className={styles.key}>
          <i style={{ background: DENSITY_COLORS.linked }} />
          agent-linked
        </span>
        <span className={styles.key}>
          <i style={{ background: DENSITY_COLORS.human }} />
          human
        </span>
        <span className={styles.key}>
          <i style={{ background: DENSITY_COLORS.other }} />
          other
        </span>
        {p.phases.map((ph) => (
          <span key={ph.phase} className={styles.key}>
            <i style={{ background: ph.color, width: 3 }} />
            {ph.label}
          </span>
        ))}
      </div>
      <IncidentEventList incidentId={p.incidentId} range={dataRange} hot={hot} onHover={setHover} onOpenEvent={openEvent} />
    </section>
  );
}
