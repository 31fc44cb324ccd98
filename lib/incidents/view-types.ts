import type { PhaseView } from "./phase-edits";
import type { IncidentDetail } from "./report-schema";

/** Serializable shapes the incident pages render. Times are ISO instants. */

export interface IncidentRow {
  id: string;
  status: string;
  title: string;
  startedAt: string;
  endedAt: string | null;
  durationMinutes: number | null;
  accountId: string | null;
  region: string | null;
  principalArn: string | null;
  agentKind: string | null;
  mode: string | null;
  sessionId: string | null;
  /** the person whose session or credentials the agent used */
  human: string | null;
  inheritedHumanSession: boolean | null;
  approvalRecorded: boolean | null;
  destructive: number;
  resources: number;
  /** destructive calls of the same session that a guardrail denied */
  blocked: number;
}

export interface IncidentPage {
  rows: IncidentRow[];
  total: number;
}

export interface BlockedSessionRow {
  sessionId: string;
  kind: string;
  externalId: string;
  user: string | null;
  mode: string | null;
  blocked: number;
  firstAt: string;
  lastAt: string;
  /** e.g. "DeleteDBInstance (AccessDenied)" of the first few */
  calls: string[];
  incidents: number;
}

export interface IncidentSessionRef {
  id: string;
  kind: string;
  externalId: string;
  mode: string | null;
  approvalPolicy: string | null;
  user: string | null;
  host: string | null;
  startedAt: string | null;
  endedAt: string | null;
}

export interface IncidentView {
  id: string;
  status: string;
  title: string;
  startedAt: string;
  endedAt: string | null;
  durationMinutes: number | null;
  accountId: string | null;
  region: string | null;
  principalArn: string | null;
  triggerEventId: string;
  updatedAt: string;
  /** the stored reconstruction; null when it does not match the current schema (see detailError) */
  detail: IncidentDetail | null;
  detailError: string | null;
  /** false: the last reconstruction no longer derives it (kept because people wrote about it) */
  reproduced: boolean;
  notReproducedReason: string | null;
  session: IncidentSessionRef | null;
  /** the agent step that ran the trigger command */
  triggerAction: { id: string; seq: number; at: string; command: string | null; tool: string | null } | null;
  phases: PhaseView[];
}
