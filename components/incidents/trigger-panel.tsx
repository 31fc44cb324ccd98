import Link from "next/link";
import { keyedTexts } from "@/components/keyed-texts";
import { ConfidenceBadge } from "@/components/sessions/confidence-badge";
import { OpenEvent } from "@/components/sessions/open-event";
import { formatUtc } from "@/lib/format";
import type { IncidentView } from "@/lib/incidents/view-types";
import { actionHref } from "@/lib/timeline/view-model";
import styles from "./incidents.module.css";

/** The call that started the outage, and the agent command that made it, with the evidence for the link. */
export function TriggerPanel({ v }: { v: IncidentView }) {
  const d = v.detail;
  if (!d) return null;
  const t = d.trigger;
  return (
    <section className="panel" data-testid="trigger">
      <div className="panel-head">
        <h2>Trigger</h2>
        <span className="muted">the first destructive call the agent made</span>
      </div>
      <div className={styles.trigger}>
        <div className="row-flex baseline">
          <OpenEvent eventId={t.eventId} className={`linklike ${styles.triggerName}`} testId="trigger-event">
            {t.eventName}
          </OpenEvent>
          <span className="mono" data-testid="trigger-resource">
            {t.resources.join(", ") || "(no resource named)"}
          </span>
          <span className="faint mono">{t.eventSource}</span>
        </div>
        <dl className="kv mt-6">
          <dt>Time</dt>
          <dd className="mono">{formatUtc(t.eventTime)} UTC</dd>
          <dt>Principal</dt>
          <dd className="mono">{t.principalArn ?? "unknown"}</dd>
          <dt>Agent</dt>
          <dd>
            <b>{d.agent.kind}</b>
            {v.session ? (
              <>
                {" "}
                session{" "}
                <Link href={`/sessions/${v.session.id}`} className="mono">
                  {d.agent.sessionId}
                </Link>
              </>
            ) : (
              <span className="mono"> {d.agent.sessionId}</span>
            )}
            {d.agent.toolCallId ? <span className="faint mono"> · {d.agent.toolCallId}</span> : null}
          </dd>
        </dl>
        {d.agent.command ? (
          <>
            <div className="row-flex mt-8">
              <span className="muted">The agent ran</span>
              {v.triggerAction && v.session ? (
                <Link href={actionHref(v.session.id, v.triggerAction.seq)} className="faint">
                  step #{v.triggerAction.seq} · {formatUtc(v.triggerAction.at, false)} UTC
                </Link>
              ) : null}
              <span className="push-right">
                link <ConfidenceBadge confidence={t.linkConfidence} />
              </span>
            </div>
            <pre className={styles.cmd} data-testid="trigger-command">
              $ {d.agent.command}
            </pre>
          </>
        ) : (
          <div className="mt-8">
            <span className="muted">Linked to the session as a whole (no single tool call)</span>{" "}
            <ConfidenceBadge confidence={t.linkConfidence} />
          </div>
        )}
        {t.linkEvidence.length ? (
          <>
            <div className="muted mt-6 small-strong">Why this call is the agent&apos;s</div>
            <ul className={styles.evidence} data-testid="trigger-evidence">
              {keyedTexts(t.linkEvidence).map((e) => (
                <li key={e.key}>{e.text}</li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </section>
  );
}
