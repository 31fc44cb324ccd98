import { formatUtc } from "@/lib/format";
import type { ApprovalView } from "@/lib/sessions/view-model";
import styles from "./sessions.module.css";

/** A tool call's approval: who approved it and how — or, prominently, that nothing was recorded. */
export function ApprovalBadge({ approval }: { approval: ApprovalView }) {
  const tone = approval.state === "none" ? "none" : approval.state === "rejected" ? "rejected" : approval.human ? "human" : "auto";
  const title = [approval.detail ? `detail: ${approval.detail}` : null, approval.at ? `at ${formatUtc(approval.at)} UTC` : null]
    .filter(Boolean)
    .join(" · ");
  return (
    <span
      className={`${styles.approval} ${styles[`approval-${tone}`]}`}
      title={title || undefined}
      data-testid="approval"
      data-state={approval.state}
    >
      {approval.state === "none" ? "⚠ " : approval.state === "rejected" ? "✕ " : "✓ "}
      {approval.label}
      {approval.detail && approval.state !== "none" ? (
        <span className={styles.approvalDetail}>
          {"\u00a0· "}
          {approval.detail}
        </span>
      ) : null}
    </span>
  );
}
