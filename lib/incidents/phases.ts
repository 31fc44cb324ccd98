import { humanOf, isConsoleUserAgent } from "@/lib/correlation/principals";
import type { CorrelationEvent } from "@/lib/correlation/types";
import type { EventIndex } from "./event-index";
import type { Phase } from "./report-schema";
import { eventService, isRecreateEventName, type ResourceRef } from "./resource-keys";

/**
 * Incident phases, derived only where CloudTrail shows evidence (users may edit them later; the DB layer merges
 * `incident_phase` edits over these). All phases look at `(trigger, end]`, end = recovery or the horizon; events
 * linked to any agent session never count as a response.
 *  - trigger: the first successful destructive agent-linked call.
 *  - first_impact: the first failed call (errorCode set) naming a destroyed resource, by a principal other than the agent's.
 *  - detection: the first call a person made (console / SSO / IAM user, not via a service) in the incident's account
 *    that names a destroyed resource, or is a resource-less call (ListStacks, console overviews) to a destroyed resource's service.
 *  - mitigation: the earliest of the first successful non-read call by a person on a destroyed resource and the first
 *    recreate attempt (any result, any principal) of a destroyed resource.
 *  - recovery: the recreate event that completed recovery (see blast-radius.ts).
 */
export interface PhaseContext {
  index: EventIndex;
  trigger: CorrelationEvent;
  agentPrincipalArn: string | null;
  affected: readonly ResourceRef[];
  /** Event ids linked to any agent session. */
  agentLinked: ReadonlySet<string>;
  recovery: CorrelationEvent | null;
  horizon: number;
}

export function derivePhases(ctx: PhaseContext): Phase[] {
  const { trigger, index, recovery } = ctx;
  const end = recovery?.eventTime ?? ctx.horizon;
  const affectedKeys = new Set(ctx.affected.map((r) => r.key));
  const services = new Set(ctx.affected.map((r) => r.service));
  const notAgent = (e: CorrelationEvent) => !ctx.agentLinked.has(e.eventId);
  const phases: Phase[] = [phase("trigger", trigger, ["first successful destructive call linked to the agent"])];

  const impact = earliest(
    ctx.affected,
    index,
    trigger.eventTime,
    end,
    (e) => e.errorCode != null && notAgent(e) && e.principalArn !== ctx.agentPrincipalArn,
  );
  if (impact) {
    phases.push(
      phase("first_impact", impact, [
        `${impact.principalArn ?? "unknown principal"}: ${impact.eventName} failed with ${impact.errorCode} on ${namedAffected(index, impact, affectedKeys)}`,
      ]),
    );
  }

  for (const e of index.humanBetween(trigger.eventTime, end)) {
    if (!notAgent(e) || (trigger.accountId && e.accountId && e.accountId !== trigger.accountId)) continue;
    const refs = index.refsOf(e);
    const touches = refs.some((r) => affectedKeys.has(r.key));
    if (!touches && !(refs.length === 0 && services.has(eventService(e)))) continue;
    const via = isConsoleUserAgent(e.userAgent) ? "in the console" : "directly";
    const what = touches ? `on ${namedAffected(index, e, affectedKeys)}` : `(${eventService(e)}, no resource named)`;
    phases.push(
      phase("detection", e, [
        `first action by a person after the trigger: ${humanOf(e) ?? e.principalArn} ran ${e.eventName} ${via} ${what}`,
      ]),
    );
    break;
  }

  let humanWrite: CorrelationEvent | null = null;
  for (const e of index.humanBetween(trigger.eventTime, end)) {
    if (!notAgent(e) || !e.executed || e.readOnly === true || e.risk === "read") continue;
    if (!index.refsOf(e).some((r) => affectedKeys.has(r.key))) continue;
    humanWrite = e;
    break;
  }
  const attempt = earliest(
    ctx.affected,
    index,
    trigger.eventTime,
    end,
    (e, ref) => notAgent(e) && isRecreateEventName(e.eventName) && eventService(e) === ref.service,
  );
  const mitigation = humanWrite && (!attempt || humanWrite.eventTime <= attempt.eventTime) ? humanWrite : attempt;
  if (mitigation) {
    const who = humanOf(mitigation) ?? mitigation.principalArn ?? "unknown principal";
    const how =
      mitigation === humanWrite
        ? "first successful change by a person"
        : `first recreate attempt${mitigation.executed ? "" : ` (failed: ${mitigation.errorCode})`}`;
    phases.push(
      phase("mitigation", mitigation, [`${how}: ${who} ran ${mitigation.eventName} on ${namedAffected(index, mitigation, affectedKeys)}`]),
    );
  }
  if (recovery) {
    phases.push(
      phase("recovery", recovery, [
        `every destroyed resource recreated; last: ${recovery.eventName} by ${humanOf(recovery) ?? recovery.principalArn ?? "unknown principal"}`,
      ]),
    );
  }
  return phases;
}

function earliest(
  affected: readonly ResourceRef[],
  index: EventIndex,
  from: number,
  to: number,
  ok: (e: CorrelationEvent, ref: ResourceRef) => boolean,
): CorrelationEvent | null {
  let best: CorrelationEvent | null = null;
  for (const ref of affected) {
    for (const e of index.touching(ref.key, from, best ? Math.min(best.eventTime, to) : to)) {
      if (!ok(e, ref)) continue;
      if (!best || e.eventTime < best.eventTime || (e.eventTime === best.eventTime && e.eventId < best.eventId)) best = e;
      break;
    }
  }
  return best;
}

function namedAffected(index: EventIndex, e: CorrelationEvent, keys: ReadonlySet<string>): string {
  const names = index
    .refsOf(e)
    .filter((r) => keys.has(r.key))
    .map((r) => r.name);
  return names.length ? names.join(", ") : "(no resource named)";
}

function phase(name: Phase["phase"], e: CorrelationEvent, evidence: string[]): Phase {
  return { phase: name, at: new Date(e.eventTime).toISOString(), eventId: e.eventId, principalArn: e.principalArn, evidence };
}
