import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RiskClass } from "@/lib/model/risk";
import type { LinkedEventView } from "./types";

/**
 * The SQL shared by every "events this agent caused" list: action_event_link joined to cloudtrail_event (without
 * raw), and the row → view mapping. Works on PostgreSQL and PGlite.
 */

/** Resources sent per linked event (the drawer shows them all). */
const RESOURCES = 3;
/** Evidence lines per link and characters per line sent to the page. */
const MAX_EVIDENCE = 20;
const MAX_EVIDENCE_CHARS = 1000;
const CELL_MAX = 512;

export const LINKED_EVENT_COLUMNS = Prisma.sql`
  l.action_id::text AS action_id, l.confidence, l.evidence,
  e.event_id, e.event_time, e.event_name, e.event_source, e.risk, e.executed, e.error_code, e.error_message, e.principal_arn,
  e.resources[1:${RESOURCES}::int] AS resources, coalesce(cardinality(e.resources), 0)::int AS resource_count`;

export type LinkedEventRow = {
  action_id: string | null;
  confidence: string;
  evidence: unknown;
  event_id: string;
  event_time: Date | string;
  event_name: string;
  event_source: string;
  risk: string;
  executed: boolean;
  error_code: string | null;
  error_message: string | null;
  principal_arn: string | null;
  resources: string[] | null;
  resource_count: number;
};

const cap = (s: string | null, n = CELL_MAX) => (s !== null && s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A link's evidence column (json string[]) as bounded strings; anything else → []. */
export function evidenceList(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.slice(0, MAX_EVIDENCE).map((x) => cap(typeof x === "string" ? x : JSON.stringify(x), MAX_EVIDENCE_CHARS)!);
}

export function toConfidence(c: string): LinkedEventView["confidence"] {
  return c === "high" || c === "medium" ? c : "low";
}

export function toLinkedEvent(r: LinkedEventRow): LinkedEventView {
  return {
    eventId: r.event_id,
    eventTime: new Date(r.event_time).toISOString(),
    eventName: cap(r.event_name)!,
    eventSource: cap(r.event_source)!,
    risk: r.risk as RiskClass,
    executed: r.executed,
    errorCode: cap(r.error_code),
    errorMessage: cap(r.error_message, 2000),
    principalArn: cap(r.principal_arn),
    resources: (r.resources ?? []).map((s) => cap(s)!),
    resourceCount: Number(r.resource_count),
    confidence: toConfidence(r.confidence),
    evidence: evidenceList(r.evidence),
    actionId: r.action_id,
  };
}
