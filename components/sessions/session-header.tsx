import Link from "next/link";
import { keyedTexts } from "@/components/keyed-texts";
import { formatCount, formatDuration, formatUtc } from "@/lib/format";
import type { SessionDetail } from "@/lib/sessions/types";
import { MODE_HINT, modeLevel } from "@/lib/sessions/view-model";
import { ModeBadge } from "./mode-badge";
import styles from "./sessions.module.css";

function Field({ label, children, mono }: { label: string; children: React.ReactNode; mono?: boolean }) {
  if (children === null || children === undefined || children === "") return null;
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? "mono" : undefined}>{children}</dd>
    </>
  );
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: "bad" | "warn" }) {
  return (
    <div className={`stat${value > 0 && tone ? ` ${tone}` : ""}`}>
      <div className="label">{label}</div>
      <div className="value">{formatCount(value)}</div>
    </div>
  );
}

/** Who ran the session, how it was supervised, which AWS identity it used (with the evidence), and its counts. */
export function SessionHeader({ s }: { s: SessionDetail }) {
  const level = modeLevel(s.mode);
  const unapproved = s.destructive > 0 && s.approvals === 0;
  const id = s.awsIdentity;
  return (
    <section className="panel" data-testid="session-header">
      <div className={styles.headGrid}>
        <div>
          <div className={styles.sectionLabel}>Agent</div>
          <dl className="kv">
            <Field label="Agent">
              <b>{s.kind}</b>
              {s.agentVersion ? <span className="muted"> {s.agentVersion}</span> : null}
            </Field>
            <Field label="Mode">
              <ModeBadge mode={s.mode} policy={s.approvalPolicy} /> <span className="muted">{MODE_HINT[level]}</span>
            </Field>
            <Field label="Approval policy" mono>
              {s.approvalPolicy}
            </Field>
            <Field label="User">{s.user}</Field>
            <Field label="Host" mono>
              {s.host}
            </Field>
            <Field label="Working directory" mono>
              {s.cwd}
            </Field>
            <Field label="Model" mono>
              {s.model}
            </Field>
            <Field label="Started">{s.startedAt ? <span className="mono">{formatUtc(s.startedAt)} UTC</span> : null}</Field>
            <Field label="Ended">{s.endedAt ? <span className="mono">{formatUtc(s.endedAt)} UTC</span> : null}</Field>
            <Field label="Duration">{s.durationMs !== null ? formatDuration(s.durationMs) : null}</Field>
            <Field label="Session id" mono>
              {s.externalId}
            </Field>
            <Field label="Source file">
              {s.source ? (
                <Link href={`/sources/${s.source.id}`} data-testid="source-file-link">
                  {s.source.fileName}
                </Link>
              ) : (
                <span className="faint">unknown</span>
              )}
              {s.source?.format ? <span className="faint mono"> · {s.source.format}</span> : null}
            </Field>
            <Field label="Redactions">
              {s.redactions > 0 ? `${formatCount(s.redactions)} secrets redacted at ingest` : <span className="faint">none</span>}
            </Field>
          </dl>
        </div>
        <div>
          <div className={styles.sectionLabel}>AWS identity</div>
          {id ? (
            <>
              <dl className="kv">
                <Field label="Principal" mono>
                  {id.principalArn}
                </Field>
                <Field label="Account" mono>
                  {id.accountId}
                </Field>
                <Field label="Role" mono>
                  {id.roleArn}
                </Field>
                <Field label="Session name" mono>
                  {id.sessionName}
                </Field>
                <Field label="Source identity" mono>
                  {id.sourceIdentity}
                </Field>
                <Field label="Profile" mono>
                  {id.profile}
                </Field>
                <Field label="Region" mono>
                  {id.region}
                </Field>
                <Field label="App id" mono>
                  {id.appId}
                </Field>
              </dl>
              {id.evidence.length ? (
                <>
                  <div className={styles.sectionLabel} style={{ marginTop: 8 }}>
                    How we know
                  </div>
                  <ul className={styles.evidenceList} data-testid="identity-evidence">
                    {keyedTexts(id.evidence).map((e) => (
                      <li key={e.key}>{e.text}</li>
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          ) : s.principalArn ? (
            <dl className="kv">
              <Field label="Principal" mono>
                {s.principalArn}
              </Field>
              <Field label="Evidence">not in the agent log; taken from its best-linked CloudTrail call</Field>
            </dl>
          ) : (
            <p className="muted">The log does not say which AWS identity the agent used, and no CloudTrail call is linked to it.</p>
          )}
        </div>
      </div>
      <div className="panel-body stats" style={{ borderTop: "1px solid var(--border)" }}>
        <Stat label="Actions" value={s.actionCount} />
        <Stat label="Tool calls" value={s.toolCalls} />
        <Stat label="Destructive" value={s.destructive} tone="bad" />
        <Stat label="Approved" value={s.approvals} />
        <Stat label="Rejected" value={s.rejections} />
        <Stat label="Linked API calls" value={s.linkedEvents} />
        <Stat label="Blocked" value={s.blocked} tone="warn" />
        <Stat label="Incidents" value={s.incidents} tone="bad" />
      </div>
      {unapproved ? (
        <div className={`${styles.callout} ${styles.calloutBad}`} data-testid="approval-gap">
          <b>⚠ No approval recorded</b>
          <span>
            {s.destructive} destructive tool {s.destructive === 1 ? "call" : "calls"} ran and no approval is recorded in this session
            {s.mode ? ` (mode: ${s.mode})` : ""}.
          </span>
        </div>
      ) : null}
    </section>
  );
}
