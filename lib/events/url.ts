import { DEFAULT_PAGE_SIZE, type EventUrlState } from "./filters";
import { DEFAULT_DIR, DEFAULT_SORT } from "./sort";

/** Builds explorer URLs from the validated URL state, so every link round-trips through the same parser. */

/** Parameters that select rows: changing any of them must reset the cursor. */
const FILTER_KEYS = [
  "from",
  "to",
  "account",
  "region",
  "principal",
  "service",
  "name",
  "q",
  "risk",
  "errors",
  "linked",
  "incident",
] as const;

export type EventUrlPatch = Partial<{ [K in keyof EventUrlState]: EventUrlState[K] | undefined }>;

/** Canonical query string ("" or "?…") for a state; defaults are left out. */
export function eventsQuery(state: Partial<EventUrlState>): string {
  const sp = new URLSearchParams();
  const set = (k: string, v: string | undefined) => {
    if (v !== undefined && v !== "") sp.set(k, v);
  };
  set("from", state.from);
  set("to", state.to);
  set("account", state.account);
  set("region", state.region);
  set("principal", state.principal);
  set("service", state.service);
  set("name", state.name);
  set("q", state.q);
  for (const r of state.risk ?? []) sp.append("risk", r);
  if (state.errors) sp.set("errors", "1");
  if (state.linked) sp.set("linked", "1");
  if (state.incident) sp.set("incident", "1");
  if (state.sort && (state.sort !== DEFAULT_SORT || (state.dir && state.dir !== DEFAULT_DIR))) sp.set("sort", state.sort);
  if (state.dir && state.dir !== DEFAULT_DIR) sp.set("dir", state.dir);
  set("cursor", state.cursor);
  if (state.limit && state.limit !== DEFAULT_PAGE_SIZE) sp.set("limit", String(state.limit));
  const s = sp.toString();
  return s ? `?${s}` : "";
}

/**
 * The URL of the explorer with some parameters changed. A change to any filter or to the sort drops the cursor
 * (a cursor only makes sense for the rows and order it came from).
 */
export function eventsHref(state: Partial<EventUrlState>, patch: EventUrlPatch = {}): string {
  const next: Partial<EventUrlState> = { ...state, ...patch };
  const resetsCursor = FILTER_KEYS.some((k) => k in patch) || "sort" in patch || "dir" in patch || "limit" in patch;
  if (resetsCursor && !("cursor" in patch)) delete next.cursor;
  return `/events${eventsQuery(next)}`;
}
