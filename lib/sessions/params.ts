import { z } from "zod";

/**
 * URL state of the sessions list (`/sessions?sort=…&dir=…&offset=…&kind=…&mode=…&q=…`). Each parameter is validated
 * on its own; an invalid one is dropped, so a hand-edited URL still shows a sane page.
 */

export const SESSION_SORT_KEYS = ["startedAt", "kind", "mode", "user", "duration", "toolCalls", "destructive", "approvals", "rejections", "redactions"] as const;
export const SessionSortKey = z.enum(SESSION_SORT_KEYS);
export type SessionSortKey = z.infer<typeof SessionSortKey>;
export const SortDir = z.enum(["asc", "desc"]);
export type SortDir = z.infer<typeof SortDir>;

export const SESSION_PAGE_SIZE = 50;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s))
    .transform((s) => (s === "" ? undefined : s));

const FIELDS = {
  sort: SessionSortKey,
  dir: SortDir,
  offset: z.coerce.number().int().min(0).max(10_000_000),
  kind: text(64),
  mode: text(64),
  q: text(200),
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

type Input = URLSearchParams | Record<string, string | string[] | undefined>;
const first = (sp: Input, k: string) => (sp instanceof URLSearchParams ? (sp.get(k) ?? undefined) : Array.isArray(sp[k]) ? sp[k][0] : sp[k]);

export function parseSessionListParams(sp: Input): SessionListState {
  const out: SessionListState = { ...DEFAULT_SESSION_STATE };
  for (const [k, schema] of Object.entries(FIELDS)) {
    const raw = first(sp, k);
    if (raw === undefined) continue;
    const r = (schema as z.ZodType).safeParse(raw);
    if (r.success && r.data !== undefined) (out as unknown as Record<string, unknown>)[k] = r.data;
  }
  return out;
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
