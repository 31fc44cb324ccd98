import { z } from "zod";
import { parseFieldParams, type SearchParamsInput, UrlText } from "@/lib/http/search-params";

/**
 * URL state of the sessions list (`/sessions?sort=…&dir=…&offset=…&kind=…&mode=…&q=…`). Each parameter is validated
 * on its own; an invalid one is dropped, so a hand-edited URL still shows a sane page.
 */

export const SESSION_SORT_KEYS = [
  "startedAt",
  "kind",
  "mode",
  "user",
  "duration",
  "toolCalls",
  "destructive",
  "approvals",
  "rejections",
  "redactions",
] as const;
export const SessionSortKey = z.enum(SESSION_SORT_KEYS);
export type SessionSortKey = z.infer<typeof SessionSortKey>;
export const SortDir = z.enum(["asc", "desc"]);
export type SortDir = z.infer<typeof SortDir>;

export const SESSION_PAGE_SIZE = 50;

const FIELDS = {
  sort: SessionSortKey,
  dir: SortDir,
  offset: z.coerce.number().int().min(0).max(10_000_000),
  kind: UrlText(64),
  mode: UrlText(64),
  q: UrlText(200),
} as const;

export interface SessionListState {
  sort: SessionSortKey;
  dir: SortDir;
  offset: number;
  limit: number;
  kind?: string;
  mode?: string;
  /** substring of user, host, cwd or the agent's session id */
  q?: string;
}

export const DEFAULT_SESSION_STATE: SessionListState = { sort: "startedAt", dir: "desc", offset: 0, limit: SESSION_PAGE_SIZE };

/** Text columns sort A→Z first; times and counts largest first. */
export function firstDir(key: SessionSortKey): SortDir {
  return key === "kind" || key === "mode" || key === "user" ? "asc" : "desc";
}

export function parseSessionListParams(sp: SearchParamsInput): SessionListState {
  return parseFieldParams(sp, FIELDS, DEFAULT_SESSION_STATE);
}

/** `/sessions?…` for a state with a patch; changing filters or sort goes back to the first page. */
export function sessionsHref(state: SessionListState, patch: Partial<SessionListState> = {}): string {
  const next = { ...state, ...patch };
  if (("sort" in patch || "dir" in patch || "kind" in patch || "mode" in patch || "q" in patch) && !("offset" in patch)) next.offset = 0;
  const sp = new URLSearchParams();
  if (next.sort !== DEFAULT_SESSION_STATE.sort || next.dir !== DEFAULT_SESSION_STATE.dir) {
    sp.set("sort", next.sort);
    sp.set("dir", next.dir);
  }
  if (next.kind) sp.set("kind", next.kind);
  if (next.mode) sp.set("mode", next.mode);
  if (next.q) sp.set("q", next.q);
  if (next.offset > 0) sp.set("offset", String(next.offset));
  const qs = sp.toString();
  return `/sessions${qs ? `?${qs}` : ""}`;
}
