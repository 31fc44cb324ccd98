import { resolveIdentityChain } from "@/lib/correlation/identity-chain";
import { isCloudFormationInvoked } from "@/lib/correlation/principals";
import { CONFIDENCE_RANK, type CorrelationAction, type CorrelationEvent, type EventLink } from "@/lib/correlation/types";
import { toIso, toIsoOrNull } from "@/lib/ids";
import { computeBlastRadius } from "./blast-radius";
import { EventIndex } from "./event-index";
import { approvalFinding, approvalOf, privilegeFinding, scopeFinding } from "./findings";
import { derivePhases } from "./phases";
import type { BlockedAttempt, Finding, IncidentDetail } from "./report-schema";
import { ownResourceRefs } from "./resource-keys";
import { type IncidentSession, RECONSTRUCTION_HORIZON_MS, type ReconstructionInput, type ReconstructionResult } from "./types";

/**
 * Rebuilds agent-caused incidents from sessions, their links and the events around them. Pure and deterministic:
 * re-running on a superset of events (after more ingest) just updates the same incidents (keyed by trigger eventId).
 *
 * Per session: the linked events that are destructive and executed form the destructive set; the first one is the
 * trigger (one incident per session). Linked destructive calls that failed are blocked attempts (a guardrail held),
 * never incidents. Calls no agent session is linked to are never blamed on an agent. When two sessions claim the same
 * trigger event, the better link wins (confidence, then tool-call over session-level, then session id).
 * Cost: one pass to index all events, then a few binary searches per incident.
 */
export function reconstructIncidents(input: ReconstructionInput): ReconstructionResult {
  const agentLinked = new Set(input.links.map((l) => l.eventId));
  const byId = new Map<string, CorrelationEvent>();
  for (const e of input.events) if (agentLinked.has(e.eventId) && !byId.has(e.eventId)) byId.set(e.eventId, e);
  const linksBySession = new Map<string, Map<string, EventLink>>();
  for (const l of input.links) {
    const m = linksBySession.get(l.sessionId) ?? new Map<string, EventLink>();
    const prev = m.get(l.eventId);
    if (!prev || CONFIDENCE_RANK[l.confidence] > CONFIDENCE_RANK[prev.confidence]) m.set(l.eventId, l);
    linksBySession.set(l.sessionId, m);
  }

  // Pass 1: each session's linked calls → destructive set and blocked attempts.
  const blockedAttempts = new Map<string, BlockedAttempt[]>();
  const seeds: Seed[] = [];
  const names = new Set<string>();
  let from = Infinity;
  let to = -Infinity;
  const sessions = [...input.sessions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const session of sessions) {
    const actions = new Map(session.actions.map((a) => [a.id, a]));
    const linked = [...(linksBySession.get(session.id)?.values() ?? [])]
      .map((link) => ({ link, event: byId.get(link.eventId) }))
      .filter((x): x is Linked => !!x.event)
      .sort((a, b) => a.event.eventTime - b.event.eventTime || (a.event.eventId < b.event.eventId ? -1 : 1));
    const blocked = linked.filter((x) => x.event.risk === "destructive" && !x.event.executed);
    blockedAttempts.set(
      session.id,
      blocked.map((x) => toBlocked(session.id, x.event, x.link, actions)),
    );
    const destructive = linked.filter((x) => x.event.risk === "destructive" && x.event.executed);
    if (!destructive.length) continue;
    seeds.push({ session, actions, linked, destructive, blocked });
    for (const x of destructive) for (const r of ownResourceRefs(x.event)) names.add(r.name);
    from = Math.min(from, destructive[0].event.eventTime);
    to = Math.max(to, destructive[0].event.eventTime + RECONSTRUCTION_HORIZON_MS);
  }

  // Pass 2: one scan of all events for what the incidents can need; then each incident is lookups.
  const index = new EventIndex(input.events, { names, from, to });
  const byTrigger = new Map<string, { detail: IncidentDetail; link: EventLink }>();
  for (const seed of seeds) {
    const detail = buildIncident(seed, index, agentLinked);
    const link = seed.destructive[0].link;
    const prev = byTrigger.get(detail.triggerEventId);
    if (!prev || betterLink(link, prev.link)) byTrigger.set(detail.triggerEventId, { detail, link });
  }
  const ordered = [...byTrigger.values()].sort((a, b) =>
    a.detail.startedAt < b.detail.startedAt
      ? -1
      : a.detail.startedAt > b.detail.startedAt
        ? 1
        : a.detail.triggerEventId < b.detail.triggerEventId
          ? -1
          : 1,
  );
  return { incidents: new Map(ordered.map((x) => [x.detail.triggerEventId, x.detail])), blockedAttempts };
}

interface Seed {
  session: IncidentSession;
  actions: Map<string, CorrelationAction>;
  linked: Linked[];
  destructive: Linked[];
  blocked: Linked[];
}

type Linked = { link: EventLink; event: CorrelationEvent };

function betterLink(a: EventLink, b: EventLink): boolean {
  const d = CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence];
  if (d !== 0) return d > 0;
  if ((a.actionId != null) !== (b.actionId != null)) return a.actionId != null;
  return a.sessionId < b.sessionId;
}

function buildIncident(seed: Seed, index: EventIndex, agentLinked: ReadonlySet<string>): IncidentDetail {
  const { session, actions, destructive, blocked } = seed;
  const { event: trigger, link: triggerLink } = destructive[0];
  const horizon = trigger.eventTime + RECONSTRUCTION_HORIZON_MS;
  const action = triggerLink.actionId ? (actions.get(triggerLink.actionId) ?? null) : null;
  const chain = resolveIdentityChain(
    session,
    seed.linked.map((x) => x.event),
  );
  const radius = computeBlastRadius(
    destructive.map((x) => x.event),
    index,
    horizon,
  );
  const recovery = radius.recovery;
  const destructiveActions = uniqueActions([...destructive, ...blocked], actions);
  const approval = approvalOf(session, action, destructiveActions);
  const findings = [
    approvalFinding(approval, trigger),
    privilegeFinding(chain, trigger),
    scopeFinding(
      session,
      destructive.map((x) => x.event),
      trigger.eventTime,
    ),
  ].filter((f): f is Finding => f !== null);
  const phases = derivePhases({
    index,
    trigger,
    agentPrincipalArn: chain.principalArn ?? trigger.principalArn,
    affected: radius.items.map((i) => i.ref),
    agentLinked,
    recovery,
    horizon,
  });
  const affectedResources = radius.items.map((i) => i.ref.display);
  const primary = ownResourceRefs(trigger)[0]?.name ?? trigger.resources[0] ?? null;
  const title = `${session.kind} agent: ${trigger.eventName}${primary ? ` ${primary}` : ""}${trigger.region ? ` (${trigger.region})` : ""}, ${affectedResources.length} resource(s) destroyed`;
  return {
    schemaVersion: 1,
    triggerEventId: trigger.eventId,
    title,
    status: recovery ? "resolved" : "open",
    startedAt: toIso(trigger.eventTime),
    endedAt: toIsoOrNull(recovery?.eventTime),
    durationMinutes: recovery ? Math.round(((recovery.eventTime - trigger.eventTime) / 60_000) * 100) / 100 : null,
    accountId: trigger.accountId,
    region: trigger.region,
    trigger: {
      eventId: trigger.eventId,
      eventSource: trigger.eventSource,
      eventName: trigger.eventName,
      eventTime: toIso(trigger.eventTime),
      principalArn: trigger.principalArn,
      resources: [...trigger.resources],
      actionId: triggerLink.actionId,
      linkConfidence: triggerLink.confidence,
      linkEvidence: [...triggerLink.evidence],
    },
    agent: {
      kind: session.kind,
      sessionId: session.externalId,
      sessionDbId: session.id,
      toolCallId: action?.toolCallId ?? null,
      actionId: action?.id ?? null,
      command: action?.command ?? null,
      mode: session.mode ?? null,
    },
    approval,
    privilege: {
      principalArn: chain.principalArn ?? trigger.principalArn,
      roleArn: chain.roleArn,
      inheritedHumanSession: chain.inheritedHumanSession,
      human: chain.human,
      ssoSession: chain.ssoSession,
      adminRole: chain.adminRole,
      evidence: chain.evidence,
    },
    destructiveEvents: destructive.map(({ event: e, link }) => ({
      eventId: e.eventId,
      eventTime: toIso(e.eventTime),
      eventSource: e.eventSource,
      eventName: e.eventName,
      principalArn: e.principalArn,
      resources: [...e.resources],
      actionId: link.actionId,
      toolCallId: link.actionId ? (actions.get(link.actionId)?.toolCallId ?? null) : null,
      linkConfidence: link.confidence,
      cloudFormationInvoked: isCloudFormationInvoked(e),
    })),
    destructiveEventIds: destructive.map((x) => x.event.eventId),
    affectedResources,
    blastRadius: radius.items.map((i) => ({
      resource: i.ref.display,
      service: i.ref.service,
      name: i.ref.name,
      key: i.ref.key,
      destroyedAt: toIso(i.destroyedAt),
      destroyedByEventId: i.destroyedBy.eventId,
      destroyedByEventName: i.destroyedBy.eventName,
      stack: i.stack,
      recreatedAt: toIsoOrNull(i.recreatedBy?.eventTime),
      recreatedByEventId: i.recreatedBy?.eventId ?? null,
      recreatedByEventName: i.recreatedBy?.eventName ?? null,
      recreatedBy: i.recreatedBy ? (i.recreatedBy.humanName ?? i.recreatedBy.principalArn) : null,
      recreateMatch: i.recreateMatch,
    })),
    blockedAttempts: blocked.map((x) => toBlocked(session.id, x.event, x.link, actions)),
    findings,
    phases,
    recovery: recovery ? { eventId: recovery.eventId, eventTime: toIso(recovery.eventTime), principalArn: recovery.principalArn } : null,
  };
}

function uniqueActions(linked: Linked[], actions: Map<string, CorrelationAction>): CorrelationAction[] {
  const ids = [...new Set(linked.map((x) => x.link.actionId).filter((id): id is string => !!id))];
  return ids.map((id) => actions.get(id)).filter((a): a is CorrelationAction => !!a);
}

function toBlocked(sessionId: string, e: CorrelationEvent, link: EventLink, actions: Map<string, CorrelationAction>): BlockedAttempt {
  const action = link.actionId ? actions.get(link.actionId) : undefined;
  return {
    sessionId,
    eventId: e.eventId,
    eventTime: toIso(e.eventTime),
    eventSource: e.eventSource,
    eventName: e.eventName,
    errorCode: e.errorCode,
    errorMessage: e.errorMessage,
    resources: [...e.resources],
    actionId: link.actionId,
    toolCallId: action?.toolCallId ?? null,
    command: action?.command ?? null,
    evidence: [`${e.eventName} failed with ${e.errorCode ?? "an error"}: a guardrail held`, ...link.evidence],
  };
}
