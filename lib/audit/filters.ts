import { z } from "zod";
import { parseFieldParams, type SearchParamsInput, UrlText } from "@/lib/http/search-params";

/**
 * The audit log's filters, as they live in the page's URL and the export's query (pure). `action` ending in `.`
 * or `*` matches a prefix (`token.` = every token action); `actor` matches an actor id exactly or a label in part.
 */
export type AuditFilter = {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** ISO instants, inclusive from, exclusive to */
  from?: string;
  to?: string;
};

const Instant = z
  .string()
  .trim()
  .max(40)
  .transform((s, ctx) => {
    // a date alone, or a datetime-local value (no zone) is read as UTC
    const withZone = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s) ? `${s}Z` : s;
    const t = Date.parse(withZone);
    if (Number.isNaN(t)) {
      ctx.addIssue({ code: "custom", message: "not a date" });
      return z.NEVER;
    }
    return new Date(t).toISOString();
  });

export const AUDIT_FILTER_FIELDS = {
  actor: UrlText(200),
  action: UrlText(100),
  targetType: UrlText(100),
  targetId: UrlText(200),
  from: Instant,
  to: Instant,
} as const;

/** Filters from URL parameters; an invalid one is dropped. */
export function parseAuditFilter(sp: SearchParamsInput): AuditFilter {
  const f = parseFieldParams<AuditFilter>(sp, AUDIT_FILTER_FIELDS, {});
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as AuditFilter;
}

/** The filters back as URL parameters (for links: pages, export). */
export function auditFilterParams(f: AuditFilter, extra: Record<string, string | number | undefined> = {}): URLSearchParams {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v !== undefined && v !== "") sp.set(k, String(v));
  return sp;
}

/** Prefix match for `token.` / `token.*`; null for an exact action. */
export function actionPrefix(action: string): string | null {
  if (action.endsWith("*")) return action.slice(0, -1);
  if (action.endsWith(".")) return action;
  return null;
}
