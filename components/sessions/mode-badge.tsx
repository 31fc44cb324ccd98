import { MODE_HINT, modeLevel } from "@/lib/sessions/view-model";
import styles from "./sessions.module.css";

/** The session's approval mode; unsupervised modes (autopilot, never, bypass…) stand out in red. */
export function ModeBadge({ mode, policy }: { mode: string | null; policy?: string | null }) {
  const level = modeLevel(mode);
  const title = `${MODE_HINT[level]}${policy && policy !== mode ? ` · policy: ${policy}` : ""}`;
  return (
    <span className={`${styles.mode} ${styles[`mode-${level}`]}`} title={title} data-level={level} data-testid="mode-badge">
      {mode ?? "unknown"}
    </span>
  );
}
