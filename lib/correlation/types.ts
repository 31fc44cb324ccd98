import { z } from "zod";
import { AgentActionInput, AgentSessionInput } from "@/lib/model/agent";
import { NormalizedEvent } from "@/lib/model/cloudtrail-event";

/**
 * Inputs and outputs of correlation (pure: the DB layer loads these and stores the links).
 *
 * Data the DB layer loads per session (see `candidateEventWindow` in ./window.ts for the exact bounds):
 *  - the `agent_session` row (id, kind, external_id, mode, aws_identity, started_at, ended_at);
 *  - its `agent_action` rows ordered by seq (id::text, tool_call_id, kind, at, ended_at, tool, command,
 *    commands, approval columns folded back into `Approval`, input, text, is_error, exit_code);
 *  - the `cloudtrail_event` rows (without `raw`) with `event_time` in `candidateEventWindow(session)`
 *    (index `(event_time, id)`); optionally narrowed with `account_id = awsIdentity.accountId` when known.
 */

/** One agent action as correlation needs it. `id` is the DB id (bigint) as a string. */
export const CorrelationAction = AgentActionInput.pick({
  toolCallId: true,
  kind: true,
  at: true,
  endedAt: true,
  tool: true,
  command: true,
  commands: true,
  approval: true,
}).extend({
  id: z.string().min(1),
  /** Plan / prompt text (for scope findings); optional for tool calls. */
  text: z.string().nullable().optional(),
  /** Tool input (for structured AWS tools such as `use_aws {service_name, operation_name}`). */
  input: z.unknown().optional(),
  isError: z.boolean().optional(),
  exitCode: z.number().int().nullable().optional(),
});
export type CorrelationAction = z.infer<typeof CorrelationAction>;

/** One agent session as correlation needs it. `id` is the DB uuid; `externalId` the agent's own id. */
export const CorrelationSession = AgentSessionInput.pick({
  kind: true,
  externalId: true,
  mode: true,
  awsIdentity: true,
  startedAt: true,
  endedAt: true,
  timesApproximate: true,
}).extend({
  id: z.string().min(1),
  actions: z.array(CorrelationAction),
});
export type CorrelationSession = z.infer<typeof CorrelationSession>;

/** A CloudTrail event as correlation and reconstruction need it: the normalized event without `raw`. */
export const CorrelationEvent = NormalizedEvent.omit({ raw: true });
export type CorrelationEvent = z.infer<typeof CorrelationEvent>;

export const LinkConfidence = z.enum(["high", "medium", "low"]);
export type LinkConfidence = z.infer<typeof LinkConfidence>;

export const CONFIDENCE_RANK: Record<LinkConfidence, number> = { low: 0, medium: 1, high: 2 };

/** Evidence that an agent action (or, with `actionId: null`, the session as a whole) caused a CloudTrail event. */
export const EventLink = z.object({
  sessionId: z.string(),
  actionId: z.string().nullable(),
  eventId: z.string(),
  confidence: LinkConfidence,
  evidence: z.array(z.string()),
});
export type EventLink = z.infer<typeof EventLink>;
