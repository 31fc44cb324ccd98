import { z } from "zod";
import { type CorrelationEvent, CorrelationSession, type EventLink } from "@/lib/correlation/types";
import type { BlockedAttempt, IncidentDetail } from "./report-schema";

/** A session as reconstruction needs it: the correlation session plus its approval policy text. */
export const IncidentSession = CorrelationSession.extend({
  approvalPolicy: z.string().nullable().optional(),
});
export type IncidentSession = z.infer<typeof IncidentSession>;

/** Everything reconstruction reads; see queries.ts for the exact DB queries that fill it. */
export interface ReconstructionInput {
  /** Agent sessions with links (prompt/plan actions included: they carry the stated scope). */
  sessions: readonly IncidentSession[];
  /** Links of those sessions, plus any link whose event is in `events` (so other agents' calls are never "human"). */
  links: readonly EventLink[];
  /** Linked events ∪ following events (duplicates by eventId are fine). */
  events: readonly CorrelationEvent[];
}

export interface ReconstructionResult {
  /** Incidents keyed by trigger CloudTrail eventId, in trigger-time order. */
  incidents: Map<string, IncidentDetail>;
  /** Failed destructive attempts per session DB id (also for sessions without an incident). */
  blockedAttempts: Map<string, BlockedAttempt[]>;
}

/** How long after the trigger reconstruction looks for impact, detection, mitigation and recovery. */
export const RECONSTRUCTION_HORIZON_MS = 7 * 24 * 3_600_000;
