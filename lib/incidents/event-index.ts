import { isCloudFormationInvoked, isHumanEvent } from "@/lib/correlation/principals";
import type { CorrelationEvent } from "@/lib/correlation/types";
import { lowerBound } from "@/lib/correlation/window";
import { apiNoun, eventResourceRefs, eventService, isRecreateEventName, type ResourceRef } from "./resource-keys";

/**
 * The lookups reconstruction needs, built in one pass over the events and limited to what can matter:
 * events inside `[from, to]` that name a resource of interest (by key), people's calls, and CloudFormation-made
 * creates. Resource keys are only computed for identifiers whose name (or ARN segment) is an interesting name, so
 * the cost is one cheap scan of all events plus work proportional to the relevant ones.
 */
export interface IndexScope {
  /** Bare names of the destroyed resources (see resource-keys.ts). */
  names: ReadonlySet<string>;
  from: number;
  to: number;
}

export class EventIndex {
  private readonly byKey = new Map<string, CorrelationEvent[]>();
  private readonly refs = new Map<string, ResourceRef[]>();
  /** Calls people made directly, by time. */
  readonly human: CorrelationEvent[] = [];
  /** CloudFormation-made Create*-like calls by `account|service|noun`, by time (stack replacement lookups). */
  private readonly cfnCreates = new Map<string, CorrelationEvent[]>();

  constructor(events: readonly CorrelationEvent[], scope: IndexScope) {
    const simple = new Set<string>();
    const complex: string[] = [];
    for (const n of scope.names) {
      if (/[/:]/.test(n)) complex.push(n);
      else simple.add(n);
    }
    for (const e of events) {
      if (e.eventTime < scope.from || e.eventTime > scope.to) continue;
      if (e.resources.length && mayName(e.resources, simple, complex)) {
        const refs = eventResourceRefs(e);
        for (const r of refs) if (scope.names.has(r.name)) push(this.byKey, r.key, e);
      }
      if (isHumanEvent(e)) this.human.push(e);
      if (isCloudFormationInvoked(e) && isRecreateEventName(e.eventName))
        push(this.cfnCreates, cfnKey(e.accountId, eventService(e), apiNoun(e.eventName)), e);
    }
    for (const list of this.byKey.values()) sortUnique(list);
    for (const list of this.cfnCreates.values()) sortUnique(list);
    sortUnique(this.human);
  }

  /** All resources the event names (cached). */
  refsOf(e: CorrelationEvent): ResourceRef[] {
    let r = this.refs.get(e.eventId);
    if (!r) {
      r = eventResourceRefs(e);
      this.refs.set(e.eventId, r);
    }
    return r;
  }

  /** Events naming the resource key with `from < eventTime ≤ to`, by time. */
  *touching(key: string, from: number, to: number): Generator<CorrelationEvent> {
    const list = this.byKey.get(key);
    if (!list) return;
    for (let i = lowerBound(list, from + 1, (e) => e.eventTime); i < list.length && list[i].eventTime <= to; i++) yield list[i];
  }

  /** CloudFormation-made creates of one kind of resource with `from ≤ eventTime ≤ to`, by time. */
  *cloudFormationCreates(accountId: string | null, service: string, noun: string, from: number, to: number): Generator<CorrelationEvent> {
    const list = this.cfnCreates.get(cfnKey(accountId, service, noun));
    if (!list) return;
    for (let i = lowerBound(list, from, (e) => e.eventTime); i < list.length && list[i].eventTime <= to; i++) yield list[i];
  }

  /** Human calls with `from < eventTime ≤ to`, by time. */
  *humanBetween(from: number, to: number): Generator<CorrelationEvent> {
    for (let i = lowerBound(this.human, from + 1, (e) => e.eventTime); i < this.human.length && this.human[i].eventTime <= to; i++)
      yield this.human[i];
  }
}

/** Cheap pre-check: does any identifier equal an interesting name, or (ARNs) contain one as a `/`/`:` segment? */
function mayName(resources: readonly string[], simple: ReadonlySet<string>, complex: readonly string[]): boolean {
  for (const r of resources) {
    if (simple.has(r)) return true;
    if (r.startsWith("arn:")) {
      for (const seg of r.split(/[/:]/)) if (simple.has(seg)) return true;
    }
    for (const c of complex) if (r.includes(c)) return true;
  }
  return false;
}

function cfnKey(accountId: string | null, service: string, noun: string): string {
  return `${accountId ?? ""}|${service}|${noun}`;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Sorts by (eventTime, eventId) in place and drops repeated deliveries of the same eventId. */
function sortUnique(list: CorrelationEvent[]): void {
  list.sort((a, b) => a.eventTime - b.eventTime || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  let w = 0;
  const seen = new Set<string>();
  for (const e of list) {
    if (seen.has(e.eventId)) continue;
    seen.add(e.eventId);
    list[w++] = e;
  }
  list.length = w;
}
