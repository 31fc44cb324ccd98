import type { TargetStatus } from "@/lib/safeguards/types";
import styles from "./safeguards.module.css";

const LABEL: Record<TargetStatus, string> = {
  planned: "planned",
  verified: "verified",
  violated: "violated",
  no_evidence: "no evidence yet",
};

/** A safeguard's or target's status. */
export function SafeguardStatusBadge({ status }: { status: TargetStatus }) {
  return (
    <span className={`badge ${styles[status]}`} data-testid="safeguard-status" data-status={status}>
      {LABEL[status] ?? status}
    </span>
  );
}
