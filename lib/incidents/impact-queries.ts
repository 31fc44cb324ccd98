import "server-only";
import type { Store } from "@/lib/db";
import { personAndRole } from "@/lib/events/principal";
import { HUMAN_EVENT_CONDITION } from "@/lib/events/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { type CustomerImpact, DEFAULT_BASELINE_MS, type ImpactCall, measureImpact } from "./impact";
import type { IncidentView } from "./view-types";

/** At most this many calls on the affected resources are read for one incident (a cap, reported as `capped`). */
export const IMPACT_MAX_CALLS = 200_000;

/** Every identifier the incident's affected resources go by (ARNs and bare names), for matching `resources`. */
export function affectedIdentifiers(v: Pick<IncidentView, "detail">): string[] {
  const d = v.detail;
  if (!d) return [];
  const out = new Set<string>(d.affectedResources);
  for (const b of d.blastRadius) {
    out.add(b.resource);
    if (b.name) out.add(b.name);
  }
  return [...out].filter((s) => s.length > 0);
}

type Row = {
  event_id: string;
  event_time: Date | string;
  event_name: string;
  error_code: string | null;
  error_message: string | null;
  principal_arn: string | null;
  human_name: string | null;
  read_only: boolean | null;
  human: boolean;
  agent: boolean;
  invoked: boolean;
};

/** Reads the calls on the affected resources (baseline before the trigger → recovery) and measures the impact. */
export async function incidentImpact(
  store: Store,
  v: Pick<IncidentView, "detail" | "startedAt" | "endedAt" | "accountId">,
  opts: { buckets?: number; baselineMs?: number } = {},
): Promise<(CustomerImpact & { capped: boolean; resources: string[] }) | null> {
  const names = affectedIdentifiers(v);
  if (names.length === 0) return null;
  const baselineMs = opts.baselineMs ?? DEFAULT_BASELINE_MS;
  const triggerAt = Date.parse(v.startedAt);
  const endAt = v.endedAt ? Date.parse(v.endedAt) : null;
  const from = new Date(triggerAt - baselineMs).toISOString();
  const account = v.accountId ? Prisma.sql`AND coalesce(e.account_id, ${v.accountId}) = ${v.accountId}` : Prisma.empty;
  const upper = endAt !== null ? Prisma.sql`AND e.event_time <= ${new Date(endAt).toISOString()}::timestamptz` : Prisma.empty;
  const rows = await store.prisma.$queryRaw<Row[]>`
    SELECT e.event_id, e.event_time, e.event_name, e.error_code, left(e.error_message, 300) AS error_message, e.principal_arn,
           e.human_name, e.read_only,
           ${HUMAN_EVENT_CONDITION} AS human,
           EXISTS (SELECT 1 FROM action_event_link l WHERE l.event_id = e.event_id) AS agent,
           coalesce(e.source_ip LIKE '%.amazonaws.com' OR e.user_agent LIKE '%.amazonaws.com', false) AS invoked
    FROM cloudtrail_event e
    WHERE e.event_time >= ${from}::timestamptz ${upper}
      AND e.resources && ARRAY[${Prisma.join(names)}]::text[] ${account}
    ORDER BY e.event_time, e.id
    LIMIT ${IMPACT_MAX_CALLS + 1}::int`;
  const calls: ImpactCall[] = rows.slice(0, IMPACT_MAX_CALLS).map((r) => {
    const p = personAndRole(r.principal_arn, r.human_name);
    return {
      eventId: r.event_id,
      at: new Date(r.event_time).getTime(),
      eventName: r.event_name,
      errorCode: r.error_code,
      errorMessage: r.error_message,
      caller: p.role && !p.service ? `${p.who} · ${p.role}` : p.who,
      human: Boolean(r.human),
      agent: Boolean(r.agent),
      invokedByService: Boolean(r.invoked),
      readOnly: r.read_only,
    };
  });
  return {
    ...measureImpact({ calls, triggerAt, endAt, buckets: opts.buckets, baselineMs }),
    capped: rows.length > IMPACT_MAX_CALLS,
    resources: names,
  };
}

/**
 * The people working on the incident: principals of calls by a person (not linked to any agent session) on the
 * affected resources between the trigger and recovery (or 24 h after the trigger while open).
 */
export async function incidentTeam(
  store: Store,
  v: Pick<IncidentView, "detail" | "startedAt" | "endedAt" | "accountId">,
): Promise<string[]> {
  const names = affectedIdentifiers(v);
  if (names.length === 0) return [];
  const from = new Date(Date.parse(v.startedAt)).toISOString();
  const to = new Date(v.endedAt ? Date.parse(v.endedAt) : Date.parse(v.startedAt) + 86_400_000).toISOString();
  const account = v.accountId ? Prisma.sql`AND coalesce(e.account_id, ${v.accountId}) = ${v.accountId}` : Prisma.empty;
  const rows = await store.prisma.$queryRaw<{ principal_arn: string }[]>`
    SELECT DISTINCT e.principal_arn FROM cloudtrail_event e
    WHERE e.event_time >= ${from}::timestamptz AND e.event_time <= ${to}::timestamptz
      AND e.resources && ARRAY[${Prisma.join(names)}]::text[] ${account}
      AND e.principal_arn IS NOT NULL AND ${HUMAN_EVENT_CONDITION}
      AND NOT EXISTS (SELECT 1 FROM action_event_link l WHERE l.event_id = e.event_id)
    LIMIT 200`;
  return rows.map((r) => r.principal_arn).sort();
}
