import { formatDuration, formatUtc } from "@/lib/format";
import type { IncidentView } from "@/lib/incidents/view-types";
import { compactPrincipal } from "@/lib/sessions/view-model";
import styles from "./incidents.module.css";

/** The numbers a reader wants first: when, how long, how much, whose credentials, who approved. */
export function IncidentHero({ v }: { v: IncidentView }) {
  const d = v.detail;
  const destroyed = d?.blastRadius.length ?? 0;
  const recreated = d?.blastRadius.filter((b) => b.recreatedAt).length ?? 0;
  return (
    <div className={styles.hero} data-testid="incident-hero">
      <div>
        <div className={styles.heroLabel}>Started</div>
        <div className={`${styles.heroValue} fs-16`}>
          <span className="mono fs-15">{formatUtc(v.startedAt, false)}</span>
        </div>
        <div className={styles.heroSub}>UTC{v.endedAt ? ` · recovered ${formatUtc(v.endedAt, false)}` : " · not recovered"}</div>
      </div>
      <div>
        <div className={styles.heroLabel}>Duration</div>
        <div className={`${styles.heroValue} text-destructive`} data-testid="incident-duration">
          {v.durationMinutes !== null ? formatDuration(v.durationMinutes * 60_000) : `ongoing`}
        </div>
        <div className={styles.heroSub}>trigger → recovery</div>
      </div>
      <div>
        <div className={styles.heroLabel}>Destroyed</div>
        <div className={styles.heroValue}>
          {destroyed} {destroyed === 1 ? "resource" : "resources"}
        </div>
        <div className={styles.heroSub}>
          {recreated} recreated · {d?.destructiveEventIds.length ?? 0} destructive calls
        </div>
      </div>
      <div>
        <div className={styles.heroLabel}>Credentials</div>
        <div className={`${styles.heroValue} fs-15`}>{d?.privilege.human ?? compactPrincipal(v.principalArn)}</div>
        <div className={styles.heroSub}>
          {d?.privilege.inheritedHumanSession ? "an engineer's own session" : "agent principal"}
          {d?.privilege.adminRole ? " · admin role" : ""}
        </div>
      </div>
      <div>
        <div className={styles.heroLabel}>Human approval</div>
        <div className={`${styles.heroValue} fs-16 ${d && !d.approval.recorded ? styles.no : ""}`}>
          {!d
            ? "unknown"
            : d.approval.recorded
              ? d.approval.approver
                ? `by ${d.approval.approver}`
                : (d.approval.decision ?? "recorded")
              : "none recorded"}
        </div>
        <div className={styles.heroSub}>mode: {d?.approval.mode ?? v.session?.mode ?? "unknown"}</div>
      </div>
    </div>
  );
}
