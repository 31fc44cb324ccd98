import { OpenEvent } from "@/components/sessions/open-event";
import { formatDuration, formatUtc } from "@/lib/format";
import type { IncidentDetail } from "@/lib/incidents/report-schema";
import styles from "./incidents.module.css";

/** What the agent destroyed and when (and by whom) each thing came back. */
export function BlastRadius({ d }: { d: IncidentDetail }) {
  return (
    <section className="panel" data-testid="blast-radius">
      <div className="panel-head">
        <h2>Blast radius</h2>
        <span className="muted">
          {d.blastRadius.length} {d.blastRadius.length === 1 ? "resource" : "resources"} destroyed ·{" "}
          {d.blastRadius.filter((b) => b.recreatedAt).length} recreated
        </span>
      </div>
      {d.blastRadius.length === 0 ? (
        <div className="empty">No destroyed resource could be named.</div>
      ) : (
        <div className="table-wrap">
          <table className={`data ${styles.blast}`}>
            <colgroup>
              <col className="col-24p" />
              <col className="col-120" />
              <col className="col-26p" />
              <col />
              <col className="col-120" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Resource</th>
                <th scope="col">Service</th>
                <th scope="col">Destroyed</th>
                <th scope="col">Recreated</th>
                <th scope="col" className="num">
                  Down for
                </th>
              </tr>
            </thead>
            <tbody>
              {d.blastRadius.map((b) => {
                const down = b.recreatedAt ? Date.parse(b.recreatedAt) - Date.parse(b.destroyedAt) : null;
                return (
                  <tr key={b.key}>
                    <td>
                      <b className="mono" title={b.resource}>
                        {b.name}
                      </b>
                      {b.stack ? <div className="faint">in stack {b.stack}</div> : null}
                    </td>
                    <td>{b.service}</td>
                    <td>
                      <span className="mono">{formatUtc(b.destroyedAt, false)}</span>{" "}
                      <OpenEvent eventId={b.destroyedByEventId} className="linklike mono">
                        {b.destroyedByEventName}
                      </OpenEvent>
                    </td>
                    <td>
                      {b.recreatedAt && b.recreatedByEventId ? (
                        <>
                          <span className={styles.arrow}>→</span>
                          <span className="mono">{formatUtc(b.recreatedAt, false)}</span>{" "}
                          <OpenEvent eventId={b.recreatedByEventId} className="linklike mono">
                            {b.recreatedByEventName}
                          </OpenEvent>
                          {b.recreatedBy ? <span className="faint"> by {b.recreatedBy}</span> : null}
                          {b.recreateMatch === "stack-replacement" ? (
                            <div className="faint">replaced by the recreated stack (new id)</div>
                          ) : null}
                        </>
                      ) : (
                        <span className={styles.bad}>not recreated</span>
                      )}
                    </td>
                    <td className={`num ${styles.downtime}`}>{down !== null ? formatDuration(down) : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
