import { RiskBadge } from "@/components/events/risk-badge";
import { ConfidenceBadge } from "@/components/sessions/confidence-badge";
import { OpenEvent } from "@/components/sessions/open-event";
import sessionStyles from "@/components/sessions/sessions.module.css";
import { formatUtc } from "@/lib/format";
import type { IncidentDetail } from "@/lib/incidents/report-schema";

/** Every destructive call of the incident, with how it is tied to the agent. */
export function DestructiveCalls({ d }: { d: IncidentDetail }) {
  return (
    <section className="panel" data-testid="destructive-calls">
      <div className="panel-head">
        <h2>Destructive calls ({d.destructiveEvents.length})</h2>
        <span className="muted">made with the agent&apos;s credentials</span>
      </div>
      <ul className={sessionStyles.links}>
        {d.destructiveEvents.map((e) => (
          <li key={e.eventId} className={sessionStyles.linkDestructive}>
            <div className={sessionStyles.linkMain}>
              <span className="mono faint">{formatUtc(e.eventTime, false).slice(11)}</span>
              <OpenEvent eventId={e.eventId} className={`linklike mono ${sessionStyles.linkName}`}>
                {e.eventName}
              </OpenEvent>
              <RiskBadge risk="destructive" />
              <span className={`mono ${sessionStyles.linkRes}`} title={e.resources.join("\n")}>
                {e.resources.join(", ")}
              </span>
              <span className={sessionStyles.linkConf}>
                {e.cloudFormationInvoked ? <span className={`faint ${sessionStyles.viaCfn}`}>via CloudFormation</span> : null}
                <ConfidenceBadge confidence={e.linkConfidence} />
              </span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Destructive calls of the same session that AWS denied: guardrails that held. */
export function BlockedAttempts({ d }: { d: IncidentDetail }) {
  if (d.blockedAttempts.length === 0) return null;
  return (
    <section className="panel" data-testid="incident-blocked">
      <div className="panel-head">
        <h2>Guardrails that held ({d.blockedAttempts.length})</h2>
        <span className="muted">the agent tried, AWS said no</span>
      </div>
      <ul className={sessionStyles.links}>
        {d.blockedAttempts.map((b) => (
          <li key={b.eventId}>
            <div className={sessionStyles.linkMain}>
              <span className={sessionStyles.guardrail}>guardrail held</span>
              <OpenEvent eventId={b.eventId} className="linklike mono">
                {b.eventName}
              </OpenEvent>
              <span className="error-code">{b.errorCode}</span>
              <span className="mono faint">{formatUtc(b.eventTime, false)} UTC</span>
            </div>
            {b.command ? <pre className={`${sessionStyles.command} mt-4`}>{b.command}</pre> : null}
            {b.errorMessage ? <div className="muted mt-2 small-wrap">{b.errorMessage}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
