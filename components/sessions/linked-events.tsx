import { RiskBadge } from "@/components/events/risk-badge";
import { keyedTexts } from "@/components/keyed-texts";
import { formatUtc } from "@/lib/format";
import type { LinkedEventView } from "@/lib/sessions/types";
import { ConfidenceBadge } from "./confidence-badge";
import { OpenEvent } from "./open-event";
import styles from "./sessions.module.css";

/** CloudTrail calls linked to an action or a session: time, call, risk, result, link confidence and its evidence. */
export function LinkedEvents({ links, total, testId }: { links: LinkedEventView[]; total?: number; testId?: string }) {
  if (links.length === 0) return null;
  const more = (total ?? links.length) - links.length;
  return (
    <ul className={styles.links} data-testid={testId ?? "linked-events"}>
      {links.map((l) => (
        <li
          key={l.eventId}
          className={l.risk === "destructive" && l.executed ? styles.linkDestructive : undefined}
          data-testid="linked-event"
        >
          <details className={styles.linkDetails}>
            <summary className={styles.linkMain} title="Show why this call is linked">
              <span className="mono faint">{formatUtc(l.eventTime, false).slice(11)}</span>
              <OpenEvent eventId={l.eventId} className={`linklike mono ${styles.linkName}`}>
                {l.eventName}
              </OpenEvent>
              <span className="faint">{l.eventSource.replace(/\.amazonaws\.com$/, "")}</span>
              <RiskBadge risk={l.risk} />
              {l.errorCode ? <span className="error-code">{l.errorCode}</span> : null}
              {!l.executed ? <span className="badge neutral">not executed</span> : null}
              {l.resources.length ? (
                <span className={`mono ${styles.linkRes}`} title={l.resources.join("\n")}>
                  {l.resources.join(", ")}
                  {l.resourceCount > l.resources.length ? <span className="faint"> +{l.resourceCount - l.resources.length}</span> : null}
                </span>
              ) : null}
              <span className={styles.linkConf}>
                <span className={styles.why}>why linked</span>
                <ConfidenceBadge confidence={l.confidence} />
              </span>
            </summary>
            {l.evidence.length ? (
              <ul className={styles.evidenceItems}>
                {keyedTexts(l.evidence).map((e) => (
                  <li key={e.key}>{e.text}</li>
                ))}
              </ul>
            ) : (
              <div className={`faint ${styles.evidenceItems}`}>No evidence recorded for this link.</div>
            )}
          </details>
        </li>
      ))}
      {more > 0 ? <li className="faint">… and {more.toLocaleString("en-US")} more linked calls (see the events explorer)</li> : null}
    </ul>
  );
}
