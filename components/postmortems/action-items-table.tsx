import Link from "next/link";
import type { ActionItemView } from "@/lib/postmortems/views";
import styles from "./postmortem.module.css";

/** Action items; overdue ones highlighted. `withIncident` adds the incident column (the cross-incident page). */
export function ActionItemsTable({ items, withIncident = false }: { items: ActionItemView[]; withIncident?: boolean }) {
  if (!items.length) return <div className="empty">No action items.</div>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="action-items">
        <thead>
          <tr>
            <th>Title</th>
            {withIncident ? <th>Incident</th> : null}
            <th>Owner</th>
            <th>Due</th>
            <th>Priority</th>
            <th>Status</th>
            <th>Safeguard</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr
              key={a.id}
              id={`action-item-${a.id}`}
              className={a.overdue ? styles.overdue : undefined}
              data-overdue={a.overdue ? "1" : undefined}
            >
              <td>{a.title}</td>
              {withIncident ? (
                <td>
                  <Link href={`/postmortems/${a.incidentId}#action-items`}>{a.incidentTitle ?? a.incidentId}</Link>
                </td>
              ) : null}
              <td>{a.owner ?? "—"}</td>
              <td className="nowrap">
                {a.dueDate ?? "—"}
                {a.overdue ? <b className="muted"> overdue</b> : null}
              </td>
              <td>{a.priority.toUpperCase()}</td>
              <td>{a.status.replace("_", " ")}</td>
              <td className="mono">{a.safeguardKey ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
