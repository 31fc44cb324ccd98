import { z } from "zod";
import { parseFieldParams, type SearchParamsInput, UrlText } from "@/lib/http/search-params";

/**
 * URL state of the incidents list (`/incidents?status=…&agent=…&account=…&blocked=1&sort=…&dir=…&offset=…`).
 * Each parameter is validated on its own; invalid ones are dropped.
 */

export const INCIDENT_SORT_KEYS = ["startedAt", "duration", "destructive", "status", "title"] as const;
export const IncidentSortKey = z.enum(INCIDENT_SORT_KEYS);
export type IncidentSortKey = z.infer<typeof IncidentSortKey>;

export const INCIDENT_PAGE_SIZE = 50;

const FIELDS = {
  status: z.enum(["open", "resolved"]),
  q: UrlText(200),
  agent: UrlText(64),
  account: UrlText(64),
  blocked: z.enum(["1", "true", "on"]).transform(() => true),
  sort: IncidentSortKey,
  dir: z.enum(["asc", "desc"]),
  offset: z.coerce.number().int().min(0).max(10_000_000),
} as const;

export interface IncidentListState {
  status?: "open" | "resolved";
  /** free text: title, resources, principals, commands (case-insensitive substring) */
  q?: string;
  /** agent kind */
  agent?: string;
  account?: string;
  /** only incidents whose session also had blocked destructive attempts */
  blocked?: boolean;
  sort: IncidentSortKey;
  dir: "asc" | "desc";
  offset: number;
  limit: number;
}

export const DEFAULT_INCIDENT_STATE: IncidentListState = { sort: "startedAt", dir: "desc", offset: 0, limit: INCIDENT_PAGE_SIZE };

export function incidentFirstDir(key: IncidentSortKey): "asc" | "desc" {
  return key === "title" || key === "status" ? "asc" : "desc";
}

export function parseIncidentListParams(sp: SearchParamsInput): IncidentListState {
  return parseFieldParams(sp, FIELDS, DEFAULT_INCIDENT_STATE);
}

/** `/incidents?…` for a state with a patch; any filter or sort change goes back to the first page. */
export function incidentsHref(state: IncidentListState, patch: Partial<IncidentListState> = {}): string {
  const next = { ...state, ...patch };
  if (!("offset" in patch) && Object.keys(patch).length > 0) next.offset = 0;
  const sp = new URLSearchParams();
  if (next.status) sp.set("status", next.status);
  if (next.q) sp.set("q", next.q);
  if (next.agent) sp.set("agent", next.agent);
  if (next.account) sp.set("account", next.account);
  if (next.blocked) sp.set("blocked", "1");
  if (next.sort !== DEFAULT_INCIDENT_STATE.sort || next.dir !== DEFAULT_INCIDENT_STATE.dir) {
    sp.set("sort", next.sort);
    sp.set("dir", next.dir);
  }
  if (next.offset > 0) sp.set("offset", String(next.offset));
  const qs = sp.toString();
  return `/incidents${qs ? `?${qs}` : ""}`;
}
