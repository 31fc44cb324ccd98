import { keyedTexts } from "@/components/keyed-texts";
import { ModeBadge } from "@/components/sessions/mode-badge";
import type { IncidentDetail } from "@/lib/incidents/report-schema";
import type { IncidentView } from "@/lib/incidents/view-types";
import styles from "./incidents.module.css";

const KIND_LABEL: Record<string, string> = {
  "approval-gap": "Approval gap",
  "inherited-privilege": "Inherited privilege",
  "out-of-scope": "Out of scope",
};

/** The facts a finding rests on, up front (mode, person, role), then its evidence lines. */
function KeyFacts({ kind, d, v }: { kind: string; d: IncidentDetail; v: IncidentView }) {
  if (kind === "approval-gap") {
    return (
      <div className={styles.keyFacts}>
        <span>
          Session mode <ModeBadge mode={d.approval.mode ?? d.agent.mode} policy={v.session?.approvalPolicy} />
        </span>
        <span>
          Approval for the trigger:{" "}
          <b className={styles.no}>{d.approval.recorded ? (d.approval.decision ?? "recorded") : "none recorded"}</b>
        </span>
        {d.approval.approver ? <span>approver: {d.approval.approver}</span> : null}
      </div>
    );
  }
  if (kind === "inherited-privilege") {
    const p = d.privilege;
    return (
      <div className={styles.keyFacts}>
        {p.human ? (
          <span>
            Ran as <b data-testid="privilege-human">{p.human}</b>
            {p.inheritedHumanSession ? " (an engineer's own session)" : ""}
          </span>
        ) : null}
        {p.ssoSession ? <span>IAM Identity Center (SSO) login</span> : null}
        {p.adminRole ? <b className={styles.bad}>admin role</b> : null}
        {p.roleArn ? <span className="mono">{p.roleArn.replace(/^arn:[^:]*:iam::\d+:role\//, "")}</span> : null}
      </div>
    );
  }
  return null;
}

/** What went wrong besides the deletion itself, each with the evidence it rests on. */
export function Findings({ v }: { v: IncidentView }) {
  const d = v.detail;
  if (!d) return null;
  return (
    <section className="panel" data-testid="findings">
      <div className="panel-head">
        <h2>Findings</h2>
        <span className="muted">
          {d.findings.length ? `${d.findings.length} contributing factor${d.findings.length === 1 ? "" : "s"}` : "none"}
        </span>
      </div>
      {d.findings.length === 0 ? <div className="empty">No contributing factors found.</div> : null}
      <ul className={styles.findings}>
        {keyedTexts(d.findings.map((f) => `${f.kind}:${f.title}`)).map(({ key }, i) => {
          const f = d.findings[i];
          return (
            <li key={key} className={`${styles.finding} ${styles[`finding-${f.severity}`] ?? ""}`} data-testid={`finding-${f.kind}`}>
              <div className={styles.findingHead}>
                <span
                  className={`${styles.sev} ${styles[`sev-${f.severity}`] ?? ""}`}
                  title="Finding severity — how much this factor contributed to the harm (not how sure a link is)"
                  data-testid="finding-severity"
                >
                  {f.severity} severity
                </span>
                <span className={`faint ${styles.findingKind}`}>{KIND_LABEL[f.kind] ?? f.kind}</span>
              </div>
              <div className={styles.findingTitle}>{f.title}</div>
              <KeyFacts kind={f.kind} d={d} v={v} />
              <details open={f.evidence.length <= 6}>
                <summary className={`faint ${styles.evidenceSummary}`}>Evidence ({f.evidence.length})</summary>
                <ul className={styles.evidence}>
                  {keyedTexts(f.evidence).map((e) => (
                    <li key={e.key}>{e.text}</li>
                  ))}
                </ul>
              </details>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
