import { z } from "zod";
import { paramValues, type SearchParamsInput } from "@/lib/http/search-params";
import { RiskClass } from "@/lib/model/risk";
import { type Cursor, decodeCursor, MAX_CURSOR_LENGTH } from "./cursor";
import { DEFAULT_DIR, DEFAULT_SORT, SORT_KEYS, SortDir, SortKey } from "./sort";
import { relativeDurationMs, resolveTimeBound } from "./time";

/**
 * The event explorer's URL state. Every parameter is validated on its own: an invalid value is dropped (and
 * reported in `issues`) instead of failing the page, so a hand-edited or hostile URL still shows something sane.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Printable text without control characters, trimmed; empty → absent. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `longer than ${max} characters`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "contains control characters")
    .transform((s) => (s === "" ? undefined : s));

const timeBound = text(64).refine(
  (s) => s === undefined || resolveTimeBound(s, Date.now()) !== null,
  "not an ISO time or a duration like 24h",
);

/** Checkbox-style flag: "1", "true", "on", "yes" → true; "0", "false", "off", "no", "" → false. */
const flag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(["1", "true", "on", "yes", "0", "false", "off", "no", ""]))
  .transform((s) => s === "1" || s === "true" || s === "on" || s === "yes");

const pageSize = z
  .string()
  .trim()
  .regex(/^\d{1,6}$/, "not a whole number")
  .transform((s) => Number(s))
  .refine((n) => n >= 1, "must be at least 1")
  .transform((n) => Math.min(n, MAX_PAGE_SIZE));

/** Schema of each URL parameter (its raw string form → its validated value). */
export const EventUrlParams = {
  from: timeBound,
  to: timeBound,
  account: text(128),
  region: text(64).refine((s) => s === undefined || /^[a-z0-9-]+$/.test(s), "not a region name"),
  principal: text(256),
  service: text(256),
  name: text(256),
  q: text(200),
  errors: flag,
  linked: flag,
  incident: flag,
  sort: z.enum(SORT_KEYS, { error: "not a sortable column" }),
  dir: z.enum(SortDir.options, { error: "must be asc or desc" }),
  cursor: z
    .string()
    .trim()
    .max(MAX_CURSOR_LENGTH)
    .regex(/^[A-Za-z0-9_-]*$/, "malformed"),
  limit: pageSize,
} as const;

export type EventUrlParam = keyof typeof EventUrlParams | "risk";

/** The validated URL state (what links are built from; relative times stay relative). */
export const EventUrlState = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  account: z.string().optional(),
  region: z.string().optional(),
  principal: z.string().optional(),
  service: z.string().optional(),
  name: z.string().optional(),
  q: z.string().optional(),
  risk: z.array(RiskClass).default([]),
  errors: z.boolean().default(false),
  linked: z.boolean().default(false),
  incident: z.boolean().default(false),
  sort: SortKey.default(DEFAULT_SORT),
  dir: SortDir.default(DEFAULT_DIR),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});
export type EventUrlState = z.infer<typeof EventUrlState>;

/** What the queries take: the URL state resolved (times as epoch ms, cursor decoded, search terms split). */
export interface EventFilter {
  from: number | null;
  to: number | null;
  account: string | null;
  region: string | null;
  /** case-insensitive substring of principal ARN, session name or human name */
  principal: string | null;
  /** eventSource, exact (e.g. "ec2.amazonaws.com") */
  service: string | null;
  /** eventName, exact; a trailing "*" matches by prefix ("Delete*") */
  eventName: string | null;
  risk: RiskClass[];
  errorsOnly: boolean;
  /** only calls linked to an agent session */
  linkedOnly: boolean;
  /** only calls that are part of an incident (see lib/events/sql.ts inIncidentSql) */
  incidentOnly: boolean;
  /** free-text terms (lower-cased); every term must occur in search_text */
  terms: string[];
  sort: SortKey;
  dir: SortDir;
  cursor: Cursor | null;
  limit: number;
}

export const DEFAULT_FILTER: EventFilter = {
  from: null,
  to: null,
  account: null,
  region: null,
  principal: null,
  service: null,
  eventName: null,
  risk: [],
  errorsOnly: false,
  linkedOnly: false,
  incidentOnly: false,
  terms: [],
  sort: DEFAULT_SORT,
  dir: DEFAULT_DIR,
  cursor: null,
  limit: DEFAULT_PAGE_SIZE,
};

/** A filter with defaults for everything not given (for callers outside the URL path, e.g. the benchmark). */
export function eventFilter(partial: Partial<EventFilter> = {}): EventFilter {
  return { ...DEFAULT_FILTER, ...partial };
}

export type ParsedEventUrl = { state: EventUrlState; filter: EventFilter; issues: string[] };

const MAX_TERMS = 8;

/** Splits free text into lower-cased terms (whitespace-separated, de-duplicated, at most 8). */
export function searchTerms(q: string | undefined): string[] {
  if (!q) return [];
  return [...new Set(q.toLowerCase().split(/\s+/).filter(Boolean))].slice(0, MAX_TERMS);
}

/** Parses the explorer's search params. Invalid parameters are dropped and reported; nothing throws. */
export function parseEventSearchParams(sp: SearchParamsInput, now: number = Date.now()): ParsedEventUrl {
  const issues: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(EventUrlParams)) {
    const raw = paramValues(sp, key)[0];
    if (raw === undefined) continue;
    const r = (schema as z.ZodType).safeParse(raw);
    if (r.success) {
      if (r.data !== undefined) out[key] = r.data;
    } else {
      issues.push(`Ignored "${key}": ${r.error.issues[0]?.message ?? "invalid"}`);
    }
  }

  const risks = new Set<RiskClass>();
  for (const part of paramValues(sp, "risk").flatMap((v) => v.split(","))) {
    const p = part.trim().toLowerCase();
    if (!p) continue;
    const r = RiskClass.safeParse(p);
    if (r.success) risks.add(r.data);
    else issues.push(`Ignored "risk": unknown class`);
  }
  out.risk = RiskClass.options.filter((r) => risks.has(r));
  if (out.errors === false) delete out.errors;
  if (out.linked === false) delete out.linked;
  if (out.incident === false) delete out.incident;
  if (out.cursor === "") delete out.cursor;

  const state = EventUrlState.parse(out);

  const from = state.from ? resolveTimeBound(state.from, now) : null;
  let to = state.to ? resolveTimeBound(state.to, now) : null;
  if (from !== null && to !== null && from >= to) {
    issues.push(`Ignored "to": it is not after "from"`);
    delete state.to;
    to = null;
  }
  if (from === null) delete state.from;

  let cursor: Cursor | null = null;
  if (state.cursor) {
    cursor = decodeCursor(state.cursor);
    if (!cursor) issues.push(`Ignored "cursor": malformed`);
    else if (cursor.key !== state.sort || cursor.dir !== state.dir) {
      issues.push(`Ignored "cursor": it belongs to another sort order`);
      cursor = null;
    }
    if (!cursor) delete state.cursor;
  }

  const filter: EventFilter = {
    from,
    to,
    account: state.account ?? null,
    region: state.region ?? null,
    principal: state.principal ?? null,
    service: state.service ?? null,
    eventName: state.name ?? null,
    risk: state.risk,
    errorsOnly: state.errors,
    linkedOnly: state.linked,
    incidentOnly: state.incident,
    terms: searchTerms(state.q),
    sort: state.sort,
    dir: state.dir,
    cursor,
    limit: state.limit,
  };
  return { state, filter, issues: [...new Set(issues)] };
}

/** True when the value is a relative duration ("24h") rather than an absolute time. */
export function isRelativeTime(value: string | undefined): boolean {
  return value !== undefined && relativeDurationMs(value) !== null;
}
