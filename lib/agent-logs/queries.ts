import "server-only";
import type { Store } from "@/lib/db";
import type { CiContext } from "./types";

export interface SessionProvenance {
  kind: string;
  timesApproximate: string | null;
  ci: CiContext | null;
  /** Tool calls whose approval the log does not show. */
  unknownApprovals: number;
  toolCalls: number;
}

/** Where a session's facts come from: approximate times, CI run, how many approvals the log leaves unknown. */
export async function sessionProvenance(store: Store, sessionId: string): Promise<SessionProvenance | null> {
  const s = await store.prisma.agentSession.findUnique({
    where: { id: sessionId },
    select: { kind: true, timesApproximate: true, ciContext: true, toolCalls: true },
  });
  if (!s) return null;
  const unknownApprovals = await store.prisma.agentAction.count({ where: { sessionId, kind: "tool_call", approval: null } });
  return {
    kind: s.kind,
    timesApproximate: s.timesApproximate,
    ci: (s.ciContext as CiContext | null) ?? null,
    unknownApprovals,
    toolCalls: s.toolCalls,
  };
}
