import type { IncidentDetail } from "@/lib/incidents/report-schema";
import { type AnnotationView, MARKER_LABEL, type MarkerKind } from "./model";

/** What the incident page draws from annotations (pure). */

export interface KeyEvent {
  eventId: string;
  eventTime: string;
  eventName: string;
  why: string;
}

/** The incident's events people annotate: trigger and destructive calls, phase evidence, recreates, plus any annotated event. */
export function keyEvents(
  detail: IncidentDetail | null,
  annotated: ReadonlyMap<string, { eventTime: string; eventName: string }>,
  phases: readonly { label: string; eventId: string | null; at: string | null }[] = [],
): KeyEvent[] {
  const out = new Map<string, KeyEvent>();
  const add = (eventId: string | null | undefined, eventTime: string | null | undefined, eventName: string, why: string) => {
    if (eventId && eventTime && !out.has(eventId)) out.set(eventId, { eventId, eventTime, eventName, why });
  };
  if (detail) {
    for (const e of detail.destructiveEvents)
      add(e.eventId, e.eventTime, e.eventName, e.eventId === detail.triggerEventId ? "trigger" : "destructive");
    for (const b of detail.blastRadius) add(b.recreatedByEventId, b.recreatedAt, b.recreatedByEventName ?? "recreate", "recreate");
    for (const p of detail.phases)
      add(p.eventId, p.at, annotated.get(p.eventId ?? "")?.eventName ?? p.phase.replace("_", " "), p.phase.replace("_", " "));
    for (const a of detail.blockedAttempts) add(a.eventId, a.eventTime, a.eventName, "blocked");
  }
  for (const p of phases) add(p.eventId, p.at, annotated.get(p.eventId ?? "")?.eventName ?? p.label, p.label.toLowerCase());
  for (const [id, f] of annotated) add(id, f.eventTime, f.eventName, "annotated");
  return [...out.values()].sort((a, b) => a.eventTime.localeCompare(b.eventTime) || a.eventId.localeCompare(b.eventId));
}

/** Marker colours (timeline SVG); the page's phase markers use the same palette family. */
export const MARKER_COLOR: Record<MarkerKind | "star" | "note", string> = {
  detection: "#b7791f",
  diagnosis: "#7a4fd1",
  repair: "#067647",
  key_moment: "#1d5bbf",
  contributing_factor: "#b42318",
  star: "#c99a06",
  note: "#5a6270",
};

/** Markers, stars and time-anchored notes as timeline markers (same shape as the phase markers the swimlanes draw). */
export function annotationTimelineMarkers(
  list: readonly AnnotationView[],
  eventTime: (eventId: string) => string | null,
): { phase: string; label: string; at: number; color: string; edited: boolean }[] {
  const out: { phase: string; label: string; at: number; color: string; edited: boolean }[] = [];
  for (const a of list) {
    if (a.deleted || a.parentId || !(a.kind === "marker" || a.kind === "star" || a.kind === "note")) continue;
    const at = Date.parse(a.at ?? (a.eventId ? (eventTime(a.eventId) ?? "") : ""));
    if (!Number.isFinite(at)) continue;
    const label =
      a.kind === "marker" && a.marker
        ? `${MARKER_LABEL[a.marker]}${a.body ? `: ${a.body.slice(0, 60)}` : ""}`
        : a.kind === "star"
          ? "★ Key event"
          : `Note: ${a.body.slice(0, 60)}`;
    out.push({
      phase: `annotation:${a.id}`,
      label,
      at,
      color: MARKER_COLOR[a.kind === "marker" && a.marker ? a.marker : (a.kind as "star" | "note")],
      edited: false,
    });
  }
  return out.sort((x, y) => x.at - y.at);
}
