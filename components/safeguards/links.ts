import { eventsHref } from "@/lib/events/url";
import type { EvidenceItem } from "@/lib/safeguards/types";

/** The explorer around one CloudTrail event, its drawer open. */
export function eventHref(eventId: string, at: number): string {
  const href = eventsHref({ from: new Date(at - 60_000).toISOString(), to: new Date(at + 60_000).toISOString() });
  return `${href}${href.includes("?") ? "&" : "?"}event=${encodeURIComponent(eventId)}`;
}

/** The agent session page at the action (anchor by its position when known). */
export function actionHref(e: Pick<EvidenceItem, "sessionId" | "actionSeq">): string | null {
  if (!e.sessionId) return null;
  return `/sessions/${e.sessionId}${e.actionSeq != null ? `#action-${e.actionSeq}` : ""}`;
}
