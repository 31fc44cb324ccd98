import styles from "./incidents.module.css";

/** open (red) or resolved (green). */
export function IncidentStatusBadge({ status }: { status: string }) {
  const known = status === "open" || status === "resolved";
  return (
    <span className={`${styles.status} ${known ? styles[`status-${status}`] : ""}`} data-testid="incident-status">
      {status}
    </span>
  );
}

/** Whether a human approved the trigger: "no" is the finding, so it is loud. */
export function ApprovalRecorded({ recorded }: { recorded: boolean | null }) {
  if (recorded === null) return <span className="faint">unknown</span>;
  return recorded ? <span className={styles.yes}>recorded</span> : <span className={styles.no}>none recorded</span>;
}
