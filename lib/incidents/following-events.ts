import type { CorrelationEvent, EventLink } from "@/lib/correlation/types";
import { ownResourceRefs, type ResourceRef } from "./resource-keys";
import { RECONSTRUCTION_HORIZON_MS } from "./types";

/**
 * The data reconstruction needs, as reads the DB layer runs (lib/reconstruct/queries.ts; reconstruction itself is pure).
 *
 * Step 1 — seeds:
 *   sessions    = agent_session rows that have links (+ their agent_action rows, prompt/plan texts included);
 *   links       = action_event_link rows of those sessions;
 *   linkedEvents = cloudtrail_event rows WHERE event_id = ANY(<link event ids>)  (unique index on event_id).
 * Step 2 — for every plan from `followingEventQueries(linkedEvents, links)` load, without `raw`:
 *   (a) resources:  event_time > from AND event_time <= to AND resources && $terms        (impact, recreates)
 *   (b) people:     event_time > from AND event_time <= to AND (account_id = $account OR account_id IS NULL)
 *                   AND HUMAN_EVENT_CONDITION                                                     (detection, mitigation)
 *   (c) stack work: event_time >= from AND event_time <= to AND source_ip = 'cloudformation.amazonaws.com'
 *                   AND read_only IS NOT TRUE                                               (stack replacements)
 *   plus the links of any returned event (action_event_link WHERE event_id = ANY(...)), so calls by other agent
 *   sessions are never taken for a person's response.
 * Step 3 — `reconstructIncidents({ sessions, links, events: linkedEvents ∪ (a) ∪ (b) ∪ (c) })`; upsert incidents by
 *   trigger_event_id. Any superset of these events gives the same result, so re-running after more ingest is safe.
 * Indexes used: (event_time, id) for every window; a GIN index on `resources` makes (a) fast (not in the schema yet).
 */

export interface FollowingEventQuery {
  sessionId: string;
  triggerEventId: string;
  accountId: string | null;
  /** Trigger time, ms epoch. */
  from: number;
  /** Trigger time + 7 days, ms epoch. */
  to: number;
  /**
   * Identifiers to overlap with `resources`: every identifier the destructive calls named, their bare names, and the
   * usual ARN of the name where it can be built (Lambda function, DynamoDB table, IAM role without path, S3 bucket,
   * SNS topic, SQS queue). Calls naming a resource by another ARN form are missed by (a); `search_text` can widen it.
   */
  terms: string[];
}

/**
 * One query plan per session with a successful destructive linked call (the would-be trigger). `linkedEvents` are the
 * events of `links`; the plan's window and terms are what step 2 needs.
 */
export function followingEventQueries(linkedEvents: readonly CorrelationEvent[], links: readonly EventLink[]): FollowingEventQuery[] {
  const byId = new Map(linkedEvents.map((e) => [e.eventId, e]));
  const bySession = new Map<string, CorrelationEvent[]>();
  for (const l of links) {
    const e = byId.get(l.eventId);
    if (e?.risk !== "destructive" || !e.executed) continue;
    const list = bySession.get(l.sessionId) ?? [];
    if (!list.some((x) => x.eventId === e.eventId)) list.push(e);
    bySession.set(l.sessionId, list);
  }
  const out: FollowingEventQuery[] = [];
  for (const [sessionId, events] of [...bySession].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    events.sort((a, b) => a.eventTime - b.eventTime || (a.eventId < b.eventId ? -1 : 1));
    const trigger = events[0];
    const terms = new Set<string>();
    for (const e of events) {
      for (const id of e.resources) terms.add(id);
      for (const r of ownResourceRefs(e)) {
        terms.add(r.name);
        const a = likelyArn(r, e.partition ?? "aws");
        if (a) terms.add(a);
      }
    }
    out.push({
      sessionId,
      triggerEventId: trigger.eventId,
      accountId: trigger.accountId,
      from: trigger.eventTime,
      to: trigger.eventTime + RECONSTRUCTION_HORIZON_MS,
      terms: [...terms].sort(),
    });
  }
  return out;
}

/** The ARN a name usually appears as, where it has no generated part. */
function likelyArn(r: ResourceRef, partition: string): string | null {
  const [account, region] = r.key.split("|");
  switch (r.service) {
    case "lambda":
      return `arn:${partition}:lambda:${region}:${account}:function:${r.name}`;
    case "dynamodb":
      return `arn:${partition}:dynamodb:${region}:${account}:table/${r.name}`;
    case "iam":
      return `arn:${partition}:iam::${account}:role/${r.name}`;
    case "s3":
      return r.name.includes("/") ? null : `arn:${partition}:s3:::${r.name}`;
    case "sns":
    case "sqs":
      return `arn:${partition}:${r.service}:${region}:${account}:${r.name}`;
    default:
      return null;
  }
}
