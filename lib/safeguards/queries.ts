import "server-only";
import type { Store } from "@/lib/db";
import type { AgentRules, PolicyDocument, PolicyType, SafeguardKind } from "./file-schema";
import { type RolloutPoint, rolloutSeries } from "./rollout";
import type { EvidenceItem, TargetStatus } from "./types";
import { coveragePercent } from "./verify";

/** Reads for the safeguard pages, the CLI list and the incident page. Evidence reads: evidence-queries.ts. */

export async function loadSafeguardRows(store: Store, where: { key?: string } = {}) {
  return store.prisma.safeguard.findMany({
    where: where.key ? { key: where.key } : undefined,
    orderBy: { key: "asc" },
    include: { targets: { orderBy: { key: "asc" } } },
  });
}

export type SafeguardRow = Awaited<ReturnType<typeof loadSafeguardRows>>[number];

export interface SafeguardListItem {
  key: string;
  kind: SafeguardKind;
  title: string;
  owner: string | null;
  status: TargetStatus;
  targets: { key: string; account: string; status: TargetStatus; violations: number; observations: number }[];
  coverage: number;
  violations7d: number;
  violations30d: number;
  evaluatedAt: string | null;
}

/** Violations (by evidence time) in the last `days` days, from the stored evidence items. */
export function violationsSince(evidence: unknown, now: number, days: number): number {
  const items = Array.isArray(evidence) ? (evidence as EvidenceItem[]) : [];
  return items.filter((i) => i.verdict === "violation" && i.at >= now - days * 86_400_000).length;
}

/** Safeguards that answer an incident (listed by its id or its trigger eventID). */
export async function safeguardsAnswering(store: Store, incidentId: string) {
  const inc = await store.prisma.incident.findUnique({ where: { id: incidentId }, select: { id: true, triggerEventId: true } });
  const refs = inc ? [inc.id, inc.triggerEventId] : [incidentId];
  return store.prisma.safeguard.findMany({
    where: { incidents: { hasSome: refs } },
    orderBy: { key: "asc" },
    select: { key: true, kind: true, title: true, status: true, targets: { select: { status: true } } },
  });
}

export async function loadEvaluations(store: Store, targetIds: string[]) {
  if (!targetIds.length) return [];
  return store.prisma.safeguardEvaluation.findMany({ where: { targetId: { in: targetIds } }, orderBy: { at: "asc" }, take: 10_000 });
}

export interface SafeguardView {
  key: string;
  kind: SafeguardKind;
  title: string;
  description: string | null;
  owner: string | null;
  status: TargetStatus;
  coverage: number;
  policy: PolicyDocument | null;
  policyType: PolicyType | null;
  rules: AgentRules | null;
  resources: string[];
  agentRoles: string[];
  actionItems: string[];
  incidents: { ref: string; id: string | null; title: string | null }[];
  targets: {
    key: string;
    account: string;
    rolloutAt: string | null;
    regions: string[];
    agentKinds: string[];
    teams: string[];
    environments: string[];
    status: TargetStatus;
    violations: number;
    observations: number;
    evaluatedAt: string | null;
  }[];
  /** evidence of every target, violations first (bounded per target at evaluation) */
  evidence: (EvidenceItem & { target: string })[];
  series: RolloutPoint[];
  /** each change of a target's verdict, when Aftermath saw it */
  history: { target: string; at: string; status: TargetStatus; violations: number; observations: number }[];
  updatedBy: string;
  updatedAt: string;
  evaluatedAt: string | null;
}

export async function listSafeguardsView(store: Store, now: number): Promise<SafeguardListItem[]> {
  return (await loadSafeguardRows(store)).map((s) => {
    const statuses = s.targets.map((t) => t.status as TargetStatus);
    return {
      key: s.key,
      kind: s.kind as SafeguardKind,
      title: s.title,
      owner: s.owner,
      status: s.status as TargetStatus,
      targets: s.targets.map((t) => ({
        key: t.key,
        account: t.account,
        status: t.status as TargetStatus,
        violations: t.violations,
        observations: t.observations,
      })),
      coverage: coveragePercent(statuses),
      violations7d: s.targets.reduce((n, t) => n + violationsSince(t.evidence, now, 7), 0),
      violations30d: s.targets.reduce((n, t) => n + violationsSince(t.evidence, now, 30), 0),
      evaluatedAt: s.evaluatedAt?.toISOString() ?? null,
    };
  });
}

export async function getSafeguardView(store: Store, key: string, now: number): Promise<SafeguardView | null> {
  const [s] = await loadSafeguardRows(store, { key });
  if (!s) return null;
  const snapshots = await loadEvaluations(
    store,
    s.targets.map((t) => t.id),
  );
  const keyOf = new Map(s.targets.map((t) => [t.id, t.key]));
  const incidents = await store.prisma.incident.findMany({
    where: {
      OR: [{ triggerEventId: { in: s.incidents } }, ...s.incidents.filter((r) => /^[0-9a-f-]{36}$/i.test(r)).map((id) => ({ id }))],
    },
    select: { id: true, title: true, triggerEventId: true },
  });
  const statuses = s.targets.map((t) => t.status as TargetStatus);
  return {
    key: s.key,
    kind: s.kind as SafeguardKind,
    title: s.title,
    description: s.description,
    owner: s.owner,
    status: s.status as TargetStatus,
    coverage: coveragePercent(statuses),
    policy: (s.policy as PolicyDocument | null) ?? null,
    policyType: (s.policyType as PolicyType | null) ?? null,
    rules: (s.rules as AgentRules | null) ?? null,
    resources: s.resources,
    agentRoles: s.agentRoles,
    actionItems: s.actionItems,
    incidents: s.incidents.map((ref) => {
      const i = incidents.find((x) => x.id === ref || x.triggerEventId === ref);
      return { ref, id: i?.id ?? null, title: i?.title ?? null };
    }),
    targets: s.targets.map((t) => ({
      key: t.key,
      account: t.account,
      rolloutAt: t.rolloutAt?.toISOString() ?? null,
      regions: t.regions,
      agentKinds: t.agentKinds,
      teams: t.teams,
      environments: t.environments,
      status: t.status as TargetStatus,
      violations: t.violations,
      observations: t.observations,
      evaluatedAt: t.evaluatedAt?.toISOString() ?? null,
    })),
    evidence: s.targets
      .flatMap((t) => (Array.isArray(t.evidence) ? (t.evidence as unknown as EvidenceItem[]) : []).map((e) => ({ ...e, target: t.key })))
      .sort((a, b) => (a.verdict === b.verdict ? b.at - a.at : a.verdict === "violation" ? -1 : b.verdict === "violation" ? 1 : 0)),
    series: rolloutSeries(
      s.targets.map((t) => ({
        key: t.key,
        rolloutAt: t.rolloutAt?.getTime() ?? null,
        evidence: Array.isArray(t.evidence) ? (t.evidence as unknown as EvidenceItem[]) : [],
      })),
      now,
    ),
    history: snapshots.map((e) => ({
      target: keyOf.get(e.targetId) ?? "",
      at: e.at.toISOString(),
      status: e.status as TargetStatus,
      violations: e.violations,
      observations: e.observations,
    })),
    updatedBy: s.actorLabel,
    updatedAt: s.changedAt.toISOString(),
    evaluatedAt: s.evaluatedAt?.toISOString() ?? null,
  };
}
