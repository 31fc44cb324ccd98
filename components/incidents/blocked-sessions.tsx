import Link from "next/link";
import { ModeBadge } from "@/components/sessions/mode-badge";
import { formatUtc } from "@/lib/format";
import type { BlockedSessionRow } from "@/lib/incidents/view-types";
import { shortId } from "@/lib/sessions/view-model";
import styles from "./incidents.module.css";

/** Sessions whose destructive calls AWS denied: guardrails that held (with or without an incident). */
export function BlockedSessions({ rows }: { rows: BlockedSessionRow[] }) {
  return (
    <section className="panel scroll-230" data-testid="blocked-sessions">
      <div className="panel-head">
        <h2>Guardrails that held</h2>
        <span className="muted">denied destructive calls</span>
      </div>
      {rows.length === 0 ? (
        <div className="empty compact">No blocked destructive attempts.</div>
      ) : (
        <ul className={styles.sideList}>
          {rows.map((r) => (
            <li key={r.sessionId}>
              <div className="row-flex">
                <span className={styles.held}>{r.blocked} held</span>
                <b>{r.kind}</b>
                {r.mode ? <ModeBadge mode={r.mode} /> : null}
                <Link href={`/sessions/${r.sessionId}`} className="mono" title={r.externalId}>
                  {shortId(r.externalId, 26)}
                </Link>
              </div>
              <div className="mono mt-2">
                {r.calls.join(", ")}
                {r.blocked > r.calls.length ? <span className="faint"> +{r.blocked - r.calls.length}</span> : null}
              </div>
              <div className="faint mt-1">
                {r.user ? `${r.user} · ` : ""}
                {formatUtc(r.lastAt, false)} UTC
                {r.incidents > 0 ? (
                  <span className={styles.bad}> · also caused {r.incidents === 1 ? "an incident" : `${r.incidents} incidents`}</span>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
