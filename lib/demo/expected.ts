import { API_FN, DEMO_ACCOUNT, DEMO_REGION, ENGINEER, FORECAST_FN, LAMBDA_ROLE, ONCALL, REST_API_ID, STACK, TABLE } from "./actors";
import { BLOCKED_EVENT_ID, DELETE_COMMAND, SESSION, TRIGGER_EVENT_ID, TRIGGER_TOOL_CALL_ID } from "./agent-steps";
import { RECOVERY_EVENT_ID, UNRELATED_DELETE_EVENT_IDS } from "./story";

/**
 * What reconstructing the demo must find (for tests and the first-start smoke check).
 *
 * Story (2025-12-09, UTC; cn-north-1, account 417382950164): a Kiro agent in autopilot, asked to fix stale cost
 * forecasts, runs on chen.wei@example.com's inherited AWSReservedSSO_AdministratorAccess session with no approval
 * configured. Its spec limits it to the forecast Lambda; after a few reads it decides to "delete and recreate" the
 * customer-facing stack: `aws cloudformation delete-stack` at 02:14:07. CloudFormation deletes the API, both
 * functions, the role and the usage table on its behalf; its create-stack fails twice; an SCP blocks its attempt to
 * delete the reporting DB. Canary and ingest calls fail from 02:15:20; the on-call (liu.yang@example.com) looks in the
 * console at 02:42, tries to recreate at 03:18 and 05:36 (both fail) and succeeds at 15:12:50; CloudFormation's last
 * recreate (the REST API, new id) lands at 15:14:07 — 13 hours after the trigger. Unrelated deletes by another
 * engineer the same day are not the agent's.
 */
export const DEMO_EXPECTED = {
  accountId: DEMO_ACCOUNT,
  region: DEMO_REGION,
  agentKind: "kiro",
  sessionExternalId: SESSION.id,
  mode: "autopilot",
  triggerEventId: TRIGGER_EVENT_ID,
  triggerEventName: "DeleteStack",
  triggerToolCallId: TRIGGER_TOOL_CALL_ID,
  triggerCommand: DELETE_COMMAND,
  startedAt: "2025-12-09T02:14:07.000Z",
  endedAt: "2025-12-09T15:14:07.000Z",
  durationMinutes: 780,
  recoveryEventId: RECOVERY_EVENT_ID,
  principalArn: `arn:aws-cn:sts::${DEMO_ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_5c7e2a91d3f04b68/${ENGINEER}`,
  human: ENGINEER,
  oncall: ONCALL,
  approvalRecorded: false,
  inheritedHumanSession: true,
  blockedEventId: BLOCKED_EVENT_ID,
  unrelatedDeleteEventIds: UNRELATED_DELETE_EVENT_IDS,
  /** Destroyed resources by name (the blast radius). */
  destroyedNames: [STACK, API_FN, FORECAST_FN, TABLE, LAMBDA_ROLE, REST_API_ID],
  phases: {
    firstImpact: "2025-12-09T02:15:20.000Z",
    detection: "2025-12-09T02:42:03.000Z",
    mitigation: "2025-12-09T03:18:44.000Z",
    recovery: "2025-12-09T15:14:07.000Z",
  },
} as const;
