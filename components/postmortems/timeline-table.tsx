import type { EventFact, TimelineRow } from "@/lib/postmortems/draft";

/** The post-mortem's timeline (phases, markers, starred events, notes), each row linking to its evidence. */
export function TimelineTable({ rows, events }: { rows: TimelineRow[]; events: Record<string, EventFact> }) {
  if (!rows.length) return <div className="empty">No timeline yet.</div>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="postmortem-timeline">
        <thead>
          <tr>
            <th>Time (UTC)</th>
            <th>What</th>
            <th>Evidence</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are a derived, ordered list
            <tr key={i} id={`timeline-${i + 1}`}>
              <td className="mono nowrap">{r.at.slice(0, 19).replace("T", " ")}</td>
              <td>{r.what}</td>
              <td>
                {r.eventId ? <a href={`/events?event=${encodeURIComponent(r.eventId)}`}>{events[r.eventId]?.eventName ?? "event"}</a> : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
