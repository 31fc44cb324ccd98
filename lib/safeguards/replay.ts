import { decide } from "./agent-rules";
import type { AgentRules, PolicyDocument, PolicyType } from "./file-schema";
import { iamRequestOf, type ReplayEvent } from "./iam-request";
import { evaluatePolicy } from "./replay-iam";
import type { ScopeAction } from "./types";

/** A past incident as replay needs it: its destructive steps with the tool call that caused each. */
export interface ReplayIncident {
  id: string;
  title: string;
  triggerEventId: string;
  destructive: { eventId: string; actionId: string | null; cloudFormationInvoked: boolean }[];
}

export interface ReplayInput {
  incidents: ReplayIncident[];
  /** The destructive events (and any event they reference), by eventId. */
  events: Map<string, ReplayEvent>;
  /** The agent actions the destructive events link to, by DB id (for agent rules). */
  actions: Map<string, ScopeAction>;
}

export type Candidate = { type: PolicyType; policy: PolicyDocument } | { type: "agent-rules"; rules: AgentRules };

export interface ReplayStep {
  eventId: string;
  eventName: string;
  eventTime: number;
  action: string | null;
  blocked: boolean;
  /** The deciding statement or rule; for a prevented cascade, the step that prevented it. */
  statement: string | null;
  reason: string;
}

export interface ReplayIncidentResult {
  id: string;
  title: string;
  triggerEventId: string;
  destructive: number;
  blocked: number;
  blockedEventIds: string[];
  allowedEventIds: string[];
  steps: ReplayStep[];
}

export interface ReplayResult {
  candidate: string;
  total: { destructive: number; blocked: number };
  incidents: ReplayIncidentResult[];
}

export function describeCandidate(c: Candidate): string {
  if (c.type === "agent-rules")
    return `agent rules (${c.rules.deny.length} deny, ${c.rules.ask.length} ask, ${c.rules.allow.length} allow)`;
  return `${c.type} (${Array.isArray(c.policy.Statement) ? c.policy.Statement.length : 1} statement(s))`;
}

/**
 * Replays past incidents against a candidate safeguard: which destructive steps would have been prevented.
 *  - IAM policy: each recorded destructive call is evaluated as an IAM request (iam-request.ts); blocked when the
 *    policy denies it. CloudFormation's cascade for a tool call whose own call was blocked is prevented with it.
 *  - Agent rules: each destructive event's tool call is matched against the rules; a prevented tool call prevents
 *    every event it caused (links), whatever the event.
 * Pure (async only because the IAM evaluator is).
 */
export async function replayIncidents(input: ReplayInput, c: Candidate): Promise<ReplayResult> {
  const incidents: ReplayIncidentResult[] = [];
  for (const inc of input.incidents) {
    const steps: ReplayStep[] = [];
    const blockedByAction = new Map<string, ReplayStep>();
    const ordered = [...inc.destructive].sort(
      (a, b) => (input.events.get(a.eventId)?.eventTime ?? 0) - (input.events.get(b.eventId)?.eventTime ?? 0),
    );
    for (const d of ordered) {
      const e = input.events.get(d.eventId);
      const base = { eventId: d.eventId, eventName: e?.eventName ?? "?", eventTime: e?.eventTime ?? 0 };
      if (!e) {
        steps.push({ ...base, action: null, blocked: false, statement: null, reason: "event not in the store: not evaluated" });
        continue;
      }
      if (c.type === "agent-rules") {
        const a = d.actionId ? input.actions.get(d.actionId) : undefined;
        if (!a) {
          steps.push({
            ...base,
            action: null,
            blocked: false,
            statement: null,
            reason: "linked to the session, not a tool call: no rule can match",
          });
          continue;
        }
        const m = decide(c.rules, a);
        const unapproved = !(a.approval?.decision === "approved" && a.approval.source === "user");
        const blocked = m.decision === "deny" || (m.decision === "ask" && unapproved);
        steps.push({
          ...base,
          action: a.command ?? a.tool,
          blocked,
          statement: blocked ? m.rule : null,
          reason: blocked
            ? m.decision === "deny"
              ? `the tool call \`${a.command ?? a.tool}\` is denied, so it and every call it caused would not have run`
              : `the tool call would have waited for a person's approval, which the recorded run did not have`
            : m.rule
              ? `${m.rule} lets it run`
              : "no rule matches the tool call",
        });
        continue;
      }
      const prior = d.actionId && d.cloudFormationInvoked ? blockedByAction.get(d.actionId) : undefined;
      if (prior) {
        steps.push({
          ...base,
          action: iamRequestOf(e).action,
          blocked: true,
          statement: prior.statement,
          reason: `prevented: CloudFormation runs this only because ${prior.eventName} (${prior.eventId}) succeeded, and that call is blocked`,
        });
        continue;
      }
      const req = iamRequestOf(e);
      const r = await evaluatePolicy(c.policy, c.type, req);
      const step: ReplayStep = { ...base, action: req.action, blocked: r.decision === "blocked", statement: r.statement, reason: r.reason };
      steps.push(step);
      if (step.blocked && d.actionId && !blockedByAction.has(d.actionId)) blockedByAction.set(d.actionId, step);
    }
    const blockedIds = steps.filter((s) => s.blocked).map((s) => s.eventId);
    incidents.push({
      id: inc.id,
      title: inc.title,
      triggerEventId: inc.triggerEventId,
      destructive: steps.length,
      blocked: blockedIds.length,
      blockedEventIds: blockedIds,
      allowedEventIds: steps.filter((s) => !s.blocked).map((s) => s.eventId),
      steps,
    });
  }
  return {
    candidate: describeCandidate(c),
    total: { destructive: incidents.reduce((n, i) => n + i.destructive, 0), blocked: incidents.reduce((n, i) => n + i.blocked, 0) },
    incidents,
  };
}
