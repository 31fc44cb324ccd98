import Link from "next/link";
import { formatUtc } from "@/lib/format";
import type { EvidenceItem } from "@/lib/safeguards/types";
import { actionHref, eventHref } from "./links";
import styles from "./safeguards.module.css";

const VERDICT = { violation: "violation", ok: "held", info: "seen" } as const;
const CLS = { violation: "risk-destructive", ok: "status-done", info: "neutral" } as const;

/** Evidence items, each linking to its CloudTrail event and/or agent action. Log text is rendered as text. */
export function EvidenceList({ items, limit = 50 }: { items: (EvidenceItem & { target?: string })[]; limit?: number }) {
  if (!items.length) return <div className="empty">No evidence in scope since rollout yet.</div>;
  return (
    <ul className={styles.evidence} data-testid="evidence-list">
      {items.slice(0, limit).map((e) => {
        const action = actionHref(e);
        return (
          <li
            key={`${e.target ?? ""}|${e.verdict}|${e.eventId ?? ""}|${e.sessionId ?? ""}|${e.actionKey ?? ""}`}
            data-testid="evidence-item"
            data-verdict={e.verdict}
          >
            <span className={`badge ${CLS[e.verdict]}`}>{VERDICT[e.verdict]}</span>
            <span className="mono faint">{formatUtc(e.at, false)}</span>
            <span className={styles.reason}>
              {e.reason}
              {e.command ? <div className={styles.cmd}>{e.command}</div> : null}
            </span>
            <span className={styles.links}>
              {e.target ? <span className="faint">{e.target}</span> : null}
              {e.eventId ? (
                <Link href={eventHref(e.eventId, e.at)} className="mono" data-testid="evidence-event-link" title={e.eventId}>
                  event {e.eventId.slice(0, 8)}…
                </Link>
              ) : null}
              {action ? (
                <Link href={action} data-testid="evidence-action-link" title={e.sessionExternalId ?? undefined}>
                  {e.actionKey ? "agent action" : "agent session"}
                </Link>
              ) : null}
            </span>
          </li>
        );
      })}
      {items.length > limit ? <li className="faint">… and {items.length - limit} more</li> : null}
    </ul>
  );
}
