import "server-only";
import { contentHash } from "@/lib/cloudtrail/canonical";
import type { Store } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { toIso, toIsoOrNull } from "@/lib/ids";
import type { RiskClass } from "@/lib/model/risk";
import { planRollup, rollupAnswers } from "@/lib/rollup/plan";
import { rollupDensityRows, rollupSpanEdge } from "@/lib/rollup/queries";
import { bucketGrid, DEFAULT_BUCKETS, type EventDensity, fillBuckets } from "@/lib/timeline/density";
import { encodeCursor } from "./cursor";
import { type EventFilter, eventFilter, MAX_PAGE_SIZE } from "./filters";
import { trigramIndexable } from "./search-terms";
import type { SortDir, SortKey } from "./sort";
import {
  agentLinkedSql,
  fetchDir,
  filterConditions,
  inIncidentSql,
  keysetCondition,
  orderBySql,
  orderByTimeUnindexedSql,
  sortSpec,
  termConditions,
  whereSql,
} from "./sql";
import type { EventDetail, EventPage, EventRow } from "./types";

/** Resources shown per row in the list; the drawer shows them all. */
const ROW_RESOURCES = 3;
/** Longest text sent per cell: the table truncates visually, this bounds the payload. */
const CELL_MAX = 512;

type ListRow = {
  id: string;
  event_id: string;
  event_time: Date | string;
  event_name: string;
  event_source: string;
  principal_arn: string | null;
  principal_type: string | null;
  session_name: string | null;
  human_name: string | null;
  risk: string;
  error_code: string | null;
  region: string | null;
  account_id: string | null;
  resources: string[] | null;
  resource_count: number;
  agent_linked: boolean;
  in_incident: boolean;
  sort_value: Date | string | number;
};

const cap = (s: string | null) => (s !== null && s.length > CELL_MAX ? s.slice(0, CELL_MAX) : s);

function toEventRow(r: ListRow): EventRow {
  return {
    id: String(r.id),
    eventId: r.event_id,
    eventTime: toIso(r.event_time),
    eventName: cap(r.event_name)!,
    eventSource: cap(r.event_source)!,
    principalArn: cap(r.principal_arn),
    principalType: cap(r.principal_type),
    sessionName: cap(r.session_name),
    humanName: cap(r.human_name),
    risk: r.risk as RiskClass,
    errorCode: cap(r.error_code),
    region: cap(r.region),
    accountId: cap(r.account_id),
    resources: (r.resources ?? []).map((s) => cap(s)!),
    resourceCount: Number(r.resource_count),
    agentLinked: Boolean(r.agent_linked),
    inIncident: Boolean(r.in_incident),
  };
}

function sortValueOf(r: ListRow, key: EventFilter["sort"]): string | number {
  if (key === "eventTime") return toIso(r.sort_value as Date | string);
  if (key === "risk") return Number(r.sort_value);
  return String(r.sort_value);
}

/**
 * Rows of the newest (in fetch order) events a search reads before it turns to the trigram index: a term matching
 * more than ~1 % of them fills the page from the time index alone; a rarer one (or one matching nothing) is
 * fetched through the index instead, so it costs what its matches cost, not a walk over the whole table.
 */
export const SEARCH_SCAN_BUDGET = 5000;

const TABLE = Prisma.sql`cloudtrail_event e`;

/** The list's columns for the rows of `source` (aliased e) that satisfy `conditions`, in `order`, at most `n`. */
function listSql(source: Prisma.Sql, conditions: Prisma.Sql[], sort: SortKey, order: Prisma.Sql, n: number): Prisma.Sql {
  return Prisma.sql`
    SELECT e.id::text AS id, e.event_id, e.event_time, e.event_name, e.event_source, e.principal_arn, e.principal_type,
           e.session_name, e.human_name, e.risk, e.error_code, e.region, e.account_id,
           e.resources[1:${ROW_RESOURCES}::int] AS resources, coalesce(cardinality(e.resources), 0)::int AS resource_count,
           ${agentLinkedSql} AS agent_linked, ${inIncidentSql} AS in_incident,
           ${sortSpec(sort).expr} AS sort_value
    FROM ${source}
    ${whereSql(conditions)}
    ${order}
    LIMIT ${n}::int`;
}

function selectRows(store: Store, source: Prisma.Sql, conditions: Prisma.Sql[], sort: SortKey, order: Prisma.Sql, n: number) {
  return store.prisma.$queryRaw<ListRow[]>(listSql(source, conditions, sort, order, n));
}

/** Step 2 of searchByTime: the first `n` matches by time through the indexes (exported for the plan test). */
export function searchFallbackSql(base: Prisma.Sql[], terms: readonly string[], dir: SortDir, n: number): Prisma.Sql {
  const order = terms.some(trigramIndexable) ? orderByTimeUnindexedSql(dir) : orderBySql("eventTime", dir);
  return listSql(TABLE, [...base, ...termConditions(terms)], "eventTime", order, n);
}

/**
 * The first `n` events by time (in `dir`) that satisfy `base` and the free-text `terms`, exactly as one
 * `ORDER BY event_time, id LIMIT n` would return them, in at most two steps: (1) the search over the first
 * SEARCH_SCAN_BUDGET rows of `base` in that order (a prefix of the answer: if it yields n rows they are the answer);
 * (2) otherwise through the trigram (and id) indexes, with an order no index provides so the planner cannot fall
 * back to walking the time index. Terms without a trigram (under 3 letters/digits) can't use the index: step 2 is
 * then left to the planner (a scan either way).
 */
async function searchByTime(store: Store, base: Prisma.Sql[], terms: readonly string[], dir: SortDir, n: number): Promise<ListRow[]> {
  const match = termConditions(terms);
  const recent = Prisma.sql`(SELECT * FROM cloudtrail_event e ${whereSql(base)} ${orderBySql("eventTime", dir)} LIMIT ${SEARCH_SCAN_BUDGET}::int) e`;
  const first = await selectRows(store, recent, match, "eventTime", orderBySql("eventTime", dir), n);
  if (first.length >= n) return first;
  return store.prisma.$queryRaw<ListRow[]>(searchFallbackSql(base, terms, dir, n));
}

/**
 * One page of events for a filter, in a stable order (sort key, then id), by keyset pagination: the cursor names
 * the boundary row, so pages never skip or repeat rows even when sort values tie.
 */
export async function listEvents(store: Store, input: Partial<EventFilter>): Promise<EventPage> {
  const f = eventFilter(input);
  const limit = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(f.limit)));
  const cursor = f.cursor && f.cursor.key === f.sort && f.cursor.dir === f.dir ? f.cursor : null;
  const base = filterConditions({ ...f, terms: [] });
  if (cursor) base.push(keysetCondition(cursor, f.dir));
  const dir = fetchDir(f.dir, cursor);

  const rows =
    f.terms.length > 0 && f.sort === "eventTime"
      ? await searchByTime(store, base, f.terms, dir, limit + 1)
      : await selectRows(store, TABLE, [...base, ...termConditions(f.terms)], f.sort, orderBySql(f.sort, dir), limit + 1);

  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (cursor?.before) page.reverse();

  const boundary = (r: ListRow | undefined, before: boolean) =>
    r ? encodeCursor({ key: f.sort, dir: f.dir, value: sortValueOf(r, f.sort), id: String(r.id), before }) : null;
  const first = page[0];
  const last = page[page.length - 1];
  let nextCursor: string | null;
  let prevCursor: string | null;
  if (!cursor) {
    nextCursor = more ? boundary(last, false) : null;
    prevCursor = null;
  } else if (!cursor.before) {
    nextCursor = more ? boundary(last, false) : null;
    prevCursor = boundary(first, true);
  } else {
    nextCursor = boundary(last, false);
    prevCursor = more ? boundary(first, true) : null;
  }
  return { rows: page.map(toEventRow), nextCursor, prevCursor };
}

/** Count of events matching a filter (ignores cursor and page size). */
export async function countEvents(store: Store, input: Partial<EventFilter>): Promise<number> {
  const f = eventFilter(input);
  const [r] = await store.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM cloudtrail_event e ${whereSql(filterConditions(f))}`;
  return Number(r?.n ?? 0);
}

/**
 * The time span of the events a filter matches (ignoring its own time bounds when they are open). A filter on
 * rollup dimensions finds its first/last minute in the rollup and reads only the events of those minutes (rare
 * values no longer walk the index); no filter, or one the rollup cannot answer, takes min/max over cloudtrail_event
 * (the (event_time, id) index, from each end: two probes when unfiltered).
 */
async function matchedSpan(store: Store, f: EventFilter): Promise<{ min: number; max: number } | null> {
  if (f.terms.length > 0) {
    // min()/max() with a search would walk the time index row by row (the whole table when nothing matches)
    const base = filterConditions({ ...f, terms: [] });
    const [lo] = await searchByTime(store, base, f.terms, "asc", 1);
    if (!lo) return null;
    const [hi] = await searchByTime(store, base, f.terms, "desc", 1);
    return { min: new Date(lo.event_time).getTime(), max: new Date(hi.event_time).getTime() };
  }
  const dims = f.account || f.region || f.service || f.risk.length > 0 || f.errorsOnly || f.linkedOnly;
  if (dims && rollupAnswers(f)) {
    const [min, max] = await Promise.all([rollupSpanEdge(store, f, "min"), rollupSpanEdge(store, f, "max")]);
    if (min === null || max === null) return null;
    if (min !== undefined && max !== undefined) return { min, max };
  }
  const [r] = await store.prisma.$queryRaw<{ lo: Date | string | null; hi: Date | string | null }[]>`
    SELECT min(e.event_time) AS lo, max(e.event_time) AS hi FROM cloudtrail_event e ${whereSql(filterConditions(f))}`;
  if (!r?.lo || !r?.hi) return null;
  return { min: new Date(r.lo).getTime(), max: new Date(r.hi).getTime() };
}

/**
 * Events per time bucket for a filter (cursor ignored), with the destructive ones counted apart. The range is the
 * filter's from/to; an open end is closed at the first/last matching event. `buckets` is the most buckets wanted;
 * the width is rounded up to a readable step (24 h / 1440 → 1 min).
 * Counted from the rollup (lib/rollup) when every filter is a rollup dimension and buckets are whole minutes;
 * otherwise from cloudtrail_event over the (event_time, id) index. `source: "events"` forces the latter (tests).
 */
export async function eventDensity(
  store: Store,
  input: Partial<EventFilter>,
  buckets: number = DEFAULT_BUCKETS,
  opts: { source?: "auto" | "events" } = {},
): Promise<EventDensity> {
  const f = { ...eventFilter(input), cursor: null };
  let from = f.from;
  let to = f.to;
  if (from === null || to === null) {
    const span = await matchedSpan(store, f);
    if (!span) {
      const now = Date.now();
      const a = from ?? (to ?? now) - 3_600_000;
      const b = to ?? Math.max(a + 3_600_000, now);
      return { from: a, to: b, bucketMs: 0, buckets: [], total: 0, destructive: 0 };
    }
    from ??= span.min;
    to ??= span.max + 1;
    if (to <= from) to = from + 1;
  }
  const grid = bucketGrid(from, to, buckets);
  const plan = opts.source === "events" ? null : planRollup(f, from, to, grid.bucketMs);
  const rows = plan ? await rollupDensityRows(store, f, plan, grid) : await eventsDensityRows(store, { ...f, from, to }, grid);
  const filled = fillBuckets(
    grid,
    rows.map((r) => ({
      b: Math.round((new Date(r.b).getTime() - grid.origin) / grid.bucketMs),
      total: Number(r.total),
      destructive: Number(r.destructive),
    })),
  );
  return {
    from,
    to,
    bucketMs: grid.bucketMs,
    buckets: filled,
    total: filled.reduce((n, b) => n + b.total, 0),
    destructive: filled.reduce((n, b) => n + b.destructive, 0),
  };
}

/** Density rows counted from cloudtrail_event (a filter the rollup cannot answer, or sub-minute buckets). */
export function eventsDensityRows(
  store: Store,
  f: EventFilter,
  grid: { origin: number; bucketMs: number },
): Promise<{ b: Date | string; total: number; destructive: number }[]> {
  return store.prisma.$queryRaw<{ b: Date | string; total: number; destructive: number }[]>(eventsDensitySql(f, grid));
}

/** The statement of eventsDensityRows (exported for the EXPLAIN test: it must use an index). */
export function eventsDensitySql(f: EventFilter, grid: { origin: number; bucketMs: number }): Prisma.Sql {
  // date_bin is several times faster than arithmetic on extract(epoch …) (PostgreSQL 14+, PGlite).
  return Prisma.sql`
    SELECT date_bin(${grid.bucketMs}::bigint * interval '1 millisecond', e.event_time, ${new Date(grid.origin).toISOString()}::timestamptz) AS b,
           count(*)::int AS total,
           (count(*) FILTER (WHERE e.risk = 'destructive'))::int AS destructive
    FROM cloudtrail_event e
    ${whereSql(filterConditions(f))}
    GROUP BY 1`;
}

const MAX_LINKS = 20;

/** One event with its original record, its source file and the agent actions linked to it; null when unknown. */
export async function getEvent(store: Store, eventId: string): Promise<EventDetail | null> {
  // Unique per (eventID, eventTime) since partitioning: the first stored copy if one ever came with another time.
  const e = await store.prisma.cloudTrailEvent.findFirst({
    where: { eventId },
    orderBy: { id: "asc" },
    include: { source: { select: { id: true, fileName: true } } },
  });
  if (!e) return null;
  const links = await store.prisma.actionEventLink.findMany({
    where: { eventId },
    include: { action: { select: { tool: true, command: true, at: true } } },
    take: MAX_LINKS,
  });
  const rank: Record<string, number> = { high: 0, medium: 1, low: 2 };
  links.sort((a, b) => (rank[a.confidence] ?? 3) - (rank[b.confidence] ?? 3));
  return {
    id: e.id.toString(),
    eventId: e.eventId,
    eventTime: e.eventTime.toISOString(),
    accountId: e.accountId,
    region: e.region,
    partition: e.partition,
    eventSource: e.eventSource,
    eventName: e.eventName,
    eventType: e.eventType,
    eventCategory: e.eventCategory,
    principalArn: e.principalArn,
    principalType: e.principalType,
    sessionName: e.sessionName,
    roleArn: e.roleArn,
    humanName: e.humanName,
    sourceIdentity: e.sourceIdentity,
    accessKeyId: e.accessKeyId,
    userAgent: e.userAgent,
    sourceIp: e.sourceIp,
    readOnly: e.readOnly,
    errorCode: e.errorCode,
    errorMessage: e.errorMessage,
    executed: e.executed,
    requestId: e.requestId,
    resources: e.resources,
    risk: e.risk as RiskClass,
    contentHash: contentHash(e.raw),
    recordIndex: e.recordIndex,
    ingestedAt: e.ingestedAt.toISOString(),
    source: e.source ? { id: e.source.id, fileName: e.source.fileName } : null,
    links: links.map((l) => ({
      sessionId: l.sessionId,
      actionId: l.actionId === null ? null : l.actionId.toString(),
      confidence: l.confidence,
      evidence: Array.isArray(l.evidence) ? l.evidence.map(String) : [],
      tool: l.action?.tool ?? null,
      command: l.action?.command ?? null,
      actionAt: toIsoOrNull(l.action?.at),
    })),
    raw: e.raw,
  };
}

export { facetValues } from "./facets";

/** Time of the newest event in the store (epoch ms), null when empty: the anchor of "last 24h" for historical data. */
export async function newestEventTime(store: Store): Promise<number | null> {
  const r = await store.prisma.cloudTrailEvent.findFirst({ orderBy: { eventTime: "desc" }, select: { eventTime: true } });
  return r ? r.eventTime.getTime() : null;
}
