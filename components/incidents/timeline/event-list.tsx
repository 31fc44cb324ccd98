"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useRef, useState } from "react";
import { RiskBadge } from "@/components/events/risk-badge";
import { personAndRole } from "@/lib/events/principal";
import { formatCount, formatUtc } from "@/lib/format";
import { TimelineEventPageSchema } from "@/lib/timeline/api-schema";
import type { EventLane, TimelineEventRow } from "@/lib/timeline/types";
import styles from "./timeline.module.css";

const TABS: { id: EventLane | "all"; label: string }[] = [
  { id: "linked", label: "Agent-linked" },
  { id: "team", label: "People on the incident" },
  { id: "human", label: "Other people" },
  { id: "other", label: "Other" },
  { id: "all", label: "All calls" },
];
const LANE_TAG: Record<EventLane, string> = { linked: "agent", team: "on incident", human: "person", other: "other" };
const ROW_H = 28;
const PAGE = 200;

type State = { key: string; rows: TimelineEventRow[]; next: string | null; total: number | null; loading: boolean; error: string | null };

/**
 * Every CloudTrail call in the timeline's range, oldest first: fetched a keyset page at a time from
 * /api/incidents/[id]/events and rendered through a virtualizer, so 100k calls cost the browser ~20 rows of DOM.
 */
export function IncidentEventList({
  incidentId,
  range,
  hot,
  onHover,
  onOpenEvent,
}: {
  incidentId: string;
  range: { from: number; to: number };
  hot: ReadonlySet<string>;
  onHover: (id: string | null) => void;
  onOpenEvent: (eventId: string) => void;
}) {
  // opens on the agent's calls (the story); the other lanes are one click away
  const [lane, setLane] = useState<EventLane | "all">("linked");
  const key = `${range.from}:${range.to}:${lane}`;
  const [state, setState] = useState<State>({ key: "", rows: [], next: null, total: null, loading: true, error: null });
  const inflight = useRef<AbortController | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const load = useCallback(
    async (cursor: string | null, forKey: string) => {
      inflight.current?.abort();
      const ctrl = new AbortController();
      inflight.current = ctrl;
      const sp = new URLSearchParams({ from: String(range.from), to: String(range.to), lane, limit: String(PAGE) });
      if (cursor) sp.set("cursor", cursor);
      else sp.set("total", "1");
      setState((s) =>
        s.key === forKey
          ? { ...s, loading: true, error: null }
          : { key: forKey, rows: [], next: null, total: null, loading: true, error: null },
      );
      try {
        const res = await fetch(`/api/incidents/${encodeURIComponent(incidentId)}/events?${sp}`, {
          signal: ctrl.signal,
          headers: { accept: "application/json" },
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const page = TimelineEventPageSchema.parse(await res.json());
        setState((s) =>
          s.key !== forKey
            ? s
            : {
                key: forKey,
                rows: cursor ? [...s.rows, ...page.rows] : page.rows,
                next: page.nextCursor,
                total: page.total ?? s.total,
                loading: false,
                error: null,
              },
        );
      } catch (e) {
        if (ctrl.signal.aborted) return;
        setState((s) =>
          s.key !== forKey
            ? s
            : { ...s, loading: false, error: `The calls could not be loaded (${e instanceof Error ? e.message : "error"}).` },
        );
      }
    },
    [incidentId, range.from, range.to, lane],
  );

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    void load(null, key);
    return () => inflight.current?.abort();
  }, [key, load]);

  const rows = state.key === key ? state.rows : [];
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : 0;

  useEffect(() => {
    if (state.key === key && state.next && !state.loading && lastIndex >= rows.length - 40) void load(state.next, key);
  }, [lastIndex, rows.length, state.next, state.loading, state.key, key, load]);

  return (
    <div data-testid="incident-events">
      <div className={styles.listHead}>
        <b>API calls in the timeline&apos;s window</b>
        <span className="presets" role="tablist" aria-label="Lane">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={lane === t.id}
              className={`chip${lane === t.id ? " on" : ""}`}
              onClick={() => setLane(t.id)}
              data-testid={`lane-${t.id}`}
            >
              {t.label}
            </button>
          ))}
        </span>
        <span className="muted" data-testid="events-count">
          {state.total !== null && state.key === key ? `${formatCount(state.total)} ${state.total === 1 ? "call" : "calls"}` : "…"}
          {rows.length && state.total !== null && rows.length < state.total ? ` · ${formatCount(rows.length)} loaded` : ""}
        </span>
        {state.loading ? <span className={styles.busy}>loading…</span> : null}
        {state.error ? <span className="error-code">{state.error}</span> : null}
      </div>
      <div className={styles.colHead} aria-hidden="true">
        <span>Time</span>
        <span>Call</span>
        <span>Service</span>
        <span>Principal</span>
        <span>Risk</span>
        <span>Error</span>
        <span>Lane</span>
      </div>
      <div ref={scrollRef} className={styles.listScroll}>
        <ul className={styles.virtual} aria-label="API calls" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((v) => {
            const r = rows[v.index];
            const destructive = r.risk === "destructive" && r.executed;
            return (
              <li key={r.eventId} className={styles.rowItem} style={{ transform: `translateY(${v.start}px)` }}>
                <button
                  type="button"
                  className={`${styles.row}${hot.has(r.eventId) ? ` ${styles.rowHot}` : ""}${destructive ? ` ${styles.rowDestructive}` : ""}`}
                  onClick={() => onOpenEvent(r.eventId)}
                  onPointerEnter={() => onHover(r.eventId)}
                  onPointerLeave={() => onHover(null)}
                  data-testid="incident-event-row"
                  data-lane={r.lane}
                >
                  <span className="mono">{formatUtc(r.eventTime, false).slice(11)}</span>
                  <span className="mono" title={r.eventName}>
                    <b>{r.eventName}</b>
                  </span>
                  <span className="faint">{r.eventSource.replace(/\.amazonaws\.com$/, "")}</span>
                  <Who arn={r.principalArn} human={r.humanName} />
                  <span>
                    <RiskBadge risk={r.risk} />
                  </span>
                  <span className="error-code">{r.errorCode ?? ""}</span>
                  <span className={`${styles.lane} ${styles[`lane-${r.lane}`]}`}>{LANE_TAG[r.lane]}</span>
                </button>
              </li>
            );
          })}
        </ul>
        {!state.loading && state.key === key && rows.length === 0 && !state.error ? (
          <div className="empty">No calls in this range.</div>
        ) : null}
      </div>
    </div>
  );
}

/** The person (or workload) first, then the role; the full ARN on hover. */
function Who({ arn, human }: { arn: string | null; human: string | null }) {
  const p = personAndRole(arn, human);
  return (
    <span title={arn ?? undefined}>
      <b>{p.who}</b>
      {p.role ? <span className="faint"> · {p.role}</span> : null}
    </span>
  );
}
