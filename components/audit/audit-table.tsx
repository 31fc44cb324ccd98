import type { AuditRow } from "@/lib/audit/row";
import { formatUtc } from "@/lib/format";
import { DiffView } from "./diff-view";

/** One page of audit rows: when, who, what, on what, the change, from where. Everything rendered as text. */
export function AuditTable({ rows }: { rows: AuditRow[] }) {
  if (!rows.length) return <div className="empty">No audit rows match these filters.</div>;
  return (
    <div className="table-wrap">
      <table className="data auto" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Change</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="audit-row" data-action={r.action}>
              <td className="mono nowrap">{formatUtc(r.at, false)}</td>
              <td>
                <span>{r.actorLabel}</span> <span className="faint">({r.actorType})</span>
              </td>
              <td className="mono">{r.action}</td>
              <td className="mono">
                {r.targetType ? (
                  <>
                    {r.targetType}
                    {r.targetId ? <span className="faint"> {r.targetId}</span> : null}
                  </>
                ) : (
                  <span className="faint">—</span>
                )}
              </td>
              <td style={{ maxWidth: 480 }}>
                <DiffView diff={r.diff} />
              </td>
              <td className="mono" title={r.userAgent ?? undefined}>
                {r.ip ?? <span className="faint">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
