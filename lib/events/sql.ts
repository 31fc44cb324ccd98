import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Cursor } from "./cursor";
import type { EventFilter } from "./filters";
import { humanCallSql } from "./human-call";
import { idShaped, wholeIdTerm } from "./search-terms";
import type { SortDir, SortKey } from "./sort";

/**
 * SQL fragments for the event queries. Identifiers come only from the allow-lists below; every user value is a
 * bound parameter. Works on PostgreSQL 15+ and PGlite.
 */

/**
 * "A call a person made" over cloudtrail_event columns, unqualified (the table may be aliased or not): a superset of
 * `isHumanEvent` (reconstruction, timeline lanes).
 */
export const HUMAN_EVENT_CONDITION = Prisma.raw(humanCallSql());

type SortSpec = { expr: Prisma.Sql; param: (v: string | number) => Prisma.Sql };

/**
 * Sort expressions. Nullable columns sort as "" so the keyset comparison (expr, id) is total. eventTime uses
 * the (event_time, id) index directly.
 */
export const SORT_SQL: Record<SortKey, SortSpec> = {
  eventTime: { expr: Prisma.sql`e.event_time`, param: (v) => Prisma.sql`${String(v)}::timestamptz` },
  eventName: { expr: Prisma.sql`e.event_name`, param: (v) => Prisma.sql`${String(v)}::text` },
  eventSource: { expr: Prisma.sql`e.event_source`, param: (v) => Prisma.sql`${String(v)}::text` },
  principal: { expr: Prisma.sql`coalesce(e.principal_arn, '')`, param: (v) => Prisma.sql`${String(v)}::text` },
  risk: {
    expr: Prisma.sql`(CASE e.risk WHEN 'read' THEN 0 WHEN 'write' THEN 1 WHEN 'privilege' THEN 2 WHEN 'destructive' THEN 3 ELSE 4 END)`,
    param: (v) => Prisma.sql`${Number(v)}::int`,
  },
  region: { expr: Prisma.sql`coalesce(e.region, '')`, param: (v) => Prisma.sql`${String(v)}::text` },
  account: { expr: Prisma.sql`coalesce(e.account_id, '')`, param: (v) => Prisma.sql`${String(v)}::text` },
};

export function sortSpec(key: SortKey): SortSpec {
  const spec = Object.hasOwn(SORT_SQL, key) ? SORT_SQL[key] : undefined;
  if (!spec) throw new Error(`sort key not allowed`);
  return spec;
}

/** `%`, `_` and `\` escaped for LIKE … ESCAPE '\'. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Conditions for everything in the filter except the cursor; an empty filter → TRUE. */
export function filterConditions(f: EventFilter): Prisma.Sql[] {
  const c: Prisma.Sql[] = [];
  if (f.from !== null) c.push(Prisma.sql`e.event_time >= ${new Date(f.from).toISOString()}::timestamptz`);
  if (f.to !== null) c.push(Prisma.sql`e.event_time < ${new Date(f.to).toISOString()}::timestamptz`);
  if (f.account) c.push(Prisma.sql`e.account_id = ${f.account}`);
  if (f.region) c.push(Prisma.sql`e.region = ${f.region}`);
  if (f.service) c.push(Prisma.sql`e.event_source = ${f.service}`);
  if (f.eventName) {
    if (f.eventName.endsWith("*") && f.eventName.length > 1) {
      c.push(Prisma.sql`e.event_name LIKE ${`${escapeLike(f.eventName.slice(0, -1))}%`} ESCAPE '\\'`);
    } else {
      c.push(Prisma.sql`e.event_name = ${f.eventName}`);
    }
  }
  if (f.principal) {
    const p = f.principal.toLowerCase();
    c.push(Prisma.sql`(position(${p} in lower(coalesce(e.principal_arn, ''))) > 0
      OR position(${p} in lower(coalesce(e.session_name, ''))) > 0
      OR position(${p} in lower(coalesce(e.human_name, ''))) > 0)`);
  }
  if (f.risk.length > 0) c.push(Prisma.sql`e.risk IN (${Prisma.join(f.risk)})`);
  if (f.errorsOnly) c.push(Prisma.sql`e.error_code IS NOT NULL`);
  if (f.linkedOnly) c.push(agentLinkedSql);
  if (f.incidentOnly) c.push(inIncidentSql);
  c.push(...termConditions(f.terms));
  return c;
}

/**
 * One condition per free-text term (semantics: lib/events/search-terms.ts). search_text is lower-cased at ingest, so
 * LIKE on the lower-cased term is ILIKE without the per-row lower(), and the pg_trgm GIN index serves it; an
 * id-shaped term also matches eventID / requestID exactly (btree indexes; a BitmapOr with the trigram scan). A whole
 * AWS identifier is looked up in search_ids (its GIN index) instead of the trigram index.
 */
export function termConditions(terms: readonly string[]): Prisma.Sql[] {
  return terms.map((raw) => {
    const term = raw.toLowerCase();
    const text = wholeIdTerm(term)
      ? Prisma.sql`e.search_ids @> ARRAY[${term}]::text[]`
      : Prisma.sql`e.search_text LIKE ${`%${escapeLike(term)}%`} ESCAPE '\\'`;
    if (!idShaped(term)) return text;
    const upper = term.toUpperCase();
    return Prisma.sql`(${text} OR e.event_id IN (${term}, ${upper}) OR e.request_id IN (${term}, ${upper}))`;
  });
}

/** The call is linked to an agent session (its tool call, or the session as a whole). */
export const agentLinkedSql = Prisma.sql`EXISTS (SELECT 1 FROM action_event_link l WHERE l.event_id = e.event_id)`;

/**
 * The call is part of an incident: inside an incident's window (trigger → recovery, or a day while open), in its
 * account, and either linked to the incident's agent session or touching one of its affected resources.
 */
export const inIncidentSql = Prisma.sql`EXISTS (SELECT 1 FROM incident i
  WHERE e.event_time >= i.started_at AND e.event_time <= coalesce(i.ended_at, i.started_at + interval '1 day')
    AND (i.account_id IS NULL OR coalesce(e.account_id, i.account_id) = i.account_id)
    AND (e.event_id = i.trigger_event_id
      OR EXISTS (SELECT 1 FROM action_event_link l WHERE l.event_id = e.event_id AND l.session_id = i.session_id)
      OR e.resources && ARRAY(SELECT jsonb_array_elements_text(i.detail -> 'affectedResources'))))`;

export function whereSql(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

/** The direction rows are fetched in: reversed when paging backwards (the page is flipped afterwards). */
export function fetchDir(dir: SortDir, cursor: Cursor | null): SortDir {
  if (!cursor?.before) return dir;
  return dir === "asc" ? "desc" : "asc";
}

/** Keyset condition: rows strictly after the cursor row in fetch direction. */
export function keysetCondition(cursor: Cursor, dir: SortDir): Prisma.Sql {
  const spec = sortSpec(cursor.key);
  const op = fetchDir(dir, cursor) === "asc" ? Prisma.sql`>` : Prisma.sql`<`;
  return Prisma.sql`(${spec.expr}, e.id) ${op} (${spec.param(cursor.value)}, ${cursor.id}::bigint)`;
}

export function orderBySql(key: SortKey, dir: SortDir): Prisma.Sql {
  const d = dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  return Prisma.sql`ORDER BY ${sortSpec(key).expr} ${d}, e.id ${d}`;
}

/**
 * The same order by event time, written so no index can provide it: `ORDER BY … LIMIT` then cannot walk the
 * (event_time, id) index filtering row by row (which reads the whole table when a search matches nothing), and the
 * planner fetches the matches through the trigram bitmap and sorts them instead.
 */
export function orderByTimeUnindexedSql(dir: SortDir): Prisma.Sql {
  const d = dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  return Prisma.sql`ORDER BY e.event_time + interval '0 ms' ${d}, e.id ${d}`;
}
