import { formatUtc } from "@/lib/format";
import type { ApprovalView } from "@/lib/sessions/view-model";
import styles from "./sessions.module.css";

/** Risk classes where a missing approval matters (the call changes something). */
const MUTATING = new Set(["write", "destructive", "privilege"]);

/**
 * A tool call's approval: who approved it and how — or, prominently, that nothing was recorded where it matters
 * (mutating and destructive calls). Read-only calls without an approval get a quiet note instead of a warning.
 */
export function ApprovalBadge({ approval, risk }: { approval: ApprovalView; risk?: string | null }) {
  if (approval.state === "none" && !MUTATING.has(risk ?? "")) {
    return (
      <span
        className={`${styles.approval} ${styles["approval-quiet"]}`}
        title={
          risk === "read"
            ? "A read-only call: it changes nothing, so no approval is expected"
            : "No approval recorded; this step is not classified as changing anything in AWS"
        }
        data-testid="approval"
        data-state="not-needed"
      >
        {risk === "read" ? "read-only · no approval needed" : "no approval recorded"}
      </span>
    );
  }
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
