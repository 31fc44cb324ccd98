import type { AgentActionInput, AgentSessionInput } from "@/lib/model/agent";
import type { CorrelationSession } from "./types";

/**
 * A parsed session (before it has DB ids) as correlation / reconstruction input. `actionId` names each action
 * (default: its key, unique within the session); the DB layer passes the row ids instead.
 */
export function sessionFromInput(
  input: AgentSessionInput,
  id: string,
  actionId: (a: AgentActionInput, index: number) => string = (a) => a.key,
): CorrelationSession & { approvalPolicy: string | null } {
  return {
    id,
    kind: input.kind,
    externalId: input.externalId,
    mode: input.mode,
    approvalPolicy: input.approvalPolicy,
    awsIdentity: input.awsIdentity,
    startedAt: input.startedAt,
    endedAt: input.endedAt,
    timesApproximate: input.timesApproximate ?? null,
    actions: input.actions.map((a, i) => ({
      id: actionId(a, i),
      toolCallId: a.toolCallId,
      kind: a.kind,
      at: a.at,
      endedAt: a.endedAt,
      tool: a.tool,
      command: a.command,
      commands: a.commands,
      approval: a.approval,
      text: a.text,
      input: a.input,
      isError: a.isError,
      exitCode: a.exitCode,
    })),
  };
}
