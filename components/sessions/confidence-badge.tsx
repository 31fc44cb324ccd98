import styles from "./sessions.module.css";

const HINT = {
  high: "command, principal and time all match",
  medium: "command and time match; identity is weaker",
  low: "time and identity only",
} as const;

/** How sure a link between an agent action and a CloudTrail event is. */
export function ConfidenceBadge({ confidence }: { confidence: "high" | "medium" | "low" }) {
  return (
    <span className={`${styles.conf} ${styles[`conf-${confidence}`]}`} title={`${confidence} confidence: ${HINT[confidence]}`}>
      {confidence}
    </span>
  );
}
