import Link from "next/link";
import type { AuditFilter } from "@/lib/audit/filters";

/** The audit log's filters: a plain GET form, so every filter lives in the URL (works without JavaScript). */
export function AuditFilters({ filter, actions }: { filter: AuditFilter; actions: string[] }) {
  const local = (iso?: string) => (iso ? iso.slice(0, 16) : undefined);
  return (
    <form method="get" action="/settings/audit" data-testid="audit-filters">
      <div className="filters">
        <label className="field">
          <span>Actor</span>
          <input className="input" name="actor" defaultValue={filter.actor} placeholder="email, token or id" />
        </label>
        <label className="field">
          <span>Action</span>
          <input
            className="input"
            name="action"
            defaultValue={filter.action}
            placeholder="token. (prefix) or token.create"
            list="audit-actions"
          />
          <datalist id="audit-actions">
            {actions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span>Target type</span>
          <input className="input" name="targetType" defaultValue={filter.targetType} placeholder="api_token, incident…" />
        </label>
        <label className="field">
          <span>Target id</span>
          <input className="input" name="targetId" defaultValue={filter.targetId} />
        </label>
        <label className="field">
          <span>From (UTC)</span>
          <input className="input" type="datetime-local" name="from" defaultValue={local(filter.from)} />
        </label>
        <label className="field">
          <span>To (UTC)</span>
          <input className="input" type="datetime-local" name="to" defaultValue={local(filter.to)} />
        </label>
      </div>
      <div className="filters-row">
        <button className="btn primary small" type="submit">
          Apply
        </button>
        <Link className="btn small" href="/settings/audit">
          Clear
        </Link>
      </div>
    </form>
  );
}
