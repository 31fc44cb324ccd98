import type { LaneInput } from "./layout";
import type { AgentTimelineItem, EventLane, EventTimelineItem, LaneKey, TimelineData } from "./types";

/** From the server's TimelineData to layout input, and the lookups the swimlanes' hover needs. Pure. */

export const LANE_ORDER: readonly LaneKey[] = ["agent", "linked", "team", "human", "other"];

/** How many rows each lane may use before it is drawn as counts per bucket. */
export const LANE_MAX_ROWS: Record<LaneKey, number> = { agent: 10, linked: 6, team: 4, human: 3, other: 3 };

export function laneInputs(data: TimelineData): LaneInput[] {
  return LANE_ORDER.map((key): LaneInput => {
    if (key === "agent") {
      const lane = data.agent;
      if (lane.items) {
        return {
          id: key,
          maxRows: LANE_MAX_ROWS[key],
          items: lane.items.map((i) => ({ id: i.id, at: i.at, end: i.end, links: i.links, destructive: i.risk === "destructive" })),
        };
      }
      return { id: key, buckets: lane.buckets ?? [] };
    }
    const lane = data[key];
    if (lane.items) {
      return {
        id: key,
        maxRows: LANE_MAX_ROWS[key],
        items: lane.items.map((i) => ({ id: i.id, at: i.at, destructive: i.risk === "destructive" })),
      };
    }
    return { id: key, buckets: lane.buckets ?? [], itemTimes: key === "linked" ? data.linkTimes : undefined };
  });
}

export type TimelineEntry = { lane: "agent"; item: AgentTimelineItem } | { lane: EventLane; item: EventTimelineItem };

/** Every drawn item by id (agent items are "a:<action id>", events their CloudTrail eventID). */
export function indexItems(data: TimelineData): Map<string, TimelineEntry> {
  const m = new Map<string, TimelineEntry>();
  for (const item of data.agent.items ?? []) m.set(item.id, { lane: "agent", item });
  for (const lane of ["linked", "team", "human", "other"] as const)
    for (const item of data[lane].items ?? []) m.set(item.id, { lane, item });
  return m;
}

/**
 * What to highlight when an item is hovered: a tool call with the API calls it caused, or an API call with the tool
 * call behind it. Ids not drawn are included too (they may be in the event list).
 */
export function relatedIds(id: string | null, index: ReadonlyMap<string, TimelineEntry>): Set<string> {
  const out = new Set<string>();
  if (!id) return out;
  out.add(id);
  const e = index.get(id);
  if (!e) return out;
  if (e.lane === "agent") for (const l of e.item.links) out.add(l);
  else if (e.item.actionId) out.add(`a:${e.item.actionId}`);
  return out;
}

export const PHASE_COLOR: Record<string, string> = {
  trigger: "var(--phase-trigger)",
  first_impact: "var(--phase-first-impact)",
  detection: "var(--phase-detection)",
  mitigation: "var(--phase-mitigation)",
  recovery: "var(--phase-recovery)",
};

export interface PhaseMarker {
  phase: string;
  label: string;
  at: number;
  color: string;
  edited: boolean;
}

/** Phase markers with a time, in time order. */
export function phaseMarkers(phases: readonly { phase: string; label: string; at: string | null; source: string }[]): PhaseMarker[] {
  return phases
    .filter((p) => p.at)
    .map((p) => ({
      phase: p.phase,
      label: p.label,
      at: Date.parse(p.at!),
      color: PHASE_COLOR[p.phase] ?? "var(--muted)",
      edited: p.source === "edited",
    }))
    .filter((p) => Number.isFinite(p.at))
    .sort((a, b) => a.at - b.at);
}

/** The session page URL of an action (its page of 100 steps, anchored at the step). */
export function actionHref(sessionId: string, seq: number, pageSize = 100): string {
  const offset = Math.floor(Math.max(0, seq) / pageSize) * pageSize;
  return `/sessions/${sessionId}${offset ? `?offset=${offset}` : ""}#action-${seq}`;
}

/** Zooming: the range scaled around its centre by factor (2 = out, 0.5 = in), at least 1 s. */
export function zoomRange(r: { from: number; to: number }, factor: number, minMs = 1000): { from: number; to: number } {
  const mid = (r.from + r.to) / 2;
  const half = Math.max(minMs / 2, ((r.to - r.from) * factor) / 2);
  return { from: Math.round(mid - half), to: Math.round(mid + half) };
}

/** Panning by a fraction of the span (negative: earlier). */
export function panRange(r: { from: number; to: number }, fraction: number): { from: number; to: number } {
  const d = Math.round((r.to - r.from) * fraction);
  return { from: r.from + d, to: r.to + d };
}
