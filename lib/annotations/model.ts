import { z } from "zod";

/**
 * Timeline annotations (pure): what people write on an incident's timeline. Each one anchors to natural keys only —
 * a CloudTrail eventID, an agent action (`<agent kind>:<session external id>` + the action's stable key), or a
 * time — so rebuilding links and incidents never moves or loses it.
 */

export const AnnotationKind = z.enum(["comment", "marker", "tag", "star", "note"]);
export type AnnotationKind = z.infer<typeof AnnotationKind>;

/** Jeli-style markers. */
export const MarkerKind = z.enum(["detection", "diagnosis", "repair", "key_moment", "contributing_factor"]);
export type MarkerKind = z.infer<typeof MarkerKind>;

export const MARKER_LABEL: Record<MarkerKind, string> = {
  detection: "Detection",
  diagnosis: "Diagnosis",
  repair: "Repair",
  key_moment: "Key moment",
  contributing_factor: "Contributing factor",
};

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const id = z
  .string()
  .trim()
  .min(1)
  .max(256)
  .regex(/^[\x21-\x7e]+$/, "not an identifier");
const markdown = z
  .string()
  .max(20_000, "at most 20,000 characters")
  .refine((s) => !/\u0000/.test(s), "contains NUL");
const instant = z
  .string()
  .trim()
  .max(64)
  .transform((s, ctx) => {
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s) ? `${s.replace(" ", "T")}Z` : s);
    if (!Number.isFinite(ms) || !/^\d{4}-/.test(s)) {
      ctx.addIssue({ code: "custom", message: "not a time like 2025-12-09T02:42:03Z" });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

/** The body of POST /api/incidents/<id>/annotations. */
export const CreateAnnotationInput = z
  .object({
    kind: AnnotationKind,
    body: markdown.optional(),
    marker: MarkerKind.optional(),
    tag: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .refine((s) => !CONTROL.test(s), "contains control characters")
      .optional(),
    eventId: id.optional(),
    /** `<agent kind>:<session external id>` of an agent action */
    agentSessionRef: z.string().trim().min(1).max(512).optional(),
    actionKey: z.string().trim().min(1).max(512).optional(),
    at: instant.optional(),
    parentId: z.uuid().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const issue = (message: string, path: string) => ctx.addIssue({ code: "custom", message, path: [path] });
    if ((v.kind === "comment" || v.kind === "note") && !v.body?.trim()) issue(`a ${v.kind} needs a body`, "body");
    if (v.kind === "marker" && !v.marker)
      issue("a marker needs marker: detection|diagnosis|repair|key_moment|contributing_factor", "marker");
    if (v.kind !== "marker" && v.marker) issue("marker is only for kind marker", "marker");
    if (v.kind === "tag" && !(v.tag ?? v.body)?.trim()) issue("a tag needs tag (or body)", "tag");
    if (v.parentId && v.kind !== "comment") issue("only comments can reply", "parentId");
    if (!!v.agentSessionRef !== !!v.actionKey) issue("an agent action anchor needs both agentSessionRef and actionKey", "actionKey");
    if (v.kind === "note" && !v.at) issue("a time-anchored note needs at", "at");
    if (!v.parentId && !v.eventId && !v.actionKey && !v.at) issue("anchor it: eventId, an agent action, or at", "eventId");
  });
export type CreateAnnotationInput = z.infer<typeof CreateAnnotationInput>;

export const UpdateAnnotationInput = z
  .object({ body: markdown.optional(), marker: MarkerKind.optional(), tag: z.string().trim().min(1).max(64).optional() })
  .strict()
  .refine((v) => v.body !== undefined || v.marker !== undefined || v.tag !== undefined, "nothing to change");
export type UpdateAnnotationInput = z.infer<typeof UpdateAnnotationInput>;

/** An annotation as the API returns it. */
export interface AnnotationView {
  id: string;
  incidentId: string;
  kind: AnnotationKind;
  body: string;
  marker: MarkerKind | null;
  tag: string | null;
  parentId: string | null;
  eventId: string | null;
  agentSessionRef: string | null;
  actionKey: string | null;
  at: string | null;
  author: { type: string; id: string; label: string; userId: string | null };
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
}

export interface AnnotationRow {
  id: string;
  incidentId: string;
  kind: string;
  body: string;
  marker: string | null;
  tag: string | null;
  parentId: string | null;
  eventId: string | null;
  agentSessionRef: string | null;
  actionKey: string | null;
  anchorAt: Date | null;
  actorType: string;
  actorId: string;
  actorLabel: string;
  userId: string | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export function toAnnotationView(r: AnnotationRow): AnnotationView {
  const deleted = r.deletedAt !== null;
  return {
    id: r.id,
    incidentId: r.incidentId,
    kind: AnnotationKind.catch("comment").parse(r.kind),
    body: deleted ? "" : r.body,
    marker: r.marker ? MarkerKind.catch("key_moment").parse(r.marker) : null,
    tag: r.tag,
    parentId: r.parentId,
    eventId: r.eventId,
    agentSessionRef: r.agentSessionRef,
    actionKey: r.actionKey,
    at: r.anchorAt?.toISOString() ?? null,
    author: { type: r.actorType, id: r.actorId, label: r.actorLabel, userId: r.userId },
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deleted,
  };
}

/** The anchor an annotation is about, as one comparable string (`event:<id>`, `action:<ref>/<key>`, `at:<iso>`). */
export function anchorKey(a: Pick<AnnotationView, "eventId" | "agentSessionRef" | "actionKey" | "at">): string {
  if (a.eventId) return `event:${a.eventId}`;
  if (a.actionKey) return `action:${a.agentSessionRef}/${a.actionKey}`;
  return `at:${a.at ?? ""}`;
}

/** Comments with their replies (one level; a reply to a reply hangs under the root), oldest first. */
export interface CommentThread {
  root: AnnotationView;
  replies: AnnotationView[];
}

export function threadComments(list: readonly AnnotationView[]): CommentThread[] {
  const byId = new Map(list.map((a) => [a.id, a]));
  const rootOf = (a: AnnotationView): AnnotationView => {
    let cur = a;
    for (let i = 0; i < 50 && cur.parentId && byId.has(cur.parentId); i++) cur = byId.get(cur.parentId)!;
    return cur;
  };
  const threads = new Map<string, CommentThread>();
  const comments = list.filter((a) => a.kind === "comment").sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const c of comments) if (!c.parentId || !byId.has(c.parentId)) threads.set(c.id, { root: c, replies: [] });
  for (const c of comments) {
    if (threads.has(c.id)) continue;
    threads.get(rootOf(c).id)?.replies.push(c);
  }
  return [...threads.values()].filter((t) => !t.root.deleted || t.replies.some((r) => !r.deleted));
}

/** Per anchor: starred?, markers, tags, comment count — what the timeline and explorer draw. */
export interface AnchorSummary {
  anchor: string;
  eventId: string | null;
  at: string | null;
  starred: boolean;
  markers: MarkerKind[];
  tags: string[];
  comments: number;
}

export function summarizeByAnchor(list: readonly AnnotationView[]): Map<string, AnchorSummary> {
  const out = new Map<string, AnchorSummary>();
  for (const a of list) {
    if (a.deleted || a.parentId) continue;
    const key = anchorKey(a);
    const s = out.get(key) ?? { anchor: key, eventId: a.eventId, at: a.at, starred: false, markers: [], tags: [], comments: 0 };
    if (a.kind === "star") s.starred = true;
    if (a.kind === "marker" && a.marker && !s.markers.includes(a.marker)) s.markers.push(a.marker);
    if (a.kind === "tag" && a.tag && !s.tags.includes(a.tag)) s.tags.push(a.tag);
    if (a.kind === "comment" || a.kind === "note") s.comments++;
    out.set(key, s);
  }
  return out;
}

/** Markers and notes in time order (the side list; `at` falls back to the anchored event's time). */
export function markerList(list: readonly AnnotationView[], eventTime: (eventId: string) => string | null): AnnotationView[] {
  const t = (a: AnnotationView) => a.at ?? (a.eventId ? eventTime(a.eventId) : null) ?? a.createdAt;
  return list
    .filter((a) => !a.deleted && (a.kind === "marker" || a.kind === "note" || a.kind === "star"))
    .sort((a, b) => t(a).localeCompare(t(b)) || a.id.localeCompare(b.id));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);
