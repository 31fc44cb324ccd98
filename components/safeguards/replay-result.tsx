import Link from "next/link";
import type { ReplayResult } from "@/lib/safeguards/replay";
import { eventHref } from "./links";
import styles from "./safeguards.module.css";

/** "Would have blocked K of M destructive steps" per incident, with the deciding statement of each step. */
export function ReplayResultView({ result }: { result: ReplayResult }) {
  if (!result.incidents.length) return <div className="empty">No past incident in scope to replay.</div>;
  return (
    <div data-testid="replay-result">
      <div style={{ padding: "8px 12px" }}>
        <span className={styles.big} data-testid="replay-total">
          Would have blocked {result.total.blocked} of {result.total.destructive} destructive steps
        </span>{" "}
        <span className="faint">({result.candidate})</span>
      </div>
      {result.incidents.map((i) => (
        <section key={i.id} data-testid="replay-incident" data-incident={i.id}>
          <div style={{ padding: "6px 12px" }}>
            <Link href={`/incidents/${i.id}`}>{i.title}</Link>:{" "}
            <b data-testid="replay-incident-summary">
              would have blocked {i.blocked} of {i.destructive}
            </b>
          </div>
          <ul className={styles.steps}>
            {i.steps.map((s) => (
              <li
                key={s.eventId}
                className={styles.step}
                data-testid="replay-step"
                data-event={s.eventId}
                data-blocked={s.blocked ? "1" : "0"}
              >
                <span className={s.blocked ? styles.blocked : styles.allowed}>{s.blocked ? "blocked" : "allowed"}</span>{" "}
                <Link href={eventHref(s.eventId, s.eventTime)} className="mono">
                  {s.eventName}
                </Link>{" "}
                {s.action ? <span className="mono faint">{s.action}</span> : null}
                {s.statement ? (
                  <div>
                    deciding: <b data-testid="replay-statement">{s.statement}</b>
                  </div>
                ) : null}
                <div className="faint">{s.reason}</div>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
