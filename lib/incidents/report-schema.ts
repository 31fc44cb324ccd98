import { z } from "zod";

/** ISO-8601 UTC timestamp, e.g. `2025-12-08T02:14:07.000Z`. */
export const IsoTime = z.iso.datetime();

export const IncidentStatus = z.enum(["open", "resolved"]);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

const ReportTrigger = z.object({
  eventId: z.string(),
  eventSource: z.string(),
  eventName: z.string(),
  eventTime: IsoTime,
  principalArn: z.string().nullable(),
  resources: z.array(z.string()),
});

/**
 * The stable public contract `npx aftermath incidents --json` prints, one object per incident.
 * `trigger.eventId` / `destructiveEventIds` / `recovery.eventId` are CloudTrail eventIDs;
 * `agent.sessionId` / `agent.toolCallId` are the ids in the agent's own log. Exactly these fields (strict).
 */
export const IncidentReport = z
  .object({
    id: z.string(),
    title: z.string(),
    status: IncidentStatus,
    startedAt: IsoTime,
    endedAt: IsoTime.nullable(),
    durationMinutes: z.number().nonnegative().nullable(),
    trigger: ReportTrigger.strict(),
    agent: z
      .object({ kind: z.string(), sessionId: z.string(), toolCallId: z.string().nullable(), command: z.string().nullable() })
      .strict(),
    approval: z.object({ recorded: z.boolean(), mode: z.string().nullable() }).strict(),
    privilege: z.object({ principalArn: z.string().nullable(), inheritedHumanSession: z.boolean(), human: z.string().nullable() }).strict(),
    destructiveEventIds: z.array(z.string()),
    affectedResources: z.array(z.string()),
    recovery: z.object({ eventId: z.string(), eventTime: IsoTime }).strict().nullable(),
    /** destroyed resources nobody recreated (recovery, if any, was partial) */
    notRecreated: z.array(z.string()),
    /** false: the last reconstruction no longer derives it; kept because people wrote about it (reason given) */
    reproduced: z.boolean(),
    notReproducedReason: z.string().nullable(),
  })
  .strict();
export type IncidentReport = z.infer<typeof IncidentReport>;

export const LinkConfidenceLevel = z.enum(["high", "medium", "low"]);

export const DestructiveEventSummary = z.object({
  eventId: z.string(),
  eventTime: IsoTime,
  eventSource: z.string(),
  eventName: z.string(),
  principalArn: z.string().nullable(),
  resources: z.array(z.string()),
  /** DB id of the linked agent action (null: session-level link). */
  actionId: z.string().nullable(),
  toolCallId: z.string().nullable(),
  linkConfidence: LinkConfidenceLevel,
  /** Made by CloudFormation on the agent principal's behalf (stack cascade). */
  cloudFormationInvoked: z.boolean(),
});
export type DestructiveEventSummary = z.infer<typeof DestructiveEventSummary>;

export const BlastRadiusEntry = z.object({
  /** The identifier as CloudTrail gave it (ARN preferred). */
  resource: z.string(),
  service: z.string(),
  name: z.string(),
  /** Comparison key `account|region|service|name` (see resource-keys.ts). */
  key: z.string(),
  destroyedAt: IsoTime,
  destroyedByEventId: z.string(),
  destroyedByEventName: z.string(),
  /** Stack whose deletion removed it, when CloudFormation did. */
  stack: z.string().nullable(),
  recreatedAt: IsoTime.nullable(),
  recreatedByEventId: z.string().nullable(),
  recreatedByEventName: z.string().nullable(),
  recreatedBy: z.string().nullable(),
  /** same-identifier: a call recreated the same name/id; stack-replacement: CloudFormation created a same-kind replacement while recreating the stack. */
  recreateMatch: z.enum(["same-identifier", "stack-replacement"]).nullable(),
});
export type BlastRadiusEntry = z.infer<typeof BlastRadiusEntry>;

export const BlockedAttempt = z.object({
  sessionId: z.string(),
  eventId: z.string(),
  eventTime: IsoTime,
  eventSource: z.string(),
  eventName: z.string(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  resources: z.array(z.string()),
  actionId: z.string().nullable(),
  toolCallId: z.string().nullable(),
  command: z.string().nullable(),
  evidence: z.array(z.string()),
});
export type BlockedAttempt = z.infer<typeof BlockedAttempt>;

export const FindingKind = z.enum(["approval-gap", "inherited-privilege", "out-of-scope"]);
export const Finding = z.object({
  kind: FindingKind,
  severity: z.enum(["high", "medium", "low"]),
  title: z.string(),
  evidence: z.array(z.string()),
  eventIds: z.array(z.string()),
});
export type Finding = z.infer<typeof Finding>;

export const PhaseName = z.enum(["trigger", "first_impact", "detection", "mitigation", "recovery"]);
export type PhaseName = z.infer<typeof PhaseName>;
export const Phase = z.object({
  phase: PhaseName,
  at: IsoTime,
  eventId: z.string().nullable(),
  principalArn: z.string().nullable(),
  evidence: z.array(z.string()),
});
export type Phase = z.infer<typeof Phase>;

/** The full reconstruction: stored in `incident.detail`, read by the UI. Times are ISO-8601 UTC. */
export const IncidentDetail = z.object({
  schemaVersion: z.literal(1),
  /** `<agent kind>:<session external id>#<episode>` (identity.ts); absent in rows stored before episodes */
  naturalKey: z.string().optional(),
  episode: z.number().int().positive().optional(),
  triggerEventId: z.string(),
  title: z.string(),
  status: IncidentStatus,
  startedAt: IsoTime,
  endedAt: IsoTime.nullable(),
  durationMinutes: z.number().nonnegative().nullable(),
  accountId: z.string().nullable(),
  region: z.string().nullable(),
  trigger: ReportTrigger.extend({
    actionId: z.string().nullable(),
    linkConfidence: LinkConfidenceLevel,
    linkEvidence: z.array(z.string()),
  }),
  agent: z.object({
    kind: z.string(),
    /** The agent's own session id (externalId). */
    sessionId: z.string(),
    /** The DB id of the agent_session row. */
    sessionDbId: z.string(),
    toolCallId: z.string().nullable(),
    actionId: z.string().nullable(),
    command: z.string().nullable(),
    mode: z.string().nullable(),
  }),
  approval: z.object({
    recorded: z.boolean(),
    mode: z.string().nullable(),
    decision: z.enum(["approved", "rejected"]).nullable(),
    source: z.string().nullable(),
    approver: z.string().nullable(),
    evidence: z.array(z.string()),
  }),
  privilege: z.object({
    principalArn: z.string().nullable(),
    roleArn: z.string().nullable(),
    inheritedHumanSession: z.boolean(),
    human: z.string().nullable(),
    ssoSession: z.boolean(),
    adminRole: z.boolean(),
    evidence: z.array(z.string()),
  }),
  destructiveEvents: z.array(DestructiveEventSummary),
  destructiveEventIds: z.array(z.string()),
  affectedResources: z.array(z.string()),
  blastRadius: z.array(BlastRadiusEntry),
  blockedAttempts: z.array(BlockedAttempt),
  findings: z.array(Finding),
  phases: z.array(Phase),
  recovery: z
    .object({
      eventId: z.string(),
      eventTime: IsoTime,
      principalArn: z.string().nullable(),
      /** some destroyed resources were never recreated (listed in notRecreated) */
      partial: z.boolean().optional(),
      notRecreated: z.array(z.string()).optional(),
    })
    .nullable(),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

/** The CLI / API contract for one incident (`id` = the incident row's id). Pure. */
export function toIncidentReport(
  detail: IncidentDetail,
  id: string,
  stored: { reproduced: boolean; notReproducedReason: string | null } = { reproduced: true, notReproducedReason: null },
): IncidentReport {
  const t = detail.trigger;
  return {
    id,
    title: detail.title,
    status: detail.status,
    startedAt: detail.startedAt,
    endedAt: detail.endedAt,
    durationMinutes: detail.durationMinutes,
    trigger: {
      eventId: t.eventId,
      eventSource: t.eventSource,
      eventName: t.eventName,
      eventTime: t.eventTime,
      principalArn: t.principalArn,
      resources: [...t.resources],
    },
    agent: {
      kind: detail.agent.kind,
      sessionId: detail.agent.sessionId,
      toolCallId: detail.agent.toolCallId,
      command: detail.agent.command,
    },
    approval: { recorded: detail.approval.recorded, mode: detail.approval.mode },
    privilege: {
      principalArn: detail.privilege.principalArn,
      inheritedHumanSession: detail.privilege.inheritedHumanSession,
      human: detail.privilege.human,
    },
    destructiveEventIds: [...detail.destructiveEventIds],
    affectedResources: [...detail.affectedResources],
    recovery: detail.recovery ? { eventId: detail.recovery.eventId, eventTime: detail.recovery.eventTime } : null,
    notRecreated: detail.blastRadius.filter((b) => b.recreatedAt === null).map((b) => b.resource),
    reproduced: stored.reproduced,
    notReproducedReason: stored.notReproducedReason,
  };
}
