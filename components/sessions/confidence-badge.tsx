import styles from "./sessions.module.css";

const HINT = {
  high: "command, principal and time all match",
  medium: "command and time match; identity is weaker",
  low: "time and identity only",
} as const;

/** Link confidence words differ from finding severity ("high"): a link is strong, probable or weak. */
const WORD = { high: "strong link", medium: "probable link", low: "weak link" } as const;
const DOTS = { high: "●●●", medium: "●●○", low: "●○○" } as const;

/**
 * How sure a link between an agent action and a CloudTrail event is (evidence strength, not harm): an outlined
 * pill with dots, explained on hover. Finding severity is a filled square tag (components/incidents/findings.tsx).
 */
export function ConfidenceBadge({ confidence }: { confidence: "high" | "medium" | "low" }) {
  return (
    <span
      className={`${styles.conf} ${styles[`conf-${confidence}`]}`}
      title={`Link confidence — how sure Aftermath is that this API call came from this agent step (not how bad it is): ${WORD[confidence]}, ${HINT[confidence]}`}
      data-testid="link-confidence"
    >
      <span aria-hidden="true" className={styles.confDots}>
        {DOTS[confidence]}
      </span>{" "}
      {WORD[confidence]}
    </span>
  );
}
