import "server-only";
import type { AnnotationView } from "@/lib/annotations/model";
import { isUuid } from "@/lib/annotations/model";
import { listAnnotations } from "@/lib/annotations/queries";
import type { Store } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { impactHeadline } from "@/lib/incidents/impact";
import { incidentImpact } from "@/lib/incidents/impact-queries";
import { mergePhases, type PhaseView } from "@/lib/incidents/phase-edits";
import { IncidentDetail } from "@/lib/incidents/report-schema";
import type { DraftInput, EventFact, ImpactInput } from "./draft";
import { citedEventIds } from "./evidence";
import { type ActionItemView, type PostMortemListRow, type PostMortemView, toActionItemView, toPostMortemView } from "./views";

/** Reads behind the post-mortem page, its export and the lists. */

export interface IncidentForPostMortem {
  id: string;
  title: string;
  status: string;
  reproduced: boolean;
  notReproducedReason: string | null;
  detail: IncidentDetail;
  phases: PhaseView[];
  sessionDbId: string | null;
}

export async function incidentForPostMortem(store: Store, incidentId: string): Promise<IncidentForPostMortem | null> {
  if (!isUuid(incidentId)) return null;
  const row = await store.prisma.incident.findUnique({ where: { id: incidentId }, include: { phaseEdits: true } });
  if (!row) return null;
  const parsed = IncidentDetail.safeParse(row.detail);
  if (!parsed.success) return null;
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    reproduced: row.reproduced,
    notReproducedReason: row.notReproducedReason,
    detail: parsed.data,
    phases: mergePhases(parsed.data.phases, row.phaseEdits),
    sessionDbId: row.sessionId,
  };
}

/** Facts of CloudTrail events by eventID (what evidence blocks show). */
export async function eventFacts(store: Store, eventIds: readonly string[]): Promise<Map<string, EventFact>> {
  const ids = [...new Set(eventIds)].slice(0, 2000);
  if (!ids.length) return new Map();
  const rows = await store.prisma.cloudTrailEvent.findMany({
    where: { eventId: { in: ids } },
    select: { eventId: true, eventTime: true, eventName: true, principalArn: true, errorCode: true },
  });
  return new Map(rows.map((r) => [r.eventId, { ...r, eventTime: r.eventTime.toISOString() }]));
}

/** The incident page's customer-impact measure (lib/incidents/impact*.ts), in the draft's terms. */
async function customerImpact(store: Store, d: IncidentDetail): Promise<ImpactInput | null> {
  const impact = await incidentImpact(store, { detail: d, startedAt: d.startedAt, endedAt: d.endedAt, accountId: d.accountId });
  if (!impact) return null;
  const codes = impact.byCode
    .slice(0, 3)
    .map((c) => `${c.code} ${c.count}`)
    .join(", ");
  return {
    customerFacingErrors: impact.failed,
    description: `${impactHeadline(impact)}; error rate ${(impact.errorRate * 100).toFixed(1)} % vs ${(impact.baseline.errorRate * 100).toFixed(1)} % before the trigger${codes ? `; ${codes}` : ""}`,
  };
}

/** Everything the draft builder needs, loaded for one incident. */
export async function loadDraftInput(store: Store, incidentId: string): Promise<DraftInput | null> {
  const inc = await incidentForPostMortem(store, incidentId);
  if (!inc) return null;
  const d = inc.detail;
  const annotations = await listAnnotations(store, incidentId);
  const events = await eventFacts(
    store,
    annotations.map((a) => a.eventId).filter((x): x is string => !!x),
  );
  let prompt: string | null = null;
  let plan: string | null = null;
  if (inc.sessionDbId) {
    const texts = await store.prisma.agentAction.findMany({
      where: { sessionId: inc.sessionDbId, kind: { in: ["prompt", "plan"] }, at: { lte: new Date(d.trigger.eventTime) } },
      orderBy: [{ seq: "desc" }],
      select: { kind: true, text: true },
      take: 50,
    });
    prompt = texts.find((t) => t.kind === "prompt")?.text ?? null;
    plan = texts.find((t) => t.kind === "plan")?.text ?? null;
  }
  const names = [...new Set(d.blastRadius.flatMap((b) => [b.name, b.resource]))];
  const end = d.endedAt ? new Date(d.endedAt) : new Date(Date.parse(d.startedAt) + 7 * 86_400_000);
  const failed = names.length
    ? await store.prisma.$queryRaw<{ n: number; first: string | null }[]>`
        SELECT count(*)::int AS n, (array_agg(event_id ORDER BY event_time, event_id))[1] AS first
        FROM cloudtrail_event
        WHERE event_time > ${new Date(d.startedAt)} AND event_time <= ${end} AND error_code IS NOT NULL
          AND resources && ${names}::text[] AND principal_arn IS DISTINCT FROM ${d.privilege.principalArn}`
    : [{ n: 0, first: null }];
  return {
    incidentId,
    detail: d,
    phases: inc.phases,
    annotations,
    events,
    agent: { prompt, plan },
    failedCalls: { count: Number(failed[0]?.n ?? 0), firstEventId: failed[0]?.first ?? null },
    impact: await customerImpact(store, d),
  };
}

const FULL = {
  reviewers: { orderBy: { createdAt: "asc" } },
  reviews: { orderBy: { createdAt: "asc" } },
  revisions: {
    orderBy: { number: "desc" },
    select: { number: true, title: true, reason: true, restoredFrom: true, actorLabel: true, createdAt: true },
  },
} satisfies Prisma.PostMortemInclude;

export async function getPostMortem(store: Store, incidentId: string): Promise<PostMortemView | null> {
  if (!isUuid(incidentId)) return null;
  const row = await store.prisma.postMortem.findUnique({ where: { incidentId }, include: FULL });
  if (!row) return null;
  const items = await store.prisma.actionItem.findMany({ where: { incidentId }, orderBy: [{ createdAt: "asc" }] });
  return toPostMortemView(
    row,
    items.map((i) => toActionItemView(i)),
  );
}

export async function getRevision(store: Store, incidentId: string, number: number) {
  if (!isUuid(incidentId)) return null;
  const pm = await store.prisma.postMortem.findUnique({ where: { incidentId }, select: { id: true } });
  if (!pm) return null;
  const r = await store.prisma.postMortemRevision.findUnique({ where: { postMortemId_number: { postMortemId: pm.id, number } } });
  return r
    ? {
        number: r.number,
        title: r.title,
        body: r.body,
        reason: r.reason,
        restoredFrom: r.restoredFrom,
        author: r.actorLabel,
        createdAt: r.createdAt.toISOString(),
      }
    : null;
}

/** Every revision with its full text (the JSON export). */
export async function allRevisions(store: Store, postMortemId: string) {
  const rows = await store.prisma.postMortemRevision.findMany({ where: { postMortemId }, orderBy: { number: "asc" } });
  return rows.map((r) => ({
    number: r.number,
    title: r.title,
    body: r.body,
    reason: r.reason,
    restoredFrom: r.restoredFrom,
    author: r.actorLabel,
    createdAt: r.createdAt.toISOString(),
  }));
}

export interface PostMortemFilters {
  status?: string;
  owner?: string;
  reviewer?: string;
}

export async function listPostMortems(store: Store, f: PostMortemFilters = {}): Promise<PostMortemListRow[]> {
  const where: Prisma.PostMortemWhereInput = {};
  if (f.status) where.status = f.status;
  if (f.owner) where.actorLabel = { contains: f.owner, mode: "insensitive" };
  if (f.reviewer) where.reviewers = { some: { reviewer: { contains: f.reviewer, mode: "insensitive" } } };
  const rows = await store.prisma.postMortem.findMany({
    where,
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: 500,
    include: {
      reviewers: { select: { reviewer: true, decision: true } },
      incident: { select: { title: true, startedAt: true, status: true } },
    },
  });
  return rows.map((r) => ({
    incidentId: r.incidentId,
    title: r.title,
    status: r.status,
    owner: r.actorLabel,
    reviewers: r.reviewers.map((x) => ({ reviewer: x.reviewer, decision: x.decision })),
    incidentTitle: r.incident.title,
    incidentStartedAt: r.incident.startedAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    revision: r.revision,
  }));
}

export interface ActionItemFilters {
  status?: string;
  owner?: string;
  overdue?: boolean;
  incidentId?: string;
}

export async function listActionItems(store: Store, f: ActionItemFilters = {}, now = new Date()): Promise<ActionItemView[]> {
  const where: Prisma.ActionItemWhereInput = {};
  if (f.status) where.status = f.status;
  if (f.owner) where.owner = { contains: f.owner, mode: "insensitive" };
  if (f.incidentId && isUuid(f.incidentId)) where.incidentId = f.incidentId;
  if (f.overdue) {
    where.status = { in: ["open", "in_progress"] };
    where.dueDate = { lt: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) };
  }
  const rows = await store.prisma.actionItem.findMany({
    where,
    orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    take: 1000,
    include: { incident: { select: { title: true } } },
  });
  return rows.map((r) => toActionItemView(r, r.incident.title));
}

/** Annotations of an incident with the facts of the events they anchor to (export, page). */
export async function annotationsWithFacts(
  store: Store,
  incidentId: string,
): Promise<{ annotations: AnnotationView[]; events: Map<string, EventFact> }> {
  const annotations = await listAnnotations(store, incidentId);
  return {
    annotations,
    events: await eventFacts(
      store,
      annotations.map((a) => a.eventId).filter((x): x is string => !!x),
    ),
  };
}

/** Facts of every event a Markdown body cites (for rendering its evidence blocks). */
export async function citedFacts(store: Store, markdown: string): Promise<Map<string, EventFact>> {
  return eventFacts(store, citedEventIds(markdown));
}
