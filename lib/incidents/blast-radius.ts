import { isCloudFormationInvoked } from "@/lib/correlation/principals";
import type { CorrelationEvent } from "@/lib/correlation/types";
import { STACK_CASCADE_MS } from "@/lib/correlation/window";
import type { EventIndex } from "./event-index";
import { apiNoun, eventService, isRecreateEventName, ownResourceRefs, type ResourceRef } from "./resource-keys";

/**
 * What the agent destroyed and whether (and when) each piece came back.
 *
 * Destroyed: every resource a successful agent-linked destructive call acted on itself (`ownResourceRefs`: same service
 * as the call; AWS-managed policies excluded). One entry per resource key; `destroyedAt` is the agent's last
 * destructive call on it (so a recreate must come after the whole cascade).
 *
 * Recreated (first match after `destroyedAt`, within `horizon`), by anyone:
 *  - same identifier: a successful Create/Restore/Run/Start/Put/Register/Import/Enable/Attach/Add… call of the
 *    resource's service naming the same key (a stack recreated with a new stack id is the same stack name);
 *  - stack replacement: for resources CloudFormation deleted during DeleteStack of S whose identifier is generated
 *    (API Gateway ids …): once S is recreated, the first CloudFormation-made create of the same kind (`CreateRestApi`
 *    for `DeleteRestApi`) by the principal that recreated S within 60 min. Each replacement is used once.
 * Recovery is the last re-creation that happened (by anyone), even when only part of the blast radius came back
 * (service is restored while, say, a security group is never recreated): the items left without `recreatedBy` are
 * the resources never recreated. Nothing recreated at all → no recovery (the incident stays open).
 */

export interface BlastRadiusItem {
  ref: ResourceRef;
  destroyedAt: number;
  destroyedBy: CorrelationEvent;
  stack: string | null;
  stackRef: ResourceRef | null;
  recreatedBy: CorrelationEvent | null;
  recreateMatch: "same-identifier" | "stack-replacement" | null;
}

export interface BlastRadius {
  items: BlastRadiusItem[];
  /** The last recreate event (of any item), else null. */
  recovery: CorrelationEvent | null;
}

/** `destructive`: the session's successful destructive linked events, sorted by time. */
export function computeBlastRadius(destructive: readonly CorrelationEvent[], index: EventIndex, horizon: number): BlastRadius {
  const byKey = new Map<string, BlastRadiusItem>();
  const stackDeletes = destructive.filter((e) => e.eventName === "DeleteStack");
  for (const e of destructive) {
    const cfn = isCloudFormationInvoked(e);
    let stackRef: ResourceRef | null = null;
    if (cfn) {
      const del = [...stackDeletes].reverse().find((d) => d.eventTime <= e.eventTime);
      stackRef = del ? (ownResourceRefs(del)[0] ?? null) : null;
    }
    for (const ref of ownResourceRefs(e)) {
      const prev = byKey.get(ref.key);
      byKey.set(ref.key, {
        // the identifier the last destroying call used, unless only an earlier call gave an ARN
        ref: ref.display.startsWith("arn:") || !prev?.ref.display.startsWith("arn:") ? ref : prev.ref,
        destroyedAt: e.eventTime,
        destroyedBy: e,
        stack: stackRef?.name ?? prev?.stack ?? null,
        stackRef: stackRef ?? prev?.stackRef ?? null,
        recreatedBy: null,
        recreateMatch: null,
      });
    }
  }
  const items = [...byKey.values()].sort((a, b) => a.destroyedAt - b.destroyedAt || (a.ref.key < b.ref.key ? -1 : 1));
  const used = new Set<string>();
  for (const item of items) {
    item.recreatedBy = firstRecreate(index, item.ref, item.destroyedAt, horizon);
    if (item.recreatedBy) item.recreateMatch = "same-identifier";
  }
  for (const item of items) {
    if (item.recreatedBy || !item.stackRef) continue;
    const stackCreate = firstRecreate(index, item.stackRef, item.destroyedAt, horizon);
    if (!stackCreate) continue;
    const noun = apiNoun(item.destroyedBy.eventName);
    const to = Math.min(horizon, stackCreate.eventTime + STACK_CASCADE_MS);
    for (const e of index.cloudFormationCreates(item.destroyedBy.accountId, item.ref.service, noun, stackCreate.eventTime, to)) {
      if (!e.executed || used.has(e.eventId) || e.principalArn !== stackCreate.principalArn) continue;
      used.add(e.eventId);
      item.recreatedBy = e;
      item.recreateMatch = "stack-replacement";
      break;
    }
  }
  let recovery: CorrelationEvent | null = null;
  for (const i of items) {
    const e = i.recreatedBy;
    if (e) {
      if (!recovery || e.eventTime > recovery.eventTime || (e.eventTime === recovery.eventTime && e.eventId > recovery.eventId))
        recovery = e;
    }
  }
  return { items, recovery };
}

function firstRecreate(index: EventIndex, ref: ResourceRef, after: number, horizon: number): CorrelationEvent | null {
  for (const e of index.touching(ref.key, after, horizon)) {
    if (e.executed && isRecreateEventName(e.eventName) && eventService(e) === ref.service) return e;
  }
  return null;
}
